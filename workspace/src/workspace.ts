/**
 * What every command starts from: the folder it works in (after -C), the
 * application there if any, the tree to load, the configuration file and
 * the global options. Commands get one from the dispatcher and load the
 * tree through it, so that each finds the same tree and prints the
 * engine's messages the same way.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KconfigFatal, Kconfig, Output } from 'kconfig-parser-ts';
import { CommandFailure, UsageError } from './errors.js';
import type { GlobalOptions } from './options.js';
import { isAppDir, projectPaths } from './project.js';
import { chooseTree, openTree, type ChooseOptions, type TreeChoice, type TreeKind } from './tree.js';

/**
 * Where the engine's messages go, while the tree loads and afterwards:
 * - `print`: as conf prints them;
 * - `print-except-unmet`: the same without conf's unmet-dependency warnings
 *   (printed each time a value is recomputed; the command reports those
 *   itself, once, with what selects the symbol);
 * - `keep`: not printed; a failure to load carries them.
 */
export type EngineMessages = 'print' | 'print-except-unmet' | 'keep';

export interface LoadOptions {
  messages?: EngineMessages;
  /** Outside an application folder and without --kconfig, load the pools tree (see chooseTree). */
  pools?: boolean;
  /** Recompute only what a change touches (interactive front ends). */
  incremental?: boolean;
  /** Called when the load waits for a cached tree's probes: work that can run meanwhile (see loadKconfigAsync). */
  whileProbesRun?: () => void;
}

/**
 * The tree could not be loaded. Everything the engine said about it has
 * been printed already, except with `keep`: then it is in `messages`.
 */
export class TreeLoadError extends Error {
  constructor(
    readonly fatal: KconfigFatal,
    readonly messages: string,
    /** Everything has been printed already (messages other than `keep`). */
    readonly printed: boolean,
  ) {
    super(fatal.message);
  }
}

/**
 * The state of the configuration after `readConfig`: `fallback` when the
 * file does not exist and conf's KCONFIG_DEFCONFIG_LIST gave the values
 * (a Kbuild tree: arch/x86/configs/x86_64_defconfig, ...).
 */
export type ConfigRead = 'read' | 'fallback' | 'missing' | 'unreadable';

// Engine text is bytes (latin1): written back as bytes, as conf writes them.
const toStdout = (t: string) => void process.stdout.write(Buffer.from(t, 'latin1'));
const toStderr = (t: string) => void process.stderr.write(Buffer.from(t, 'latin1'));
const UNMET_WARNING = '\nWARNING: unmet direct dependencies';
// conf's pointer under a recursive dependency: a file of Linux's tree, of no use elsewhere.
const LINUX_CYCLE_DOC = 'For a resolution refer to Documentation/kbuild/kconfig-language.rst\nsubsection "Kconfig recursive dependency limitations"\n';

/** conf's pointer to Linux's documentation, in a tree other than Linux's: ours instead. */
function cycleDocFor(kind: TreeKind): (t: string) => string {
  if (kind === 'kbuild') return (t) => t;
  const ours = `For a resolution see ${join(projectPaths().root, 'docs', 'configuring.md')}, "Recursive dependencies"\n`;
  return (t) => t.replace(LINUX_CYCLE_DOC, ours);
}

export class Workspace {
  readonly globals: GlobalOptions;
  readonly env: NodeJS.ProcessEnv;
  /** The folder the command works in (absolute). */
  readonly dir: string;
  /** The application folder when `dir` is one. */
  readonly app: string | null;
  private choice: TreeChoice | null = null;

  constructor(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()) {
    this.globals = globals;
    this.env = env;
    this.dir = resolve(cwd);
    this.app = isAppDir(this.dir) ? this.dir : null;
  }

  /** The configuration file, as given (relative names are relative to `dir`). */
  get configFile(): string {
    return this.globals.config;
  }

  /** --json: machine-readable output. */
  get json(): boolean {
    return this.globals.json;
  }

  /** The tree the command works on; a usage error when there is none. */
  tree(opts: ChooseOptions = {}): TreeChoice {
    this.choice ??= chooseTree(this.globals, this.env, this.dir, opts);
    return this.choice;
  }

  /** The application folder; a usage error when `dir` is not one (for commands that build and run). */
  requireApp(): string {
    if (this.app === null) {
      throw new UsageError(`${this.dir} is not an application folder (Config.uk and library.uk): run in one or give -C DIR`, { usage: false });
    }
    return this.app;
  }

  /** Loads the tree (see EngineMessages); TreeLoadError when it cannot be loaded. */
  async load(opts: LoadOptions = {}): Promise<Kconfig> {
    const messages = opts.messages ?? 'print';
    let kept = '';
    // The first call decides the tree (kept for the command's later questions).
    const tree = this.tree({ pools: opts.pools });
    const doc = cycleDocFor(tree.kind);
    const stderr = (t: string) => toStderr(doc(t));
    // With --json, standard output is the command's report: conf's messages go to standard error.
    const output: Output =
      messages === 'keep'
        ? { stdout: () => {}, stderr: (t) => void (kept += doc(t)) }
        : { stdout: this.json ? toStderr : toStdout, stderr: messages === 'print' ? stderr : (t) => void (t.startsWith(UNMET_WARNING) || stderr(t)) };
    const { KconfigFatal } = await import('kconfig-parser-ts');
    try {
      return await openTree(tree, output, { incremental: opts.incremental, whileProbesRun: opts.whileProbesRun });
    } catch (e) {
      if (!(e instanceof KconfigFatal)) throw e;
      // The engine prints a failure through `output` when it loads the tree; one
      // that never reached it (thrown before) is printed here, once.
      if (messages !== 'keep' && !e.reported) stderr(e.text);
      throw new TreeLoadError(e, kept, messages !== 'keep');
    }
  }

  /** Writes the configuration file (atomically, keeping `.old`); a CommandFailure saying why when it cannot. */
  writeConfig(kc: Kconfig): void {
    if (!kc.writeConfig(this.configFile)) throw new CommandFailure(`cannot write ${this.configFile}: ${kc.writeError ?? 'unknown error'}`);
  }

  /**
   * Reads the configuration file into `kc` when there is one; else, in a
   * Kbuild tree, what conf falls back to (configSource says which file);
   * else the values stay the defaults.
   */
  readConfig(kc: Kconfig): ConfigRead {
    if (existsSync(resolve(this.dir, this.configFile))) return kc.readConfig(this.configFile) ? 'read' : 'unreadable';
    // In a Kbuild tree KCONFIG_CONFIG is the configuration file (kbuild.ts): conf's own read does the rest.
    if (this.tree().kind === 'kbuild' && kc.confData.defconfigListFile()) return kc.confData.read(null) ? 'fallback' : 'unreadable';
    return 'missing';
  }

  /** The file a session starts from: the configuration file, else (Kbuild) conf's fallback; null for none. */
  configSource(kc: Kconfig): string | null {
    if (existsSync(resolve(this.dir, this.configFile))) return this.configFile;
    return this.tree().kind === 'kbuild' ? (kc.confData.defconfigListFile()?.path ?? null) : null;
  }
}
