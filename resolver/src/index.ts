/**
 * The resolver: reasoning over the Kconfig engine's symbol graph.
 *
 * - explain(kc, sym): why a symbol has its value and whether it can change
 * - plan(kc, sym, value): the fewest user assignments that give it the value,
 *   verified on the engine; or why that is impossible
 * - applyPlan(kc, plan): make those assignments
 * - diagnostics(kc): what is wrong with the current configuration, with fixes
 */
export { explain } from './explain.js';
export type { Explanation, Condition, Definition, PromptInfo, DefaultInfo, ReverseInfo, ChoiceInfo, Term, ValueSource } from './explain.js';
export { plan, applyPlan, pickAlternative, MAX_PLANS } from './plan.js';
export type { PlanChange, PlanResult, PlanOptions, PlanOption } from './plan.js';
export { userChoices } from './user-choices.js';
export type { UserChoices, Override } from './user-choices.js';
export type { Blocking } from './blockers.js';
export { diagnostics, diagnosticSteps, loadFailureDiagnostics } from './diagnostics.js';
export type { ResolverDiagnostic, DiagnosticKind, DiagnosticsOptions } from './diagnostics.js';
export { formatPlan, formatPlanInline, formatChanges, formatOverrides, describeOverride } from './render.js';
export { ConfigurationSpace } from './configurations.js';
export type { ConfigurationQuery, ConfigurationSearch } from './configurations.js';
