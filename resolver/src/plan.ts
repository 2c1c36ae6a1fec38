/**
 * plan(symbol = value): the best few sets of user assignments that give the
 * symbol the value, found by the SAT solver over the encoding of the part of
 * the tree that can move, each checked on the engine itself before it is
 * offered. Plans are ranked (docs/resolver.md): those that change nothing
 * the user chose (user-choices.ts) come first, a change to a choice's answer
 * (the architecture) counts more than any number of values, and fewer
 * changes come before more.
 *
 * 1. The possible-value sets (all inputs free) settle most impossible
 *    requests at once, with the constraints that block them; a text value
 *    out of every range is refused with the range.
 * 2. Otherwise the encoding is solved from the current configuration, and
 *    each rank's budget lowered in turn (ranked-search.ts).
 * 3. The plan is applied to the engine (in dependency order, each value
 *    clamped to what the engine accepts at that point) and undone; only a
 *    plan the engine confirms is offered. A model the engine disagrees with
 *    is excluded and the search goes on; a plan seen to change something the
 *    user chose that the search did not count yet makes it count that and
 *    search again.
 * 4. Alternatives: the search again, with no plan holding all the changes
 *    of one already found.
 * 5. No model at all: the relaxed encoding (the few inputs plans do not
 *    touch set free) decides between "impossible" (a proof) and "too
 *    complex" (it would need an input plans do not change).
 * 6. Still impossible: the same with MODULES flipped, since every tristate
 *    follows it.
 */
import { exprValueString, PropType, settleModules, shortfall, SymbolType, trial, type Kconfig, type KSymbol, type Property, type UserValueSnapshot } from 'kconfig-parser-ts';
import { whyNever, type Blocking } from './blockers.js';
import { Encoding, type TriLits } from './encoding.js';
import { distancesFrom } from './distance.js';
import { goalHolds, parseGoal, sameText, type Goal } from './goal.js';
import { RankedSearch, type Proposal } from './ranked-search.js';
import { symbolLabel as label } from './render.js';
import { neg, type Lit } from './sat.js';
import { dependencyRank, possibleValues } from './static-model.js';
import { isSingle, N, TRI_LETTER } from './tristate.js';
import { ChosenValues, NOTHING_CHOSEN, userChoices, type Override, type UserChoices } from './user-choices.js';
import type { ValueSets } from './value-sets.js';

export type PlanChange = { symbol: KSymbol; from: string; to: string };

/** One plan: the changes to make, and what among them changes something the user chose. */
export interface PlanOption {
  changes: PlanChange[];
  /** Values the user chose (choices first) that the plan changes; empty for a plan that leaves them all. */
  overrides: Override[];
  /** Proven to rank first among the plans left when it was found; otherwise minimal (no change can be left out). */
  smallest: boolean;
}

export type PlanResult =
  | {
      ok: true;
      /** The best plan (alternatives[0]). */
      changes: PlanChange[];
      overrides: Override[];
      verified: true;
      target: KSymbol;
      value: string;
      /** Proven best: no plan ranks before it. Otherwise minimal (no change can be left out). */
      smallest: boolean;
      /** Every plan offered, best first (the first is the one above). */
      alternatives: PlanOption[];
    }
  | { ok: false; impossible: true; reason: string; blocking: Blocking[] }
  | { ok: false; tooComplex: true; reason: string }
  /** Every plan the model found was refused by the engine: a bug of the model, counted by the sweeps. */
  | { ok: false; unconfirmed: true; reason: string };

export interface PlanOptions {
  /** Give up after this long (default 2000 ms) with a "too complex" result. */
  timeoutMs?: number;
  /** How many plans to offer, best first (default 1, at most MAX_PLANS). */
  alternatives?: number;
  /** Symbols whose values no plan may change. */
  keep?: Iterable<KSymbol>;
  /** What the user chose (default: userChoices(kc), computed from the configuration). */
  choices?: UserChoices;
}

/** The most plans offered for one request. */
export const MAX_PLANS = 3;

/** Attempts at excluding models the engine disagrees with, before giving up. */
const MAX_REJECTED = 4;

/** What one request carries through the search. */
interface Request {
  sym: KSymbol;
  goal: Goal;
  deadline: number;
  want: number;
  keep: KSymbol[];
  chosen: ChosenValues;
}

export function plan(kc: Kconfig, sym: KSymbol, value: string, opts: PlanOptions = {}): PlanResult {
  const deadline = Date.now() + (opts.timeoutMs ?? 2000);
  const goal = parseGoal(sym, value);
  if ('error' in goal) return { ok: false, impossible: true, reason: goal.error, blocking: [] };
  const choices = opts.choices ?? userChoices(kc);
  const result = planNow(kc, sym, goal, deadline, { ...opts, choices });
  if (result.ok || !('impossible' in result)) return result;
  const flipped = planWithModulesFlipped(kc, sym, goal, deadline, { ...opts, choices });
  return flipped ?? result;
}

/** The plans for the tree as it is (MODULES as it is). */
function planNow(kc: Kconfig, sym: KSymbol, goal: Goal, deadline: number, opts: PlanOptions & { choices: UserChoices }): PlanResult {
  return quietly(kc, () => {
    settleModules(kc);
    if (goalHolds(sym, goal)) return done(sym, goal, []);
    const req = request(sym, goal, deadline, opts);
    if (sym === kc.modulesSym) return planModules(kc, req);
    return planHere(kc, req);
  });
}

function request(sym: KSymbol, goal: Goal, deadline: number, opts: PlanOptions & { choices: UserChoices }): Request {
  const keep = [...(opts.keep ?? [])].filter((k) => k !== sym);
  // What the request itself changes does not count against a plan.
  const chosen = new ChosenValues(opts.choices, (s) => s === sym || s === sym.choice || keep.includes(s));
  return { sym, goal, deadline, want: Math.max(1, Math.min(MAX_PLANS, opts.alternatives ?? 1)), keep, chosen };
}

function done(sym: KSymbol, goal: Goal, plans: PlanOption[]): PlanResult {
  const best = plans[0] ?? { changes: [], overrides: [], smallest: true };
  return { ok: true, changes: best.changes, overrides: best.overrides, verified: true, target: sym, value: goal.text, smallest: best.smallest, alternatives: plans };
}

/** Runs `fn` with the tree's messages silenced (evaluation may print warnings). */
function quietly<T>(kc: Kconfig, fn: () => T): T {
  return trial(kc, () => fn());
}

function planHere(kc: Kconfig, req: Request): PlanResult {
  const { sym, goal, deadline } = req;
  const stat = possibleValues(kc);
  const staticallyPossible = goal.kind === 'tri' ? (stat.val.get(sym)! & (1 << goal.tri)) !== 0 : (stat.vis.get(sym)! & 6) !== 0;
  if (staticallyPossible && Date.now() > deadline) return tooComplex(sym, goal);
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
  if (goal.kind === 'text') {
    const out = outOfRange(stat, sym, goal.text);
    if (out) return out;
  }

  const enc = new Encoding(kc, stat, false);
  const s = enc.solver;
  s.addClause([objective(enc, sym, goal)]);
  for (const k of req.keep) {
    const l = enc.changed(k);
    if (l !== null) s.addClause([neg(l)]);
  }
  // Only symbols that can change matter for the order (and the walk stays small).
  const dist = distancesFrom(sym, (x) => x.isLogical() && isSingle(stat.val.get(x) ?? 7));
  const far = (x: KSymbol) => dist.get(x) ?? Infinity;
  const search = new RankedSearch(enc, [...enc.inputs].sort((a, b) => far(b.symbol) - far(a.symbol)).map((i) => i.change));
  const plans: PlanOption[] = [];
  let rejected = 0;
  let refusal = '';
  while (plans.length < req.want) {
    if (plans.length && Date.now() > deadline) break;
    const found = search.best(deadline);
    if (found === 'unknown') {
      if (plans.length) break;
      return tooComplex(sym, goal);
    }
    if (found === 'unsat') {
      if (plans.length) break;
      return rejected ? unconfirmed(sym, goal, refusal) : noModel(kc, req);
    }
    const checked = verify(kc, req, found.proposal);
    if ('refused' in checked) {
      refusal = checked.refused;
      if (++rejected > MAX_REJECTED) {
        if (plans.length) break;
        return unconfirmed(sym, goal, refusal);
      }
      search.exclude(found.proposal, 'exact');
      continue;
    }
    // A change to something the user chose that the search did not count: count it and search again.
    let counted = false;
    for (const o of checked.overrides) if (!search.isWatched(o.symbol)) counted = search.watch(o.symbol, o.kind) || counted;
    if (counted) continue;
    // After a model the engine rejected, the model is known to be loose here: claim no more than minimal.
    plans.push({ ...checked, smallest: found.proven && rejected === 0 });
    if (plans.length < req.want) search.exclude(found.proposal, 'supersets');
  }
  return done(sym, goal, plans.sort(byRank));
}

/** The ranking: fewer choice answers changed, then fewer other chosen values, then fewer changes. */
function byRank(a: PlanOption, b: PlanOption): number {
  const count = (p: PlanOption, kind: Override['kind']) => p.overrides.filter((o) => o.kind === kind).length;
  return count(a, 'choice') - count(b, 'choice') || count(a, 'value') - count(b, 'value') || a.changes.length - b.changes.length;
}

function objective(enc: Encoding, sym: KSymbol, goal: Goal, ranges = true): Lit {
  if (goal.kind === 'text') return ranges ? enc.and([enc.visibility(sym).a, enc.rangeAdmits(sym, goal.text)]) : enc.visibility(sym).a;
  const v: TriLits = enc.value(sym);
  return enc.equals(v, goal.tri);
}

/**
 * An int or hex value that no range can admit: every range that may be in
 * force excludes it, and one of them always is.
 */
function outOfRange(stat: ValueSets, sym: KSymbol, text: string): PlanResult | null {
  if (sym.type !== SymbolType.Int && sym.type !== SymbolType.Hex) return null;
  const excluding: Property[] = [];
  for (const p of sym.props) {
    if (p.type !== PropType.Range) continue;
    const cond = p.visibleExpr ? stat.exprMask(p.visibleExpr) : 4;
    if (!(cond & ~N)) continue;
    if (sym.withinRange(p, text)) return null;
    excluding.push(p);
    // Always in force from here: no later range counts.
    if (!(cond & N)) {
      return {
        ok: false,
        impossible: true,
        reason: `${text} is out of range: ${sym.name} must be within ${excluding.map(rangeText).join(' or ')}`,
        blocking: excluding.map(rangeBlocking),
      };
    }
  }
  return null;
}

/** `1..5`, with the value of a bound that is a symbol: `0..NR_CPUS [=64]`. */
function rangeText(p: Property): string {
  const bound = (s: KSymbol) => (s.isConst() || !s.isDefined ? s.name ?? '' : `${s.name} [=${s.strValue}]`);
  return `${bound(p.expr!.s1!)}..${bound(p.expr!.s2!)}`;
}

function rangeBlocking(p: Property): Blocking {
  return { file: p.file.name, line: p.lineno, text: `range ${rangeText(p).replace('..', ' ')}${p.visibleExpr ? ` if ${exprValueString(p.visibleExpr)}` : ''}` };
}

function tooComplex(sym: KSymbol, goal: Goal): PlanResult {
  const dep = sym.dirDep ? ` (it depends on ${exprValueString(sym.dirDep)})` : '';
  return {
    ok: false,
    tooComplex: true,
    reason: `too complex to plan ${sym.name}=${goal.text} within the time limit${dep}`,
  };
}

function unconfirmed(sym: KSymbol, goal: Goal, refusal: string): PlanResult {
  return {
    ok: false,
    unconfirmed: true,
    reason: `the engine refused every plan the planner's model gave for ${sym.name}=${goal.text} (the last: ${refusal}); please report this`,
  };
}

/** The planning encoding has no model: impossible, or reachable only through inputs plans do not set. */
function noModel(kc: Kconfig, req: Request): PlanResult {
  const { sym, goal } = req;
  const r = relaxedSolve(kc, req, req.keep);
  if (r === 'unknown') return tooComplex(sym, goal);
  if (r !== 'unsat') {
    const needed = r.frozen.filter((f) => f.differs(r.solver));
    const list = needed.length ? needed.map((f) => f.what).join(', ') : 'inputs the planner does not set';
    const who = [...new Set(needed.map((f) => f.symbol.name))].join(', ');
    return {
      ok: false,
      tooComplex: true,
      reason: `${sym.name}=${goal.text} needs ${list}; plans do not change int, hex or string values${who ? `: set ${who} yourself, then plan again` : ''}`,
    };
  }
  const excluding = goal.kind === 'text' ? sym.ranges.filter((p) => !sym.withinRange(p, goal.text)) : [];
  if (excluding.length && relaxedSolve(kc, req, req.keep, false) !== 'unsat') {
    return {
      ok: false,
      impossible: true,
      reason: `${goal.text} is out of range: ${sym.name} must be within ${excluding.map(rangeText).join(' or ')}`,
      blocking: excluding.map(rangeBlocking),
    };
  }
  if (req.keep.length && relaxedSolve(kc, req, []) !== 'unsat') {
    return {
      ok: false,
      impossible: true,
      reason: `no plan gives ${sym.name}=${goal.text} without changing what is kept (${req.keep.map((k) => k.name ?? '<choice>').join(', ')})`,
      blocking: req.keep.flatMap((k) => k.locations.slice(0, 1).map((l) => ({ file: l.file, line: l.line, text: `kept: ${k.name ?? '<choice>'}=${k.strValue}` }))),
    };
  }
  return impossibleByModel(sym, goal);
}

/**
 * The encoding with the inputs plans do not set left free: its solver after
 * a model, or why there is none. `ranges`: a text value must be within the
 * range in force (false: only its prompt must show).
 */
function relaxedSolve(kc: Kconfig, req: Request, keep: KSymbol[], ranges = true): Encoding | 'unsat' | 'unknown' {
  const enc = new Encoding(kc, possibleValues(kc), true);
  enc.solver.addClause([objective(enc, req.sym, req.goal, ranges)]);
  for (const k of keep) {
    const l = enc.changed(k);
    if (l !== null) enc.solver.addClause([neg(l)]);
  }
  const r = enc.solver.solve(req.deadline);
  return r === 'sat' ? enc : r;
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
  if (goal.kind === 'text') for (const p of sym.ranges) blocking.push(rangeBlocking(p));
  return {
    ok: false,
    impossible: true,
    reason: `no configuration gives ${sym.name}=${goal.text}: its constraints contradict each other`,
    blocking,
  };
}

type Checked = { changes: PlanChange[]; overrides: Override[] } | { refused: string };

/** A proposal in an order the engine takes: MODULES first (every tristate follows it), then dependencies first; within a choice, its mode before its members. */
function inApplyOrder(kc: Kconfig, proposal: Proposal): Proposal {
  const key = (s: KSymbol) => (s === kc.modulesSym ? -1 : 2 * dependencyRank(kc, s) + (s.isChoice() ? 0 : 1));
  return [...proposal].sort((a, b) => key(a.symbol) - key(b.symbol));
}

/**
 * Sets a proposal's user values on the engine, in an order that works.
 * Call inside trial(). The changes as the engine took them, or which one
 * it refused.
 */
export function applyProposal(kc: Kconfig, snap: UserValueSnapshot, proposal: Proposal): { changes: PlanChange[] } | { refused: string } {
  const ordered = inApplyOrder(kc, proposal);
  const from = new Map(ordered.map((c) => [c.symbol, c.symbol.strValue]));
  const changes: PlanChange[] = [];
  for (const c of ordered) {
    const to = applyOne(snap, c.symbol, c.to);
    if (to === null) return { refused: `the engine refused ${label(c.symbol)}=${c.to}` };
    if (to !== undefined) changes.push({ symbol: c.symbol, from: from.get(c.symbol)!, to });
  }
  return { changes };
}

/**
 * Applies a proposal on the engine and undoes it: the changes as the engine
 * took them and what they change that the user chose, or why the engine
 * refused them.
 */
function verify(kc: Kconfig, req: Request, proposal: Proposal): Checked {
  const { sym: target, goal } = req;
  const ordered = inApplyOrder(kc, proposal);
  const kept = req.keep.map((k) => [k, k.strValue] as const);
  return trial(kc, (snap): Checked => {
    const targetFrom = target.strValue;
    const done = applyProposal(kc, snap, ordered);
    if ('refused' in done) return done;
    const applied = done.changes;
    if (goal.kind === 'text') {
      snap.keep(target);
      if (!target.setValue(goal.text)) return { refused: `the engine refused ${label(target)}=${goal.text} after the other changes` };
      applied.push({ symbol: target, from: targetFrom, to: goal.text });
    }
    // Evaluation itself may drop a choice's answered mark (when a member
    // without an answer shows), which changes the next evaluation: the value
    // must hold over repeated full recomputations, as a saved and reloaded
    // configuration would give.
    for (let round = 0; round < 2; round++) {
      kc.clearAllValid();
      const holds = goal.kind === 'tri' ? target.triValue === goal.tri : sameText(target, target.strValue, goal.text);
      if (!holds) return { refused: `${label(target)} is ${target.strValue} after ${formatProposal(ordered)}` };
    }
    for (const [k, v] of kept) if (k.strValue !== v) return { refused: `${formatProposal(ordered)} changes ${label(k)}, which is kept` };
    return { changes: applied, overrides: req.chosen.overrides(applied.map((c) => c.symbol)) };
  });
}

function formatProposal(p: Proposal): string {
  return p.map((c) => `${label(c.symbol)}=${c.to}`).join(', ') || 'no change';
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

/** The plan result with alternative `i` as its plan (what applyPlan then makes). */
export function pickAlternative(p: Extract<PlanResult, { ok: true }>, i: number): Extract<PlanResult, { ok: true }> {
  const a = p.alternatives[i];
  if (!a) throw new RangeError(`no plan ${i + 1}: there are ${p.alternatives.length}`);
  return { ...p, changes: a.changes, overrides: a.overrides, smallest: a.smallest };
}

/**
 * The models assume a value of MODULES (every tristate's type follows it),
 * so MODULES itself is only planned directly: it is almost always a plain
 * top-level switch.
 */
function planModules(kc: Kconfig, req: Request): PlanResult {
  const { sym: modules, goal } = req;
  const checked = verify(kc, req, [{ symbol: modules, to: goal.text }]);
  if (!('refused' in checked)) return done(modules, goal, [{ ...checked, smallest: true }]);
  const why = shortfall(kc, modules.name!, goal.text, true)?.reasons.join('; ') ?? '';
  return { ok: false, tooComplex: true, reason: `${modules.name} cannot be set to ${goal.text} directly now (${why}); plans do not go further for it` };
}

/**
 * Every tristate's type follows MODULES: with it flipped, values out of
 * reach may become reachable (m needs modules; a dependency only m-capable
 * becomes y without them). Tried only when the request is otherwise impossible.
 */
function planWithModulesFlipped(kc: Kconfig, sym: KSymbol, goal: Goal, deadline: number, opts: PlanOptions & { choices: UserChoices }): PlanResult | null {
  const modules = kc.modulesSym;
  if (modules.isConst() || sym === modules || Date.now() > deadline) return null;
  const from = modules.strValue;
  const to = from === 'y' ? 'n' : 'y';
  const inner = trial(kc, (snap) => {
    snap.keep(modules);
    if (!modules.setValue(to)) return null;
    // Not ranked by what the user chose: the flip itself changes the values of most tristates.
    return planNow(kc, sym, goal, deadline, { ...opts, alternatives: 1, choices: NOTHING_CHOSEN });
  });
  if (!inner) return null;
  if (!inner.ok) return 'tooComplex' in inner ? inner : null;
  const rest = inner.changes.filter((c) => goal.kind === 'tri' || c.symbol !== sym);
  const proposal: Proposal = [{ symbol: modules, to }, ...rest.map((c) => ({ symbol: c.symbol, to: c.to }))];
  return quietly(kc, () => {
    const checked = verify(kc, request(sym, goal, deadline, opts), proposal);
    return 'refused' in checked ? null : done(sym, goal, [{ ...checked, smallest: false }]);
  });
}
