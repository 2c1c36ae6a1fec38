/**
 * Which `$(shell)` commands may run before the parse asks for them.
 *
 * A command may start early only when a serial parse certainly runs it,
 * with exactly that text: conf runs commands one by one as it reaches
 * them, a command's text may contain an earlier one's output, and an
 * earlier output may stop the parse ($(error-if)), pick the file read next
 * (`source`) or change what the lexer reads. The scout is a parse in which
 * $(shell) starts the command and yields a placeholder for its output; a
 * placeholder is resolved (its command waited for) wherever its value
 * decides what happens next: a command's text, $(error-if)'s condition,
 * the name of a macro or variable, a `source` path, a word that might be
 * empty (see Parser.uncertainWord). Everything else (symbol names, values,
 * prompts) may hold placeholders: the scout's tree is thrown away, and the
 * real parse takes the commands' results, in order, from the runner.
 *
 * Commands run together only where that cannot change a result: the
 * compiler probes of a recognised Kbuild tree (kbuild.ts), or every command
 * when the user asks (UKCONFIG_PARALLEL_PROBES=1, `conf --parallel-probes`,
 * the `parallelProbes` option). Otherwise no scout runs: the parse runs
 * each command when it reaches it, as conf does.
 *
 * The scout's log (commands started, outputs waited for) is the plan the
 * tree cache keeps, to start a cached tree's probes the same way (see
 * followPlan).
 */
import { Kconfig, type KconfigOptions } from './kconfig.js';
import { Parser } from './parser.js';
import { ScoutStop, shellValue, type ProbeScout } from './preprocess.js';
import type { ProbeRunner } from './probe-runner.js';
import type { ShellResult } from './shell.js';

/** How a parse's probes were run: whether each is a Kbuild compiler probe, and the log. */
export interface ProbePlan {
  kbuild: boolean[];
  /** k >= 0: command k started; -1 - k: its output waited for (it decided what came next). */
  events: number[];
}

const SILENT = { stdout: () => {}, stderr: () => {} };

/** Placeholders are single characters from here on (text is bytes: nothing else is this high). */
const PLACEHOLDER_BASE = 0x100;
const PLACEHOLDER_LIMIT = 0xd800 - PLACEHOLDER_BASE;

/** Whether a tree's probes may all run together (the user asked). */
export function parallelProbesRequested(opts: Pick<KconfigOptions, 'env' | 'parallelProbes'>): boolean {
  return opts.parallelProbes ?? (opts.env ?? process.env).UKCONFIG_PARALLEL_PROBES === '1';
}

/**
 * Runs a scout parse of `rootFile`: the probes it establishes are added to
 * `runner` (after the ones the runner already has, which it takes in turn).
 * Returns the plan, or null when the scout ran into a probe it could not
 * account for (the real parse then runs the rest one by one).
 */
export function scoutProbes(rootFile: string, opts: KconfigOptions, runner: ProbeRunner, allConcurrent: boolean): ProbePlan | null {
  const known = runner.commands;
  const plan: ProbePlan = { kbuild: [], events: [] };
  const values: (string | undefined)[] = [];
  let consistent = true;
  const value = (i: number): string => {
    if (values[i] === undefined) {
      plan.events.push(-1 - i);
      values[i] = shellValue(runner.result(i).stdout);
    }
    return values[i]!;
  };
  const scout: ProbeScout = {
    shell(cmd, kbuildProbe) {
      const text = scout.resolve(cmd);
      const i = plan.kbuild.length;
      if (i >= PLACEHOLDER_LIMIT) throw new ScoutStop();
      const concurrent = allConcurrent || kbuildProbe;
      if (i < known.length) {
        // Started before (a cached plan): the same command must come here.
        if (known[i] !== text) {
          consistent = false;
          throw new ScoutStop();
        }
      } else runner.add(text, concurrent);
      plan.kbuild.push(kbuildProbe);
      plan.events.push(i);
      return String.fromCharCode(PLACEHOLDER_BASE + i);
    },
    resolve(text) {
      let out = '';
      let from = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < PLACEHOLDER_BASE) continue;
        out += text.slice(from, i) + value(c - PLACEHOLDER_BASE);
        from = i + 1;
      }
      return from === 0 ? text : out + text.slice(from);
    },
  };
  const kc = new Kconfig({ ...opts, output: SILENT });
  kc.pp.scout = scout;
  try {
    new Parser(kc).parse(rootFile);
  } catch {
    // Where the scout stops (a fatal error, a placeholder it cannot do
    // without), nothing after it has been started: the real parse goes on alone.
  }
  if (!consistent) {
    runner.stop();
    return null;
  }
  return plan;
}

/**
 * Starts a cached tree's probes as its plan says, once the tree is known
 * to be unchanged: each command when every output waited for before it is
 * what it was (otherwise nothing more starts: the tree is parsed again).
 * `recorded` holds each command with its output then.
 */
export function followPlan(runner: ProbeRunner, plan: ProbePlan, recorded: [string, string, string][], allConcurrent: boolean): void {
  // A plan may cover the first commands only (the scout stopped early): the parse runs the rest as it reaches them.
  runner.follow((step: number): boolean | null => {
    if (step >= plan.events.length) return null;
    const e = plan.events[step];
    if (e >= 0) {
      runner.add(recorded[e][0], allConcurrent || plan.kbuild[e]);
      return true;
    }
    const i = -1 - e;
    const r: ShellResult | null = runner.peek(i);
    if (r === null) return false;
    return r.stdout === recorded[i][1] && r.stderr === recorded[i][2] ? true : null;
  });
}
