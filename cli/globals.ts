/**
 * Options every subcommand except `conf` accepts, anywhere on the command
 * line: `--kconfig FILE` (the root Kconfig) and `--config FILE` (the
 * configuration, default $KCONFIG_CONFIG or .config).
 */
export interface GlobalOptions {
  kconfig: string | null;
  config: string;
  json: boolean;
}

export class UsageError extends Error {}

/** Removes the global options from `args`; returns them with the rest. */
export function takeGlobals(args: string[], env: NodeJS.ProcessEnv = process.env): { globals: GlobalOptions; rest: string[] } {
  const globals: GlobalOptions = { kconfig: null, config: env.KCONFIG_CONFIG || '.config', json: false };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
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
