/**
 * The planner over a whole tree: every bool/tristate symbol with a prompt
 * that cannot be given a value as things stand (n that cannot be set to y,
 * or y that cannot be set to n), planned one by one from the same starting
 * configuration. Used by the Linux test and by bench/resolver-sweep.mjs.
 */
import { settleModules, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import { plan, type PlanResult } from './plan.js';
import { userChoices } from './user-choices.js';

export type SweepDirection = 'enable' | 'disable';

export interface SweepEntry {
  symbol: KSymbol;
  result: PlanResult;
  ms: number;
}

export interface SweepSummary {
  direction: SweepDirection;
  candidates: number;
  plans: number;
  /** Plans proven to have the fewest changes. */
  smallest: number;
  impossible: number;
  tooComplex: number;
  /** Requests whose every model the engine refused: the model disagrees with the engine (target 0). */
  unconfirmed: number;
  /** Milliseconds per symbol. */
  p50: number;
  p95: number;
  max: number;
  totalMs: number;
}

/** Symbols that are n and cannot be set to y (enable), or y and cannot be set to n (disable). */
export function sweepCandidates(kc: Kconfig, direction: SweepDirection): KSymbol[] {
  settleModules(kc);
  const from = direction === 'enable' ? 0 : 2;
  const to = direction === 'enable' ? 2 : 0;
  return kc.definedSymbols().filter((s) => s.isLogical() && s.prompts.length > 0 && s.triValue === from && !s.assignable.includes(to));
}

export function sweep(
  kc: Kconfig,
  direction: SweepDirection,
  opts: { timeoutMs?: number; symbols?: KSymbol[]; onEntry?: (e: SweepEntry) => void } = {},
): SweepSummary {
  const symbols = opts.symbols ?? sweepCandidates(kc, direction);
  // Every plan starts from the same configuration: what the user chose is worked out once.
  const choices = userChoices(kc);
  const value = direction === 'enable' ? 'y' : 'n';
  const times: number[] = [];
  const summary: SweepSummary = { direction, candidates: symbols.length, plans: 0, smallest: 0, impossible: 0, tooComplex: 0, unconfirmed: 0, p50: 0, p95: 0, max: 0, totalMs: 0 };
  const start = performance.now();
  for (const s of symbols) {
    const t = performance.now();
    const result = plan(kc, s, value, { timeoutMs: opts.timeoutMs, choices });
    const ms = performance.now() - t;
    times.push(ms);
    if (result.ok) {
      summary.plans++;
      if (result.smallest) summary.smallest++;
    } else if ('impossible' in result) summary.impossible++;
    else if ('unconfirmed' in result) summary.unconfirmed++;
    else summary.tooComplex++;
    opts.onEntry?.({ symbol: s, result, ms });
  }
  summary.totalMs = performance.now() - start;
  times.sort((a, b) => a - b);
  const at = (q: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : 0);
  summary.p50 = at(0.5);
  summary.p95 = at(0.95);
  summary.max = times.length ? times[times.length - 1] : 0;
  return summary;
}
