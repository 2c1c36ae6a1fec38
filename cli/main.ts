/**
 * `ukconfig`: one entry point, one subcommand per task. Each subcommand lives
 * with the part of the project it belongs to; this file only dispatches.
 */
import { confMain } from 'kconfig-parser-ts';
import { applyCommand } from './apply.js';
import { takeGlobals, UsageError, type GlobalOptions } from './globals.js';

type Command = (args: string[], globals: GlobalOptions) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string; raw?: boolean }> = {
  conf: { run: (a) => confMain(a, 'conf'), summary: 'drop-in for Linux 6.1 scripts/kconfig/conf', raw: true },
  apply: { run: applyCommand, summary: 'configure from a defconfig and fragments, report values that did not take' },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: ukconfig <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    process.stderr.write(`ukconfig: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (cmd.raw) return cmd.run(rest, takeGlobals([]).globals);
  try {
    const { globals, rest: args } = takeGlobals(rest);
    return await cmd.run(args, globals);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ukconfig ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
