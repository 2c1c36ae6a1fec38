/**
 * The options every command accepts, anywhere on its command line before a
 * `--`: `-C DIR` / `--app DIR` (work in DIR, as make -C and git -C do: an
 * application folder there selects the pools tree), `--kconfig FILE` (the
 * root Kconfig), `--config FILE` (the configuration; default
 * $KCONFIG_CONFIG, else .config), `--json` (machine-readable output).
 */
import { UsageError } from './errors.js';

export interface GlobalOptions {
  kconfig: string | null;
  config: string;
  json: boolean;
  /** Directory to work in (-C/--app), null for the current one. */
  dir: string | null;
}

const WITH_VALUE = new Set(['-C', '--app', '--kconfig', '--config']);

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
    if (a === '-C' || a === '--app' || a.startsWith('--app=')) {
      const value = a.startsWith('--app=') ? a.slice('--app='.length) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`${a.replace(/=.*/, '')} needs a directory`, { usage: false });
      globals.dir = value;
      continue;
    }
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    if (name === '--kconfig' || name === '--config') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a file name`, { usage: false });
      if (name === '--kconfig') globals.kconfig = value;
      else globals.config = value;
    } else if (a === '--json') globals.json = true;
    else rest.push(a);
  }
  return { globals, rest };
}

/** Global options may come before the command (`ukconfig -C DIR build`): the command name first, then the rest. */
export function commandFirst(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length && (WITH_VALUE.has(argv[i]) || /^--(app|kconfig|config)=/.test(argv[i]) || argv[i] === '--json')) {
    i += WITH_VALUE.has(argv[i]) ? 2 : 1;
  }
  return i === 0 || i >= argv.length ? argv : [argv[i], ...argv.slice(0, i), ...argv.slice(i + 1)];
}
