/**
 * Options every subcommand except `conf` accepts, anywhere on the command
 * line before a `--`: `--kconfig FILE` (the root Kconfig), `--config FILE`
 * (the configuration, default $KCONFIG_CONFIG or .config), `-C DIR` /
 * `--app DIR` (work in DIR, as make -C and git -C do: an application
 * folder there selects the pools tree).
 */
export interface GlobalOptions {
  kconfig: string | null;
  config: string;
  json: boolean;
  /** Directory to work in (-C/--app), null for the current one. */
  dir: string | null;
}

export class UsageError extends Error {}

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
      if (value === undefined || value === '') throw new UsageError(`${a.replace(/=.*/, '')} needs a directory`);
      globals.dir = value;
      continue;
    }
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    if (name === '--kconfig' || name === '--config') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a file name`);
      if (name === '--kconfig') globals.kconfig = value;
      else globals.config = value;
    } else if (a === '--json') globals.json = true;
    else rest.push(a);
  }
  return { globals, rest };
}
