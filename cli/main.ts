/**
 * `ukconfig`: one entry point, one subcommand per task. Each command lives
 * in the part of the project whose work it does (`<part>/src/commands/`,
 * in the shape of workspace/src/command.ts); this file only dispatches, and
 * does what every command shares: the global options, -C, and reporting
 * usage errors and failures.
 */
import { commandFirst, CommandFailure, takeGlobals, UsageError, Workspace, type Command } from '../workspace/src/index.js';

// Commands are loaded only when run: `conf` must start fast and must not load
// modules that touch process.stdin (that makes standard input non-blocking,
// which the stdin spool's `cat` cannot read).
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  apply: () => import('../resolver/src/commands/apply.js'),
  why: () => import('../resolver/src/commands/why.js'),
  enable: () => import('../resolver/src/commands/enable.js'),
  disable: () => import('../resolver/src/commands/disable.js'),
  menu: () => import('../ui/src/commands/menu.js'),
  build: () => import('../buildgen/src/commands/build.js'),
  run: () => import('../buildgen/src/commands/run.js'),
  init: () => import('../buildgen/src/commands/init.js'),
  list: () => import('../buildgen/src/commands/list.js'),
  lint: () => import('../buildgen/src/commands/lint.js'),
};

/** The engine's own program, Linux's conf: its command line is conf's, untouched. */
const CONF_SUMMARY = 'drop-in for Linux 6.1 scripts/kconfig/conf';

async function help(): Promise<string> {
  const summaries: [string, string][] = [['conf', CONF_SUMMARY]];
  for (const [name, load] of Object.entries(COMMANDS)) summaries.push([name, (await load()).command.summary]);
  const width = Math.max(...summaries.map(([name]) => name.length));
  const lines = summaries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: ukconfig <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** -C DIR: the rest runs as if started in DIR (relative file names included). */
function enterDir(dir: string): void {
  try {
    process.chdir(dir);
  } catch {
    throw new UsageError(`cannot work in ${dir}: no such directory`, { usage: false });
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = commandFirst(argv);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await help());
    return name ? 0 : 2;
  }
  if (name === 'conf') {
    const { confProgram } = await import('kconfig-parser-ts/conf');
    return confProgram(rest);
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`ukconfig: unknown command '${name}'\n\n${await help()}`);
    return 2;
  }
  let command: Command | null = null;
  try {
    const { globals, rest: args } = takeGlobals(rest);
    if (globals.dir !== null) enterDir(globals.dir);
    command = (await load()).command;
    return await command.run(args, new Workspace(globals));
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = command && e.showUsage ? `usage: ${command.usage}` : '';
      process.stderr.write(e.message ? `ukconfig ${name}: ${e.message}\n${usage && `${usage}\n`}` : `ukconfig ${name}: ${usage}\n`);
      return 2;
    }
    if (e instanceof CommandFailure) {
      process.stderr.write(`ukconfig ${name}: ${e.message}\n`);
      return e.status;
    }
    throw e;
  }
}
