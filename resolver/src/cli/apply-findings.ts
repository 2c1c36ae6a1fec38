/**
 * What `ukconfig apply` reports beyond the engine's shortfalls: a plan for
 * each requested value that did not take (relative to the configuration
 * just written: the changes to add to the fragments), and the resolver's
 * diagnostics for unmet dependencies and choice conflicts.
 */
import type { ApplyResult, Kconfig } from 'kconfig-parser-ts';
import { choiceConflicts, unmetDependencies, type ResolverDiagnostic } from '../diagnostics.js';
import { plan, type PlanResult } from '../plan.js';
import { formatPlanInline } from '../render.js';

export interface FailurePlan {
  symbol: string;
  plan: PlanResult | null;
}

/** Per failure, in order: its plan (null when the symbol is not defined). */
export function plansForFailures(kc: Kconfig, result: ApplyResult, timeoutMs = 1000): FailurePlan[] {
  return result.failures.map((f) => {
    const s = f.symbol;
    if (!s || !s.isDefined) return { symbol: f.name, plan: null };
    return { symbol: f.name, plan: plan(kc, s, f.asked, { timeoutMs }) };
  });
}

/** Unmet dependencies and choice conflicts of the configuration as it now stands. */
export function configurationFindings(kc: Kconfig): ResolverDiagnostic[] {
  return [...unmetDependencies(kc), ...choiceConflicts(kc)];
}

/** The plan line printed under a failure. */
export function planLine(p: PlanResult | null, prefix: string): string | null {
  if (!p) return null;
  if (p.ok) return p.changes.length ? `    plan: set ${formatPlanInline(p.changes).replace(/(^|, )(?=[A-Za-z0-9_])/g, `$1${prefix}`)}` : null;
  if ('impossible' in p) return `    no plan: ${p.reason}`;
  return `    no plan: ${p.reason}`;
}

/** A plan as JSON (symbols by name). */
export function planJson(p: PlanResult | null): unknown {
  if (!p) return null;
  if (p.ok) return { result: 'plan', changes: p.changes.map((c) => ({ symbol: c.symbol.name, from: c.from, to: c.to })), smallest: p.smallest };
  if ('impossible' in p) return { result: 'impossible', reason: p.reason, blocking: p.blocking };
  return { result: 'too-complex', reason: p.reason };
}
