/**
 * Loading a tree: parse, finalise the menu, check for dependency cycles
 * (conf_parse). Failures have already been printed when KconfigFatal is thrown.
 */
import { DependencyChecker } from './checkdeps.js';
import { KconfigFatal } from './errors.js';
import { constants } from './expr.js';
import { Kconfig, type KconfigOptions } from './kconfig.js';
import { finalizeMenu, MenuBuilder } from './menu.js';
import { Parser } from './parser.js';
import { PropType } from './symbol.js';
import { cacheEnabled, openCachedTree, recordParse, saveTree } from './tree-cache.js';
import { prefetchProbes } from './probes.js';
import { PrefetchedShell, SyncShell } from './shell.js';

/**
 * Loads `rootFile` into the fresh tree `kc`: from the tree cache when every
 * input is unchanged, else by parsing (and then caching the result).
 */
export function parseInto(kc: Kconfig, rootFile: string): void {
  const cached = openCachedTree(kc, rootFile);
  if (cached && cached.inputsCurrent(kc)) {
    // Decoded before the probes are compared: they may still be running.
    const tree = cached.decode(kc);
    if (cached.probesCurrent(kc.shell)) {
      cached.install(kc, tree);
      return;
    }
  }
  if (!cacheEnabled(kc.env)) return parseFresh(kc, rootFile);
  const rec = recordParse(kc, rootFile, () => parseFresh(kc, rootFile));
  saveTree(kc, rootFile, rec);
}

function parseFresh(kc: Kconfig, rootFile: string): void {
  // What the parse prints is kept for the exception, should it fail.
  let printed = '';
  const out = kc.out;
  kc.out = {
    stdout: (t) => out.stdout(t),
    stderr: (t) => {
      printed += t;
      out.stderr(t);
    },
  };
  try {
    parseAndCheck(kc, rootFile, () => printed);
  } finally {
    kc.out = out;
  }
}

function parseAndCheck(kc: Kconfig, rootFile: string, printed: () => string): void {
  const parser = new Parser(kc);
  parser.parse(rootFile);
  if (parser.errors) throw new KconfigFatal('', rootFile, null, 1, printed());
  if (!kc.modulesDefined) kc.modulesSym = constants.no;
  if (!kc.rootMenu.prompt) {
    const mb = new MenuBuilder(kc, kc.rootMenu);
    mb.entry = kc.rootMenu;
    mb.file = kc.rootMenu.file;
    mb.addPrompt(PropType.Menu, 'Main menu', null);
  }
  finalizeMenu(kc, kc.rootMenu);
  if (new DependencyChecker(kc).checkAll()) throw new KconfigFatal('', rootFile, null, 1, printed());
  kc.changed = true;
}

/** Parses `rootFile` (resolved like conf does: as given, then under $srctree). */
export function loadKconfig(rootFile: string, opts: KconfigOptions = {}): Kconfig {
  const kc = new Kconfig(opts);
  parseInto(kc, rootFile);
  // conf computes MODULES first thing when it reads a configuration; a tree
  // used without one needs it too (it decides whether tristates act as bools).
  kc.modulesSym.calcValue();
  return kc;
}

/**
 * Like loadKconfig, but the tree's $(shell) probes run in parallel first
 * (unless opts.shell is given), which is much faster on toolchain-probing trees.
 */
export async function loadKconfigAsync(rootFile: string, opts: KconfigOptions = {}): Promise<Kconfig> {
  if (opts.shell) return loadKconfig(rootFile, opts);
  const env = opts.env ?? process.env;
  const results = await prefetchProbes(rootFile, { env, extensions: opts.extensions, cwd: opts.cwd });
  return loadKconfig(rootFile, { ...opts, shell: new PrefetchedShell(results, new SyncShell(env as NodeJS.ProcessEnv, opts.cwd)) });
}
