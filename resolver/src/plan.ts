/**
 * plan(symbol = value): the fewest user assignments that give the symbol the
 * value, found by the SAT solver over the encoding of the part of the tree
 * that can move, then checked on the engine itself before it is offered.
 *
 * 1. The possible-value sets (all inputs free) settle most impossible
 *    requests at once, with the constraints that block them.
 * 2. Otherwise the encoding is solved from the current configuration; each
 *    model gives a set of changes, and the budget of changes is lowered until
 *    no model is left: the last one is a smallest plan.
 * 3. The plan is applied to the engine (in dependency order, each value
 *    clamped to what the engine accepts at that point) and undone; only a
 *    plan the engine confirms is offered. A model the engine disagrees with
 *    is excluded and the search goes on.
 * 4. No model at all: the relaxed encoding (the few inputs plans do not
 *    touch set free) decides between "impossible" (a proof) and "too
 *    complex" (it would need an input plans do not change).
 * 5. Still impossible: the same with MODULES flipped, since every tristate
 *    follows it.
 */
import { exprValueString, settleModules, shortfall, SymbolType, trial, type Kconfig, type KSymbol, type UserValueSnapshot } from 'kconfig-parser-ts';
import { whyNever, type Blocking } from './blockers.js';
import { Encoding, type TriLits } from './encoding.js';
import { distancesFrom } from './distance.js';
import { goalHolds, parseGoal, sameText, type Goal } from './goal.js';
import { neg, type Lit } from './sat.js';
import { dependencyRank, possibleValues } from './static-model.js';
import { isSingle, TRI_LETTER } from './tristate.js';

export type PlanChange = { symbol: KSymbol; from: string; to: string };

export type PlanResult =
  | {
      ok: true;
      changes: PlanChange[];
      verified: true;
      target: KSymbol;
      value: string;
      /** Proven to have the fewest changes; otherwise minimal (no change can be left out). */
      smallest: boolean;
    }
  | { ok: false; impossible: true; reason: string; blocking: Blocking[] }
  | { ok: false; tooComplex: true; reason: string };

export interface PlanOptions {
  /** Give up after this long (default 2000 ms) with a "too complex" result. */
  timeoutMs?: number;
}

export type Proposal = { symbol: KSymbol; to: string }[];

/** Effort spent on proving that no plan has fewer changes. */
const PROOF_MS = 300;
const PROOF_CONFLICTS = 3000;

/** Attempts at excluding models the engine disagrees with, before giving up. */
const MAX_REJECTED = 4;

export function plan(kc: Kconfig, sym: KSymbol, value: string, opts: PlanOptions = {}): PlanResult {
  const deadline = Date.now() + (opts.timeoutMs ?? 2000);
  const goal = parseGoal(sym, value);
  if ('error' in goal) return { ok: false, impossible: true, reason: goal.error, blocking: [] };
  const result = quietly(kc, () => {
    settleModules(kc);
    if (goalHolds(sym, goal)) return done(sym, goal, []);
    if (sym === kc.modulesSym) return planModules(kc, sym, goal);
    return planHere(kc, sym, goal, deadline);
  });
  if (result.ok || !('impossible' in result)) return result;
  const flipped = planWithModulesFlipped(kc, sym, goal, deadline);
  return flipped ?? result;
}

function done(sym: KSymbol, goal: Goal, changes: PlanChange[], smallest = true): PlanResult {
  return { ok: true, changes, verified: true, target: sym, value: goal.text, smallest };
}

/** Runs `fn` with the tree's messages silenced (evaluation may print warnings). */
function quietly<T>(kc: Kconfig, fn: () => T): T {
  return trial(kc, () => fn());
}

function planHere(kc: Kconfig, sym: KSymbol, goal: Goal, deadline: number): PlanResult {
  const stat = possibleValues(kc);
  const staticallyPossible = goal.kind === 'tri' ? (stat.val.get(sym)! & (1 << goal.tri)) !== 0 : (stat.vis.get(sym)! & 6) !== 0;
  if (staticallyPossible && Date.now() > deadline) return tooComplex(sym, goal, deadline);
  if (goal.kind === 'tri' && !(stat.val.get(sym)! & (1 << goal.tri))) {
    const b = whyNever(stat, sym, goal.tri);
    return { ok: false, impossible: true, reason: b.reason, blocking: b.blocking };
  }
  if (goal.kind === 'text' && !(stat.vis.get(sym)! & 6)) {
    const b = whyNever(stat, sym, 2);
    return {
      ok: false,
      impossible: true,
      reason: `${sym.name}'s prompt can never show, so its value cannot be set`,
      blocking: b.blocking,
    };
  }

  const enc = new Encoding(kc, stat, false);
  const s = enc.solver;
  s.addClause([objective(enc, sym, goal)]);
  const changeLits = enc.inputs.map((i) => i.change);
  // Only symbols that can change matter for the order (and the walk stays small).
  const dist = distancesFrom(sym, (x) => x.isLogical() && isSingle(stat.val.get(x) ?? 7));
  const far = (x: KSymbol) => dist.get(x) ?? Infinity;
  s.setPreferredFalse([...enc.inputs].sort((a, b) => far(b.symbol) - far(a.symbol)).map((i) => i.change));
  let rejected = 0;
  let smallest = false;
  for (;;) {
    const first = s.solve(deadline);
    if (first === 'unknown') return tooComplex(sym, goal, deadline);
    if (first === 'unsat') return rejected ? disagreement(sym) : noModel(kc, sym, goal, deadline);
    let best = proposalOf(enc);
    // The model is minimal (no change can be dropped). Lower the budget to find
    // a smaller one or prove there is none, with bounded effort.
    smallest = best.length <= 1;
    while (!smallest) {
      s.setBudget(changeLits, best.length - 1);
      const r = s.solve(Math.min(deadline, Date.now() + PROOF_MS), PROOF_CONFLICTS);
      if (r === 'unsat') smallest = true;
      if (r !== 'sat') break;
      best = proposalOf(enc);
      smallest = best.length <= 1;
    }
    const checked = verify(kc, sym, goal, best);
    // After a model the engine rejected, the model is known to be loose here: claim no more than minimal.
    if (checked) return done(sym, goal, checked, smallest && rejected === 0);
    if (++rejected > MAX_REJECTED) return disagreement(sym);
    // Exclude exactly this set of changes and search again (with no budget).
    const chosen = new Set(best.map((c) => c.symbol));
    s.setBudget(changeLits, Infinity);
    s.addClause(enc.inputs.map((i) => (chosen.has(i.symbol) ? neg(i.change) : i.change)));
  }
}

function objective(enc: Encoding, sym: KSymbol, goal: Goal): Lit {
  if (goal.kind === 'text') return enc.visibility(sym).a;
  const v: TriLits = enc.value(sym);
  return enc.equals(v, goal.tri);
}

/** The inputs a model changes, with the values it gives them. */
export function proposalOf(enc: Encoding): Proposal {
  const out: Proposal = [];
  for (const i of enc.inputs) if (enc.solver.modelValue(i.change)) out.push({ symbol: i.symbol, to: i.planned(enc.solver) });
  return out;
}

function tooComplex(sym: KSymbol, goal: Goal, deadline: number): PlanResult {
  void deadline;
  const dep = sym.dirDep ? ` (it depends on ${exprValueString(sym.dirDep)})` : '';
  return {
    ok: false,
    tooComplex: true,
    reason: `too complex to plan ${sym.name}=${goal.text} within the time limit${dep}`,
  };
}

function disagreement(sym: KSymbol): PlanResult {
  return {
    ok: false,
    tooComplex: true,
    reason: `no plan for ${sym.name} could be confirmed by the engine (the planner's model disagrees with it: please report this)`,
  };
}

/** The planning encoding has no model: impossible, or reachable only through inputs plans do not set. */
function noModel(kc: Kconfig, sym: KSymbol, goal: Goal, deadline: number): PlanResult {
  const stat = possibleValues(kc);
  const enc = new Encoding(kc, stat, true);
  enc.solver.addClause([objective(enc, sym, goal)]);
  const r = enc.solver.solve(deadline);
  if (r === 'unknown') return tooComplex(sym, goal, deadline);
  if (r === 'sat') {
    const needed = enc.frozen.filter((f) => f.differs(enc.solver));
    const list = needed.length ? needed.map((f) => f.what).join(', ') : 'inputs the planner does not set';
    const who = [...new Set(needed.map((f) => f.symbol.name))].join(', ');
    return {
      ok: false,
      tooComplex: true,
      reason: `${sym.name}=${goal.text} needs ${list}; plans do not change int, hex or string values${who ? `: set ${who} yourself, then plan again` : ''}`,
    };
  }
  return impossibleByModel(sym, goal);
}

/** The encoding proves no configuration works, though no single term is stuck: name the constraints involved. */
function impossibleByModel(sym: KSymbol, goal: Goal): PlanResult {
  const blocking: Blocking[] = [];
  for (const node of sym.nodes) {
    if (node.dep) blocking.push({ file: node.file.name, line: node.lineno, text: `depends on ${exprValueString(node.dep)}` });
  }
  for (const rd of sym.selectedBy)
    blocking.push({ file: rd.property.file.name, line: rd.property.lineno, text: `selected by ${rd.symbol.name}${rd.condition ? ` if ${exprValueString(rd.condition)}` : ''}` });
  if (sym.choice) {
    const node = sym.choice.nodes[0];
    if (node) blocking.push({ file: node.file.name, line: node.lineno, text: `member of the choice "${node.promptText ?? ''}"` });
  }
  return {
    ok: false,
    impossible: true,
    reason: `no configuration gives ${sym.name}=${goal.text}: its constraints contradict each other`,
    blocking,
  };
}

/**
 * Sets a proposal's user values on the engine, in an order that works:
 * MODULES first (every tristate follows it), then dependencies first;
 * within a choice, its mode before its members. Call inside trial(). The
 * changes as the engine took them, or null when it refused one.
 */
export function applyProposal(kc: Kconfig, snap: UserValueSnapshot, proposal: Proposal): PlanChange[] | null {
  const key = (s: KSymbol) => (s === kc.modulesSym ? -1 : 2 * dependencyRank(kc, s) + (s.isChoice() ? 0 : 1));
  const ordered = [...proposal].sort((a, b) => key(a.symbol) - key(b.symbol));
  const from = new Map(ordered.map((c) => [c.symbol, c.symbol.strValue]));
  const applied: PlanChange[] = [];
  for (const c of ordered) {
    const to = applyOne(snap, c.symbol, c.to);
    if (to === null) return null;
    if (to !== undefined) applied.push({ symbol: c.symbol, from: from.get(c.symbol)!, to });
  }
  return applied;
}

/** Applies a proposal on the engine and undoes it; the changes as the engine took them, or null. */
export function verify(kc: Kconfig, target: KSymbol, goal: Goal, proposal: Proposal): PlanChange[] | null {
  return trial(kc, (snap) => {
    const targetFrom = target.strValue;
    const applied = applyProposal(kc, snap, proposal);
    if (!applied) return null;
    if (goal.kind === 'text') {
      snap.keep(target);
      if (!target.setValue(goal.text)) return null;
      applied.push({ symbol: target, from: targetFrom, to: goal.text });
    }
    // Evaluation itself may drop a choice's answered mark (when a member
    // without an answer shows), which changes the next evaluation: the value
    // must hold over repeated full recomputations, as a saved and reloaded
    // configuration would give.
    for (let round = 0; round < 2; round++) {
      kc.clearAllValid();
      if (goal.kind === 'tri' ? target.triValue !== goal.tri : !sameText(target, target.strValue, goal.text)) return null;
    }
    return applied;
  });
}

/**
 * Sets one planned value the way the engine accepts it now: clamped to
 * [selected, visible], m as y where m is not possible. Returns the value set,
 * undefined when the change has no effect (dropped), null when refused.
 */
function applyOne(snap: UserValueSnapshot, s: KSymbol, to: string): string | null | undefined {
  snap.keep(s);
  s.calcValue();
  if (to === 'default') {
    if (!s.hasValue()) return undefined;
    s.unsetValue();
    return 'default';
  }
  if (!s.isLogical()) return s.setValue(to) ? to : null;
  if (s.choice && s.visibility === 2) return to === 'y' && s.setValue('y') ? 'y' : null;
  const vis = s.visibility;
  const rev = s.revDepTri;
  if (vis <= rev) return undefined;
  let w = ({ n: 0, m: 1, y: 2 } as const)[to as 'n' | 'm' | 'y'] ?? 2;
  w = Math.min(Math.max(w, rev), vis) as 0 | 1 | 2;
  if (w === 1 && (s.type !== SymbolType.Tristate || s.kc.modulesVal === 0)) w = 2;
  const letter = TRI_LETTER[w];
  return s.setValue(letter) ? letter : null;
}

/** Sets the plan's user values on the tree (in order); true when the target then has the planned value. */
export function applyPlan(kc: Kconfig, p: Extract<PlanResult, { ok: true }>): boolean {
  for (const c of p.changes) {
    c.symbol.calcValue();
    if (c.to === 'default') c.symbol.unsetValue();
    else c.symbol.setValue(c.to);
  }
  const t = p.target;
  return t.isLogical() ? t.strValue === p.value : sameText(t, t.strValue, p.value);
}

/**
 * The models assume a value of MODULES (every tristate's type follows it),
 * so MODULES itself is only planned directly: it is almost always a plain
 * top-level switch.
 */
function planModules(kc: Kconfig, modules: KSymbol, goal: Goal): PlanResult {
  const checked = verify(kc, modules, goal, [{ symbol: modules, to: goal.text }]);
  if (checked) return done(modules, goal, checked);
  const why = shortfall(kc, modules.name!, goal.text, true)?.reasons.join('; ') ?? '';
  return { ok: false, tooComplex: true, reason: `${modules.name} cannot be set to ${goal.text} directly now (${why}); plans do not go further for it` };
}

/**
 * Every tristate's type follows MODULES: with it flipped, values out of
 * reach may become reachable (m needs modules; a dependency only m-capable
 * becomes y without them). Tried only when the request is otherwise impossible.
 */
function planWithModulesFlipped(kc: Kconfig, sym: KSymbol, goal: Goal, deadline: number): PlanResult | null {
  const modules = kc.modulesSym;
  if (modules.isConst() || sym === modules || Date.now() > deadline) return null;
  const from = modules.strValue;
  const to = from === 'y' ? 'n' : 'y';
  const inner = trial(kc, (snap) => {
    snap.keep(modules);
    if (!modules.setValue(to)) return null;
    return planHere(kc, sym, goal, deadline);
  });
  if (!inner) return null;
  if (!inner.ok) return 'tooComplex' in inner ? inner : null;
  const rest = inner.changes.filter((c) => goal.kind === 'tri' || c.symbol !== sym);
  const proposal: Proposal = [{ symbol: modules, to }, ...rest.map((c) => ({ symbol: c.symbol, to: c.to }))];
  const checked = verify(kc, sym, goal, proposal);
  return checked ? done(sym, goal, checked, false) : null;
}

