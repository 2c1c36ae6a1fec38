/**
 * Which Kconfig tree a command works on: --kconfig, else the pools tree
 * when the current directory is an application folder (Config.uk and
 * library.uk), else ./Kconfig. `-C DIR` has already made DIR current.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadKconfigAsync, RecordedShell, type Kconfig, type Output } from 'kconfig-parser-ts';
import { isAppDir, projectPaths } from '../buildgen/src/paths.js';
import { UsageError, type GlobalOptions } from './globals.js';

export interface TreeChoice {
  kconfig: string;
  env: NodeJS.ProcessEnv;
  /** kconfiglib's source extensions (rsource, osource, globs): on for our own trees. */
  extensions: boolean;
  /** The application folder (absolute) when the current directory is one. */
  app: string | null;
}

export function chooseTree(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TreeChoice {
  const app = isAppDir(cwd) ? resolve(cwd) : null;
  const treeEnv = app ? { ...env, UK_APP: ukAppValue(app) } : env;
  if (globals.kconfig) return { kconfig: globals.kconfig, env: treeEnv, extensions: true, app };
  if (app) return { kconfig: projectPaths().poolsKconfig, env: treeEnv, extensions: true, app };
  if (existsSync('Kconfig')) return { kconfig: 'Kconfig', env, extensions: true, app: null };
  throw new UsageError('no Kconfig tree here: give --kconfig FILE, or -C DIR for an application folder');
}

/**
 * pools/Config.uk includes `orsource "$(UK_APP)/Config.uk"`. The engine
 * joins an rsource path to the including folder even when it is absolute
 * (kconfiglib keeps absolute paths), so UK_APP is given relative to pools/,
 * which both read the same way.
 */
function ukAppValue(app: string): string {
  return relative(projectPaths().pools, app) || '.';
}

export async function openTree(choice: TreeChoice, output?: Output): Promise<Kconfig> {
  // KSHELL_CACHE replays recorded $(shell) output, as in conf mode.
  const shell = choice.env.KSHELL_CACHE ? new RecordedShell(choice.env.KSHELL_CACHE, choice.env) : undefined;
  return loadKconfigAsync(choice.kconfig, { env: choice.env, extensions: choice.extensions, output, shell });
}
