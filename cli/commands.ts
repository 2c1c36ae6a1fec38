/**
 * The commands by name. Each is loaded only when run: `conf` must start
 * fast and must not load modules that touch process.stdin (that makes
 * standard input non-blocking, which the stdin spool's `cat` cannot read),
 * and `list` or `--version` should not pay for the engine.
 */
import type { Command } from '../workspace/src/index.js';

export type CommandModule = { command: Command };

export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  apply: () => import('../resolver/src/commands/apply.js'),
  olddefconfig: () => import('../workspace/src/commands/olddefconfig.js'),
  savedefconfig: () => import('../workspace/src/commands/savedefconfig.js'),
  why: () => import('../resolver/src/commands/why.js'),
  enable: () => import('../resolver/src/commands/enable.js'),
  disable: () => import('../resolver/src/commands/disable.js'),
  menu: () => import('../ui/src/commands/menu.js'),
  build: () => import('../buildgen/src/commands/build.js'),
  run: () => import('../buildgen/src/commands/run.js'),
  pkg: () => import('../buildgen/src/commands/pkg.js'),
  clean: () => import('../buildgen/src/commands/clean.js'),
  distclean: () => import('../buildgen/src/commands/distclean.js'),
  init: () => import('../buildgen/src/commands/init.js'),
  list: () => import('../buildgen/src/commands/list.js'),
  lint: () => import('../buildgen/src/commands/lint.js'),
  report: () => import('../buildgen/src/commands/report.js'),
  help: () => import('./help.js'),
  completion: () => import('./completion.js'),
};

/** The engine's own program, Linux's conf: its command line is conf's, untouched. */
export const CONF_SUMMARY = 'drop-in for Linux 6.1 scripts/kconfig/conf (its own options: ukconfig conf --help)';

export function commandModule(name: string): (() => Promise<CommandModule>) | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/** Every command with its description, in the table's order. */
export async function allCommands(): Promise<[string, Command][]> {
  return Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => [name, (await load()).command] as [string, Command]));
}
