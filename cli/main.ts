/**
 * `ukconfig`: one entry point, one subcommand per task. Each command lives
 * in the part of the project whose work it does (`<part>/src/commands/`,
 * in the shape of workspace/src/command.ts; the table is cli/commands.ts);
 * this file only dispatches, and does what every command shares: the
 * global options, -C, --help, --json refusals, and reporting usage errors
 * and failures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  commandFirst,
  CommandFailure,
  helpText,
  parseCommandLine,
  projectPaths,
  takeGlobals,
  TreeLoadError,
  UsageError,
  usageLine,
  wantsHelp,
  Workspace,
  type Command,
} from '../workspace/src/index.js';
import { commandModule } from './commands.js';

/** -C DIR: the rest runs as if started in DIR (relative file names included). */
function enterDir(dir: string): void {
  try {
    process.chdir(dir);
  } catch {
    throw new UsageError(`cannot work in ${dir}: no such directory`, { usage: false });
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(projectPaths().root, 'package.json'), 'utf8')) as { version: string };
  return `ukconfig ${pkg.version}\n`;
}

export async function main(argv: string[]): Promise<number> {
  // `ukconfig list | head`: a reader that stops early is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  const [name, ...rest] = commandFirst(argv);
  if (name === '--version') {
    process.stdout.write(version());
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    const { overview } = await import('./help.js');
    (name ? process.stdout : process.stderr).write(await overview());
    return name ? 0 : 2;
  }
  if (name === 'conf') {
    const { confProgram } = await import('kconfig-parser-ts/conf');
    return confProgram(rest);
  }
  const load = commandModule(name);
  if (!load) {
    process.stderr.write(`ukconfig: unknown command '${name}' (ukconfig help lists them)\n`);
    return 2;
  }
  let command: Command | null = null;
  try {
    const { globals, rest: args } = takeGlobals(rest);
    command = (await load()).command;
    if (wantsHelp(args)) {
      process.stdout.write(helpText(name, command));
      return 0;
    }
    if (globals.json && command.noJson !== undefined) throw new UsageError(`--json: not for ${name}: ${command.noJson}`, { usage: false });
    const parsed = parseCommandLine(command, args);
    if (globals.dir !== null) enterDir(globals.dir);
    return await command.run(parsed, new Workspace(globals));
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = command && e.showUsage ? `usage: ${usageLine(name, command)}` : '';
      process.stderr.write(e.message ? `ukconfig ${name}: ${e.message}\n${usage && `${usage}\n`}` : `ukconfig ${name}: ${usage}\n`);
      return 2;
    }
    if (e instanceof CommandFailure) {
      process.stderr.write(`ukconfig ${name}: ${e.message}\n`);
      return e.status;
    }
    if (e instanceof TreeLoadError) {
      // The engine's messages say what is wrong; printed already unless they were kept.
      if (!e.printed) process.stderr.write(e.messages || e.fatal.text);
      return 1;
    }
    throw e;
  }
}
