/**
 * Which Kconfig tree a command works on, and loading it the same way for
 * every command: --kconfig FILE; else the pools tree when the current
 * directory is an application folder (Config.uk and library.uk); else
 * ./Kconfig, a plain tree or the top of a Kbuild source tree (Linux,
 * U-Boot). `-C DIR` has already made DIR current.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Kconfig, Output } from 'kconfig-parser-ts';
import { UsageError } from './errors.js';
import type { GlobalOptions } from './options.js';
import { isKbuildTree, kbuildEnvLater } from './kbuild.js';
import { isAppDir, projectPaths } from './project.js';

/**
 * - `app`: the pools with the application folder's options (`-C DIR` or the current folder).
 * - `kbuild`: the top of a Kbuild source tree (Linux, U-Boot: its Makefile
 *   and scripts/Kconfig.include). Its macros read what `make` exports
 *   (srctree, ARCH, CC, ...): kbuild.ts sets them up as `make menuconfig` does.
 * - `pools`: the pools alone, without an application (commands about the
 *   libraries themselves, outside an application folder).
 * - `kconfig`: any other tree (./Kconfig or --kconfig FILE), with the caller's environment.
 */
export type TreeKind = 'app' | 'pools' | 'kbuild' | 'kconfig';

export interface TreeChoice {
  kind: TreeKind;
  /** The root Kconfig file (relative names are relative to the current directory). */
  kconfig: string;
  env: NodeJS.ProcessEnv;
  /** kconfiglib's source extensions (rsource, osource, globs): on for our own trees. */
  extensions: boolean;
  /** The application folder (absolute) when the current directory is one. */
  app: string | null;
  /** Resolves once `env` is complete (a Kbuild tree's CC_VERSION_TEXT comes from running its compiler); openTree waits for it. */
  ready?: Promise<void>;
}

export interface ChooseOptions {
  /** Outside an application folder and without --kconfig, the pools tree (instead of ./Kconfig). */
  pools?: boolean;
}

export function chooseTree(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), opts: ChooseOptions = {}): TreeChoice {
  const app = isAppDir(cwd) ? resolve(cwd) : null;
  const treeEnv = app ? { ...env, UK_APP: ukAppValue(app) } : env;
  if (globals.kconfig) return { kind: 'kconfig', kconfig: globals.kconfig, env: treeEnv, extensions: true, app };
  if (app) return { kind: 'app', kconfig: projectPaths().poolsKconfig, env: treeEnv, extensions: true, app };
  if (opts.pools) {
    // No application: pools/Config.uk's orsource of $(UK_APP)/Config.uk finds nothing.
    const { UK_APP: _unused, ...rest } = env;
    return { kind: 'pools', kconfig: projectPaths().poolsKconfig, env: rest, extensions: true, app: null };
  }
  if (isKbuildTree(cwd)) {
    // The compiler's version query runs while the command goes on to load the engine.
    const { env: kbuild, ready } = kbuildEnvLater(cwd, env, globals.config);
    return { kind: 'kbuild', kconfig: 'Kconfig', env: kbuild, extensions: true, app: null, ready };
  }
  if (existsSync(join(cwd, 'Kconfig'))) return { kind: 'kconfig', kconfig: 'Kconfig', env, extensions: true, app: null };
  throw new UsageError('no Kconfig tree here: give --kconfig FILE, or -C DIR for an application folder', { usage: false });
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

export interface OpenOptions {
  /** Recompute only what a change touches (interactive front ends); conf recomputes everything. */
  incremental?: boolean;
  /** Called when the load waits for a cached tree's probes (see loadKconfigAsync). */
  whileProbesRun?: () => void;
}

/** Loads the chosen tree; `output` receives the engine's messages. KconfigFatal when it cannot be loaded. */
export async function openTree(choice: TreeChoice, output?: Output, opts: OpenOptions = {}): Promise<Kconfig> {
  // Loaded here, not at the top: commands that never open a tree (list, help, --version) start without the engine.
  const { loadKconfigAsync, RecordedShell } = await import('kconfig-parser-ts');
  await choice.ready;
  // KSHELL_CACHE replays recorded $(shell) output, as in conf mode.
  const shell = choice.env.KSHELL_CACHE ? new RecordedShell(choice.env.KSHELL_CACHE, choice.env) : undefined;
  return loadKconfigAsync(choice.kconfig, { env: choice.env, extensions: choice.extensions, output, shell, incremental: opts.incremental, whileProbesRun: opts.whileProbesRun });
}
