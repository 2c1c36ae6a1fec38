/**
 * The menu's view of the resolver (resolver/): why a value cannot be set,
 * a plan of changes that makes it possible, and the current warnings. The
 * menu never reasons about Kconfig itself; everything here comes from the
 * resolver's functions, typed after its published contract.
 */
import type { Kconfig, KSymbol } from 'kconfig-parser-ts';
import type * as Resolver from '../../resolver/src/index.js';

export interface Explanation {
  symbol: KSymbol;
  value: string;
  /** Human-readable account, several lines. */
  text: string;
}

export interface PlannedChange {
  symbol: KSymbol;
  from: string;
  to: string;
}

export type PlanResult =
  | { ok: true; changes: PlannedChange[]; verified: true }
  | { ok: false; impossible: true; reason: string; blocking: { file: string; line: number; text: string }[] }
  | { ok: false; tooComplex: true; reason: string };

export type ReadyPlan = Extract<PlanResult, { ok: true }>;

export interface ConfigWarning {
  kind: string;
  symbol: string | null;
  file: string | null;
  line: number | null;
  message: string;
  fix?: string;
}

export interface Reasoner {
  explain(kc: Kconfig, sym: KSymbol): Explanation;
  plan(kc: Kconfig, sym: KSymbol, value: string, opts?: { timeoutMs?: number }): PlanResult;
  applyPlan(kc: Kconfig, p: ReadyPlan): boolean;
  /** Options the resolver accepts beyond the contract: no plans per warning, no undefined-symbol reports. */
  diagnostics(kc: Kconfig, opts?: { maxPlans?: number; undefinedReferences?: boolean }): ConfigWarning[];
}

/** Where the resolver's entry point is, relative to this module (source and dist alike). */
const RESOLVER_ENTRY = '../../resolver/src/index.js';

/**
 * The resolver, or the reason it cannot be used. It is loaded at run time so
 * that the menu still starts (without why/plan/warnings) when the resolver
 * is missing or broken.
 */
export async function loadReasoner(): Promise<{ reasoner: Reasoner } | { problem: string }> {
  try {
    const mod = (await import(RESOLVER_ENTRY as string)) as typeof Resolver;
    const missing = (['explain', 'plan', 'applyPlan', 'diagnostics'] as const).filter((f) => typeof mod[f] !== 'function');
    if (missing.length) return { problem: `the resolver lacks ${missing.join(', ')}` };
    // Type-checks the resolver as built against the contract above.
    const reasoner: Reasoner = mod;
    return { reasoner };
  } catch (e) {
    return { problem: `the resolver could not be loaded (${(e as Error).message.split('\n')[0]})` };
  }
}
