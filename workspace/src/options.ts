/**
 * The options every command accepts, anywhere on its command line before a
 * `--`: `-C DIR` / `--app DIR` (work in DIR, as make -C and git -C do: an
 * application folder there selects the pools tree), `--kconfig FILE` (the
 * root Kconfig), `--config FILE` (the configuration; default
 * $KCONFIG_CONFIG, else .config), `--json` (machine-readable output).
 */
import type { OptionSpec } from './command.js';
import { UsageError } from './errors.js';

export interface GlobalOptions {
  kconfig: string | null;
  config: string;
  json: boolean;
  /** Directory to work in (-C/--app), null for the current one. */
  dir: string | null;
}

/** The global options a command may say it uses (every command takes --json or refuses it). */
export type GlobalName = 'dir' | 'kconfig' | 'config';

/** The global options described once: for takeGlobals, usage lines, --help and completion. */
export const GLOBAL_OPTIONS: Record<GlobalName | 'json', OptionSpec> = {
  dir: { name: '-C', aliases: ['--app'], value: 'DIR', complete: 'dir', help: 'work in DIR (an application folder, or a Kconfig tree) as if started there' },
  kconfig: { name: '--kconfig', value: 'FILE', complete: 'file', help: 'the root Kconfig file (default: the pools tree in an application folder, else ./Kconfig)' },
  config: { name: '--config', value: 'FILE', complete: 'file', help: 'the configuration file (default: $KCONFIG_CONFIG, else .config)' },
  json: { name: '--json', help: 'machine-readable output on standard output' },
};

const names = (o: OptionSpec) => [o.name, ...(o.aliases ?? [])];
const BY_NAME = new Map(Object.entries(GLOBAL_OPTIONS).flatMap(([key, o]) => names(o).map((n) => [n, key as GlobalName | 'json'] as const)));

/** Removes the global options from `args`; returns them with the rest. */
export function takeGlobals(args: string[], env: NodeJS.ProcessEnv = process.env): { globals: GlobalOptions; rest: string[] } {
  const globals: GlobalOptions = { kconfig: null, config: env.KCONFIG_CONFIG || '.config', json: false, dir: null };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // What follows `--` belongs to the command (e.g. the guest's arguments of `run`).
    if (a === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [name, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, null];
    const key = BY_NAME.get(name);
    if (key === undefined) {
      rest.push(a);
      continue;
    }
    if (key === 'json') {
      if (inline !== null) throw new UsageError('--json takes no value', { usage: false });
      globals.json = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') {
      throw new UsageError(`${name} needs ${key === 'dir' ? 'a directory' : 'a file name'}`, { usage: false });
    }
    if (key === 'dir') globals.dir = value;
    else globals[key] = value;
  }
  return { globals, rest };
}

/** Global options may come before the command (`ukconfig -C DIR build`): the command name first, then the rest. */
export function commandFirst(argv: string[]): string[] {
  let i = 0;
  for (;;) {
    const a = argv[i];
    if (a === undefined) break;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const key = BY_NAME.get(eq > 0 ? a.slice(0, eq) : a);
    if (key === undefined) break;
    i += key === 'json' || eq > 0 ? 1 : 2;
  }
  return i === 0 || i >= argv.length ? argv : [argv[i], ...argv.slice(0, i), ...argv.slice(i + 1)];
}
