/**
 * The menu's view of the resolver (resolver/): why a value cannot be set,
 * a plan of changes that makes it possible, and the current warnings. The
 * menu never reasons about Kconfig itself: a Reasoner is the resolver's
 * functions. A menu made without one (tests) works without why, plans and
 * warnings.
 */
import {
  applyPlan,
  describeOverride,
  diagnostics,
  diagnosticSteps,
  explain,
  MAX_PLANS,
  pickAlternative,
  plan,
  userChoices,
  type PlanResult,
  type ResolverDiagnostic,
} from '../../resolver/src/index.js';

export type { PlanResult };
export { describeOverride, MAX_PLANS };

/** A plan the resolver found (and checked on the engine). */
export type ReadyPlan = Extract<PlanResult, { ok: true }>;

export interface Reasoner {
  explain: typeof explain;
  plan: typeof plan;
  applyPlan: typeof applyPlan;
  pickAlternative: typeof pickAlternative;
  userChoices: typeof userChoices;
  diagnostics: typeof diagnostics;
  diagnosticSteps: typeof diagnosticSteps;
}

export const resolver: Reasoner = { explain, plan, applyPlan, pickAlternative, userChoices, diagnostics, diagnosticSteps };

/** A line of the warnings screen: one of the resolver's diagnostics, or the resolver itself failing. */
export type ConfigWarning = Omit<ResolverDiagnostic, 'kind'> & { kind: ResolverDiagnostic['kind'] | 'resolver' };
