/**
 * `ukconfig`: one entry point, one subcommand per task. Each subcommand lives
 * with the part of the project it belongs to; this file only dispatches.
 */
import { takeGlobals, UsageError, type GlobalOptions } from './globals.js';

type Command = (args: string[], globals: GlobalOptions) => Promise<number>;

// Commands are loaded only when run: `conf` must start fast and must not load
// modules that touch process.stdin (that makes standard input non-blocking,
// which the stdin spool's `cat` cannot read).
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string; raw?: boolean }> = {
  conf: {
    load: async () => {
      const { confProgram } = await import('kconfig-parser-ts/conf');
      return (a) => confProgram(a);
    },
    summary: 'drop-in for Linux 6.1 scripts/kconfig/conf',
    raw: true,
  },
  apply: {
    load: async () => (await import('./apply.js')).applyCommand,
    summary: 'configure from a defconfig and fragments, report values that did not take',
  },
  why: {
    load: async () => (await import('../resolver/src/cli/why.js')).whyCommand,
    summary: 'why a symbol has its value, and what keeps it from changing',
  },
  enable: {
    load: async () => (await import('../resolver/src/cli/enable.js')).enableCommand,
    summary: 'the fewest changes that give SYMBOL[=value] (default y); --apply makes them',
  },
  disable: {
    load: async () => (await import('../resolver/src/cli/enable.js')).disableCommand,
    summary: 'the fewest changes that turn SYMBOL off (selectors included); --apply makes them',
  },
  menu: {
    load: async () => (await import('../ui/src/menu-command.js')).menuCommand,
    summary: 'interactive configuration menu (needs a terminal)',
  },
  build: {
    load: async () => (await import('../buildgen/src/build-command.js')).buildCommand,
    summary: 'build one image per enabled platform into build/ (V=1: full command lines)',
  },
  run: {
    load: async () => (await import('../buildgen/src/run-command.js')).runCommand,
    summary: 'boot the built image (--plat, --arch); guest arguments after --; exits with its status',
  },
  init: {
    load: async () => (await import('../buildgen/src/init-command.js')).initCommand,
    summary: 'create a new application folder from the template',
  },
  list: {
    load: async () => (await import('../buildgen/src/list-command.js')).listCommand,
    summary: "the pools' libraries and what each is for",
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: ukconfig <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Global options may come before the command (`ukconfig -C DIR build`): move them after it. */
function commandFirst(argv: string[]): string[] {
  const withValue = new Set(['-C', '--app', '--kconfig', '--config']);
  let i = 0;
  while (i < argv.length && (withValue.has(argv[i]) || /^--(app|kconfig|config)=/.test(argv[i]) || argv[i] === '--json')) {
    i += withValue.has(argv[i]) ? 2 : 1;
  }
  return i === 0 || i >= argv.length ? argv : [argv[i], ...argv.slice(0, i), ...argv.slice(i + 1)];
}

/** -C DIR: the rest runs as if started in DIR (relative file names included). */
function enterDir(dir: string): void {
  try {
    process.chdir(dir);
  } catch {
    throw new UsageError(`cannot work in ${dir}: no such directory`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = commandFirst(argv);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    process.stderr.write(`ukconfig: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (cmd.raw) return (await cmd.load())(rest, takeGlobals([]).globals);
  try {
    const { globals, rest: args } = takeGlobals(rest);
    if (globals.dir !== null) enterDir(globals.dir);
    return await (await cmd.load())(args, globals);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ukconfig ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
