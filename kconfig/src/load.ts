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
import { followPlan, parallelProbesRequested, scoutProbes } from './probes.js';
import { ProbeRunner } from './probe-runner.js';
import { kbuildTree } from './kbuild.js';

/**
 * Loads `rootFile` into the fresh tree `kc`: from the tree cache when every
 * input is unchanged, else by parsing (and then caching the result).
 */
export function parseInto(kc: Kconfig, rootFile: string): void {
  const steps = loadSteps(kc, rootFile);
  // Synchronously, the wait for the probes is probesCurrent's own.
  while (!steps.next().done);
}

/**
 * parseInto's work, paused (a yield) where a cached tree has been decoded
 * and only its probes' outputs are still awaited: an asynchronous caller
 * lets other work (the menu's modules) run there while the probes do, and
 * resumes once they have ended. The result is the same either way.
 */
function* loadSteps(kc: Kconfig, rootFile: string): Generator<ProbeRunner, void, void> {
  const runner = kc.shell instanceof ProbeRunner ? kc.shell : null;
  const ahead = runner !== null && runner.policy.ahead;
  // Whether this tree's probes may start ahead of the parse (a scout finds which).
  const scouting = ahead && (runner.policy.allConcurrent || kbuildTree(kc));
  try {
    const cached = openCachedTree(kc, rootFile);
    // A tree cached with no probe plan (saved by a run that replayed its
    // probes, or ran them one by one) would run them one by one again, for
    // good: it is parsed once more behind a scout, and saved with the plan.
    if (cached && (cached.probePlan || !scouting) && cached.inputsCurrent(kc)) {
      // The tree is unchanged, so its probes start as its plan says (each
      // once the outputs it depends on are confirmed), while it is decoded.
      const plan = cached.probePlan;
      if (ahead && plan) followPlan(runner, plan, cached.probes, runner.policy.allConcurrent);
      const tree = cached.decode(kc, ahead ? () => runner.poll() : undefined);
      if (ahead && plan) yield runner;
      if (cached.probesCurrent(kc.shell)) {
        cached.install(kc, tree);
        return;
      }
      // A probe printed something else: the parse takes the results so far, then goes on.
      runner?.rewind();
    }
    const plan = scouting ? scoutProbes(rootFile, { env: kc.env, extensions: kc.extensions, cwd: kc.cwd }, runner, runner.policy.allConcurrent) : null;
    if (!cacheEnabled(kc.env)) return parseFresh(kc, rootFile);
    const rec = recordParse(kc, rootFile, () => parseFresh(kc, rootFile));
    // The plan holds for the commands the scout established, if the parse ran those.
    const ran = rec.inputs.shell;
    const scouted = runner?.commands ?? [];
    saveTree(kc, rootFile, rec, plan && plan.kbuild.every((_, i) => scouted[i] === ran[i]?.[0]) ? plan : null);
  } finally {
    if (runner) {
      runner.stop();
      runner.close();
    }
  }
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
  } catch (e) {
    // Fatal errors of the parse (macro errors, a source that cannot be
    // opened, "memory exhausted"...) are printed here, once, as conf prints them.
    if (e instanceof KconfigFatal && !e.reported) {
      kc.out.stderr(e.text);
      e.reported = true;
    }
    throw e;
  } finally {
    kc.out = out;
  }
}

function parseAndCheck(kc: Kconfig, rootFile: string, printed: () => string): void {
  const parser = new Parser(kc);
  parser.parse(rootFile);
  if (parser.errors) throw new KconfigFatal(printed(), parser.firstError?.file ?? rootFile, parser.firstError?.line ?? null, 1, true);
  if (!kc.modulesDefined) kc.modulesSym = constants.no;
  if (!kc.rootMenu.prompt) {
    const mb = new MenuBuilder(kc, kc.rootMenu);
    mb.entry = kc.rootMenu;
    mb.file = kc.rootMenu.file;
    mb.addPrompt(PropType.Menu, 'Main menu', null);
  }
  finalizeMenu(kc, kc.rootMenu);
  const diagnostics = kc.diagnostics.length;
  if (new DependencyChecker(kc).checkAll()) {
    const cycle = kc.diagnostics.slice(diagnostics).find((d) => d.severity === 'error');
    throw new KconfigFatal(printed(), cycle?.file ?? rootFile, cycle?.line ?? null, 1, true);
  }
  kc.changed = true;
}

/** Parses `rootFile` (resolved like conf does: as given, then under $srctree). */
export function loadKconfig(rootFile: string, opts: KconfigOptions = {}): Kconfig {
  const kc = new Kconfig(opts);
  parseInto(kc, rootFile);
  return withModules(kc);
}

function withModules(kc: Kconfig): Kconfig {
  // conf computes MODULES first thing when it reads a configuration; a tree
  // used without one needs it too (it decides whether tristates act as bools).
  kc.modulesSym.calcValue();
  return kc;
}

export interface AsyncLoadOptions extends KconfigOptions {
  /**
   * Called at most once, while a cached tree's probes run (many at once)
   * and the load waits for them: what it starts (loading modules, say) runs
   * meanwhile on this thread (see ProbeRunner.settled). Not called when the
   * tree is parsed, or when its probes never run many at once.
   */
  whileProbesRun?: () => void;
}

/**
 * Like loadKconfig, but (unless opts.shell is given) the tree's $(shell)
 * probes run ahead of the parse where that provably changes nothing (see
 * probes.ts): much faster on toolchain-probing trees. The wait for a cached
 * tree's probes leaves the event loop free (see whileProbesRun).
 */
export async function loadKconfigAsync(rootFile: string, opts: AsyncLoadOptions = {}): Promise<Kconfig> {
  if (opts.shell) return loadKconfig(rootFile, opts);
  const env = (opts.env ?? process.env) as NodeJS.ProcessEnv;
  const policy = { ahead: !env.UKCONFIG_SERIAL_PROBES, allConcurrent: parallelProbesRequested(opts) };
  const kc = new Kconfig({ ...opts, shell: new ProbeRunner(env, opts.cwd, policy) });
  const steps = loadSteps(kc, rootFile);
  for (let s = steps.next(); !s.done; s = steps.next()) {
    try {
      await s.value.settled(opts.whileProbesRun);
    } catch (e) {
      steps.return();
      throw e;
    }
  }
  return withModules(kc);
}
