/**
 * What every command starts from: the folder it works in (after -C), the
 * application there if any, the tree to load, the configuration file and
 * the global options. Commands get one from the dispatcher and load the
 * tree through it, so that each finds the same tree and prints the
 * engine's messages the same way.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KconfigFatal, type Kconfig, type Output } from 'kconfig-parser-ts';
import { UsageError } from './errors.js';
import type { GlobalOptions } from './options.js';
import { isAppDir } from './project.js';
import { chooseTree, openTree, type ChooseOptions, type TreeChoice } from './tree.js';

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
}

/**
 * The tree could not be loaded. Everything the engine said about it has
 * been printed already, except with `keep`: then it is in `messages`.
 */
export class TreeLoadError extends Error {
  constructor(
    readonly fatal: KconfigFatal,
    readonly messages: string,
  ) {
    super(fatal.message);
  }
}

/** The state of the configuration file after `readConfig`. */
export type ConfigRead = 'read' | 'missing' | 'unreadable';

// Engine text is bytes (latin1): written back as bytes, as conf writes them.
const toStdout = (t: string) => void process.stdout.write(Buffer.from(t, 'latin1'));
const toStderr = (t: string) => void process.stderr.write(Buffer.from(t, 'latin1'));
const UNMET_WARNING = '\nWARNING: unmet direct dependencies';

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
    const output: Output =
      messages === 'keep'
        ? { stdout: () => {}, stderr: (t) => void (kept += t) }
        : { stdout: toStdout, stderr: messages === 'print' ? toStderr : (t) => void (t.startsWith(UNMET_WARNING) || toStderr(t)) };
    try {
      return await openTree(this.tree({ pools: opts.pools }), output, { incremental: opts.incremental });
    } catch (e) {
      if (!(e instanceof KconfigFatal)) throw e;
      // Some failures (a missing root file) come with a text the engine has not printed.
      if (messages !== 'keep') toStderr(e.text);
      throw new TreeLoadError(e, kept);
    }
  }

  /** Reads the configuration file into `kc` when there is one (else the values stay the defaults). */
  readConfig(kc: Kconfig): ConfigRead {
    if (!existsSync(resolve(this.dir, this.configFile))) return 'missing';
    return kc.readConfig(this.configFile) ? 'read' : 'unreadable';
  }
}
