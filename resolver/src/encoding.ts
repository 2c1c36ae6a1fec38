/**
 * The value computation of one part of the tree as a SAT problem.
 *
 * Each bool/tristate value is a pair of literals (value >= m, value >= y);
 * min, max and not of tristates are then and, or and swapped negation. User
 * values and choice picks are the free inputs; everything else is a gate
 * (Tseitin encoding) that follows the engine's rules exactly. Symbols whose
 * value no input can change (the static analysis of value-sets.ts) are
 * constants, so only the part of the tree that can move is encoded.
 *
 * Each input has a "change" literal; the solver's budget constraint counts
 * them. Every literal starts with the polarity it has now, so the search
 * begins from the current configuration and tends to change little.
 *
 * A few inputs are not planned: a choice's own mode, the m-mode answers of
 * tristate choice members, and comparisons of int/hex/string symbols. In a
 * planning encoding they keep their current values (and are listed in
 * `frozen`); in a relaxed encoding they are free, which gives a sound
 * "impossible" when even that has no solution.
 */
import {
  calcExpr,
  ExprType,
  PropType,
  SymbolType,
  walkExpr,
  type Expr,
  type Kconfig,
  type KSymbol,
} from 'kconfig-parser-ts';
import { litOf, neg, Solver, varOf, type Lit } from './sat.js';
import { isSingle, N, single, type Mask } from './tristate.js';
import { dependencyOrder, unitOf } from './graph.js';
import type { ValueSets } from './value-sets.js';

/** A tristate as literals: value >= m, value >= y. */
export interface TriLits {
  a: Lit;
  b: Lit;
}

/** A plannable input: a user value or a choice pick. */
export interface InputSlot {
  symbol: KSymbol;
  /** True in a model when the plan changes this input. */
  change: Lit;
  /** The user value the plan gives (n/m/y) in a model. */
  planned(s: Solver): string;
}

/** An input kept at its current value while planning. */
export interface FrozenInput {
  symbol: KSymbol;
  what: string;
  /** True when the relaxed model's value differs from the current one. */
  differs(s: Solver): boolean;
}

export class Encoding {
  readonly solver = new Solver();
  readonly TRUE: Lit;
  readonly FALSE: Lit;
  readonly inputs: InputSlot[] = [];
  readonly frozen: FrozenInput[] = [];
  private readonly symLits = new Map<KSymbol, TriLits>();
  private readonly visLits = new Map<KSymbol, TriLits>();
  private readonly exprLits = new Map<Expr, TriLits>();
  /** Gates already built, by kind and inputs (numbers for the common small cases). */
  private readonly gates = new Map<string | number, Lit>();
  /** Value of each variable in the current configuration (the starting phase). */
  private now: Uint8Array = new Uint8Array(64);

  constructor(
    readonly kc: Kconfig,
    /** Possible values with every input free. */
    readonly stat: ValueSets,
    readonly relaxed: boolean,
  ) {
    this.TRUE = this.freshVar(true);
    this.solver.addClause([this.TRUE]);
    this.FALSE = neg(this.TRUE);
  }

  // ---- literals and gates -------------------------------------------------

  private freshVar(now: boolean): Lit {
    const v = this.solver.newVar(now);
    if (v >= this.now.length) {
      const n = new Uint8Array(this.now.length * 2);
      n.set(this.now);
      this.now = n;
    }
    this.now[v] = now ? 1 : 0;
    return litOf(v);
  }

  /** The literal's value in the current configuration. */
  nowValue(l: Lit): boolean {
    return (this.now[varOf(l)] ^ (l & 1)) === 1;
  }

  and(lits: Lit[]): Lit {
    const xs: Lit[] = [];
    for (const l of lits) {
      if (l === this.TRUE) continue;
      if (l === this.FALSE) return this.FALSE;
      if (!xs.includes(l)) xs.push(l);
    }
    if (xs.length === 0) return this.TRUE;
    if (xs.length === 1) return xs[0];
    xs.sort((p, q) => p - q);
    for (let i = 1; i < xs.length; i++) if (xs[i] === neg(xs[i - 1])) return this.FALSE;
    const key = xs.length === 2 && xs[1] < KEY_LIMIT ? xs[0] * KEY_LIMIT + xs[1] : 'a' + xs.join(',');
    const known = this.gates.get(key);
    if (known !== undefined) return known;
    let now = true;
    for (const l of xs) now &&= this.nowValue(l);
    const z = this.freshVar(now);
    const s = this.solver;
    const long: Lit[] = [z];
    for (const l of xs) {
      s.addCleanClause([neg(z), l]);
      long.push(neg(l));
    }
    s.addCleanClause(long);
    this.gates.set(key, z);
    return z;
  }

  or(lits: Lit[]): Lit {
    return neg(this.and(lits.map(neg)));
  }

  ite(c: Lit, t: Lit, e: Lit): Lit {
    if (c === this.TRUE || t === e) return t;
    if (c === this.FALSE) return e;
    if (t === this.TRUE) return this.or([c, e]);
    if (t === this.FALSE) return this.and([neg(c), e]);
    if (e === this.TRUE) return this.or([neg(c), t]);
    if (e === this.FALSE) return this.and([c, t]);
    if (t === neg(e)) return this.xnor(c, t);
    if (t === c) return this.or([c, e]);
    if (t === neg(c)) return this.and([neg(c), e]);
    if (e === c) return this.and([c, t]);
    if (e === neg(c)) return this.or([neg(c), t]);
    const key = c < KEY_LIMIT && t < KEY_LIMIT && e < KEY_LIMIT ? -((c * KEY_LIMIT + t) * KEY_LIMIT + e) - 1 : `i${c},${t},${e}`;
    const known = this.gates.get(key);
    if (known !== undefined) return known;
    const z = this.freshVar(this.nowValue(c) ? this.nowValue(t) : this.nowValue(e));
    const s = this.solver;
    s.addCleanClause([neg(c), neg(t), z]);
    s.addCleanClause([neg(c), t, neg(z)]);
    s.addCleanClause([c, neg(e), z]);
    s.addCleanClause([c, e, neg(z)]);
    s.addCleanClause([neg(t), neg(e), z]);
    s.addCleanClause([t, e, neg(z)]);
    this.gates.set(key, z);
    return z;
  }

  xnor(x: Lit, y: Lit): Lit {
    if (x === y) return this.TRUE;
    if (x === neg(y)) return this.FALSE;
    if (x === this.TRUE) return y;
    if (x === this.FALSE) return neg(y);
    if (y === this.TRUE) return x;
    if (y === this.FALSE) return neg(x);
    const [p, q] = x < y ? [x, y] : [y, x];
    // Normalise signs so that x == y and !x == !y share one gate.
    const flip = (p & 1) ^ (q & 1);
    const pp = p & ~1;
    const qq = q & ~1;
    const key = `x${pp},${qq}`;
    let z = this.gates.get(key);
    if (z === undefined) {
      z = this.freshVar(this.nowValue(pp) === this.nowValue(qq));
      const s = this.solver;
      s.addCleanClause([neg(z), neg(pp), qq]);
      s.addCleanClause([neg(z), pp, neg(qq)]);
      s.addCleanClause([z, pp, qq]);
      s.addCleanClause([z, neg(pp), neg(qq)]);
      this.gates.set(key, z);
    }
    return flip ? neg(z) : z;
  }

  // ---- tristates ------------------------------------------------------------

  constant(m: Mask): TriLits {
    const t = single(m);
    return { a: t >= 1 ? this.TRUE : this.FALSE, b: t === 2 ? this.TRUE : this.FALSE };
  }

  tmin(xs: TriLits[]): TriLits {
    return { a: this.and(xs.map((x) => x.a)), b: this.and(xs.map((x) => x.b)) };
  }
  tmax(xs: TriLits[]): TriLits {
    return { a: this.or(xs.map((x) => x.a)), b: this.or(xs.map((x) => x.b)) };
  }
  tnot(x: TriLits): TriLits {
    return { a: neg(x.b), b: neg(x.a) };
  }
  /** m shows as y (bools, tristates without modules). */
  promote(x: TriLits): TriLits {
    return { a: x.a, b: x.a };
  }
  tite(c: Lit, t: TriLits, e: TriLits): TriLits {
    return { a: this.ite(c, t.a, e.a), b: this.ite(c, t.b, e.b) };
  }
  /** A literal saying the tristate equals `t`. */
  equals(x: TriLits, t: 0 | 1 | 2): Lit {
    if (t === 2) return x.b;
    if (t === 0) return neg(x.a);
    return this.and([x.a, neg(x.b)]);
  }
  /** Value of a tristate in the last model. */
  modelTri(x: TriLits): 0 | 1 | 2 {
    return this.solver.modelValue(x.b) ? 2 : this.solver.modelValue(x.a) ? 1 : 0;
  }
  nowTri(x: TriLits): 0 | 1 | 2 {
    return this.nowValue(x.b) ? 2 : this.nowValue(x.a) ? 1 : 0;
  }

  // ---- expressions ------------------------------------------------------------

  expr(e: Expr | null): TriLits {
    if (!e) return this.constant(4);
    const m = this.stat.exprMask(e);
    if (isSingle(m)) return this.constant(m);
    const known = this.exprLits.get(e);
    if (known) return known;
    let r: TriLits;
    switch (e.type) {
      case ExprType.Symbol:
        return this.value(e.s1!);
      case ExprType.And:
      case ExprType.Or: {
        const parts: TriLits[] = [];
        let x = e;
        while (x.type === e.type) {
          parts.push(this.expr(x.r));
          x = x.l!;
        }
        parts.push(this.expr(x));
        r = e.type === ExprType.And ? this.tmin(parts) : this.tmax(parts);
        break;
      }
      case ExprType.Not:
        r = this.tnot(this.expr(e.l));
        break;
      default:
        r = this.comparison(e);
    }
    this.exprLits.set(e, r);
    return r;
  }

  private comparison(e: Expr): TriLits {
    const a = e.s1!;
    const b = e.s2!;
    if (a.isLogical() && b.isLogical()) {
      const x = this.value(a);
      const y = this.value(b);
      let r: Lit;
      const lt = (p: TriLits, q: TriLits) => this.or([this.and([q.a, neg(p.a)]), this.and([q.b, neg(p.b)])]);
      switch (e.type) {
        case ExprType.Equal:
          r = this.and([this.xnor(x.a, y.a), this.xnor(x.b, y.b)]);
          break;
        case ExprType.Unequal:
          r = neg(this.and([this.xnor(x.a, y.a), this.xnor(x.b, y.b)]));
          break;
        case ExprType.Lth:
          r = lt(x, y);
          break;
        case ExprType.Gth:
          r = lt(y, x);
          break;
        case ExprType.Leq:
          r = neg(lt(y, x));
          break;
        default:
          r = neg(lt(x, y));
      }
      return { a: r, b: r };
    }
    // An int/hex/string value takes part: not planned.
    const now = calcExpr(e) === 2;
    const text = a.isLogical() ? b : a;
    const what = describeComparison(e);
    if (!this.relaxed) {
      const t = now ? this.TRUE : this.FALSE;
      return { a: t, b: t };
    }
    const v = this.freshVar(now);
    this.frozen.push({
      symbol: text,
      what: now ? `${what} to be false` : what,
      differs: (s) => s.modelValue(v) !== now,
    });
    return { a: v, b: v };
  }

  // ---- symbols ------------------------------------------------------------------

  /** The value of a symbol as literals (encoding its part of the tree on first use). */
  value(s: KSymbol): TriLits {
    const m = s.isConst() || !s.isLogical() ? (s.isConst() ? 1 << s.triValue : N) : this.stat.val.get(s) ?? this.stat.symbolMask(s);
    if (isSingle(m)) return this.constant(m);
    let r = this.symLits.get(s);
    if (!r) {
      this.encodeFrom(s);
      r = this.symLits.get(s)!;
    }
    return r;
  }

  /** Upper bound the prompts allow, as literals. */
  visibility(s: KSymbol): TriLits {
    const m = this.stat.vis.get(s);
    if (m !== undefined && isSingle(m)) return this.constant(m);
    let r = this.visLits.get(s);
    if (!r) {
      if (s.isLogical() || s.choice) this.encodeFrom(s);
      else this.visLits.set(s, this.promptVisibility(s, null));
      r = this.visLits.get(s)!;
    }
    return r;
  }

  /** Encodes `s`'s unit after every unit it depends on (no deep recursion). */
  private encodeFrom(s: KSymbol): void {
    for (const u of dependencyOrder([s], (u) => this.openDependencies(u))) {
      if (this.symLits.has(u) || this.visLits.has(u)) continue;
      if (u.isChoice()) this.encodeChoice(u);
      else if (u.isLogical()) this.encodePlain(u);
    }
  }

  /** Units read by the parts of `u`'s computation that can still change. */
  private openDependencies(u: KSymbol): KSymbol[] {
    const out = new Set<KSymbol>();
    const visit = (e: Expr | null) => {
      const leaves: Expr[] = [];
      walkExpr(e, (x) => {
        if (isSingle(this.stat.exprMask(x))) return false;
        if (x.s1) leaves.push(x);
      });
      // Right to left: the order units are encoded in fixes the solver's variable order, and with it which of several smallest plans is found.
      for (let i = leaves.length - 1; i >= 0; i--) {
        for (const d of [leaves[i].s1, leaves[i].s2]) if (d && !d.isConst() && d.isLogical() && unitOf(d) !== u) out.add(unitOf(d));
      }
    };
    for (const s of [u, ...u.choiceMembers]) {
      visit(s.dirDep);
      visit(s.revDep);
      visit(s.implied);
      for (const p of s.props) {
        if (p.type === PropType.Default || p.type === PropType.Range) visit(p.expr);
        if (p.type !== PropType.Select && p.type !== PropType.Imply && p.type !== PropType.Choice) visit(p.visibleExpr);
      }
    }
    return [...out];
  }

  private effectivelyBool(s: KSymbol): boolean {
    return s.type !== SymbolType.Tristate || this.stat.modulesVal === 0;
  }

  /** calcVisibility's prompt part; `choiceVal` applies the rule for tristate members of a y choice. */
  private promptVisibility(s: KSymbol, choiceVal: TriLits | null): TriLits {
    const parts: TriLits[] = [];
    for (const p of s.props) {
      if (p.text === null) continue;
      let pv = this.expr(p.visibleExpr);
      if (choiceVal && s.type === SymbolType.Tristate) pv = { a: this.and([pv.a, this.or([pv.b, neg(choiceVal.b)])]), b: pv.b };
      parts.push(pv);
    }
    const vis = parts.length ? this.tmax(parts) : this.constant(N);
    return s.type !== SymbolType.Tristate || this.stat.modulesVal === 0 ? this.promote(vis) : vis;
  }

  /**
   * A user value input: (set, >= m, >= y) with its change literal. A plan may
   * also remove a user value (back to the defaults): some values are only
   * reachable that way, e.g. a default above what a conditional prompt allows.
   */
  private userInput(s: KSymbol, vis: TriLits, plannable: boolean): { set: Lit; u: TriLits } {
    const cur = s.userTri;
    if (!plannable && !this.relaxed) {
      const t = this.constant(1 << (cur ?? 0));
      return { set: cur === null ? this.FALSE : this.TRUE, u: t };
    }
    const set = this.freshVar(cur !== null);
    const u = { a: this.freshVar((cur ?? 0) >= 1), b: this.freshVar(cur === 2) };
    this.solver.addClause([neg(u.b), u.a]);
    const sameValue = cur === null ? this.TRUE : cur === 2 ? u.b : cur === 0 ? neg(u.a) : this.and([u.a, neg(u.b)]);
    // Without a user value the slot's letters are meaningless: keep them at their current values.
    this.solver.addClause([set, sameValue]);
    if (!plannable) {
      const differs = (sv: Solver) => sv.modelValue(set) !== (cur !== null) || (cur !== null && this.modelTri(u) !== cur);
      this.frozen.push({ symbol: s, what: `the m/n answer to ${s.name ?? "<choice>"} (a member of a choice in m mode)`, differs });
      return { set, u };
    }
    const change = cur === null ? set : this.or([neg(set), neg(sameValue)]);
    // A change is only useful where a prompt shows.
    this.solver.addClause([neg(change), vis.a]);
    if (this.effectivelyBool(s) && cur !== 1) this.solver.addClause([neg(set), neg(u.a), u.b]);
    this.inputs.push({
      symbol: s,
      change,
      planned: (sv) => (!sv.modelValue(set) ? 'default' : sv.modelValue(u.b) ? 'y' : sv.modelValue(u.a) ? 'm' : 'n'),
    });
    return { set, u };
  }

  /** The active default's value: min(value, condition) of the first default whose condition is not n. */
  private defaultValue(s: KSymbol): TriLits {
    let notYet = this.TRUE;
    const a: Lit[] = [];
    const b: Lit[] = [];
    for (const p of s.props) {
      if (p.type !== PropType.Default) continue;
      const c = this.expr(p.visibleExpr);
      const e = this.expr(p.expr);
      a.push(this.and([notYet, e.a, c.a]));
      b.push(this.and([notYet, e.b, c.b]));
      notYet = this.and([notYet, neg(c.a)]);
      if (notYet === this.FALSE) break;
    }
    return { a: this.or(a), b: this.or(b) };
  }

  private encodePlain(s: KSymbol): void {
    const vis = this.promptVisibility(s, null);
    this.visLits.set(s, vis);
    const visM = this.stat.vis.get(s) ?? 7;
    const d = this.defaultValue(s);
    let t = d;
    if (s.implied) {
      const imp = this.expr(s.implied);
      t = this.tite(imp.a, this.tmin([this.tmax([d, imp]), this.expr(s.dirDep)]), d);
    }
    if (visM & ~N && s.prompts.length) {
      const { set, u } = this.userInput(s, vis, true);
      const userPath = this.and([set, vis.a]);
      t = this.tite(userPath, { a: this.and([u.a, vis.a]), b: this.and([u.b, vis.b]) }, t);
    }
    let v = s.revDep ? this.tmax([t, this.expr(s.revDep)]) : t;
    if (this.effectivelyBool(s)) v = this.promote(v);
    this.symLits.set(s, v);
  }

  private encodeChoice(c: KSymbol): void {
    const cvis = this.promptVisibility(c, null);
    this.visLits.set(c, cvis);
    // The mode of a choice: its user value under the prompt, raised by its "visible => at least m" rule.
    let t = this.constant(N);
    // A bool choice that must be answered is y whenever its prompt shows: its own value does not matter.
    const modeMatters = c.type === SymbolType.Tristate || c.isOptional();
    if ((this.stat.vis.get(c) ?? 7) & ~N && modeMatters) {
      const { set, u } = this.userInput(c, cvis, true);
      t = this.tite(this.and([set, cvis.a]), { a: this.and([u.a, cvis.a]), b: this.and([u.b, cvis.b]) }, t);
    }
    let cval = c.revDep ? this.tmax([t, this.expr(c.revDep)]) : t;
    if (this.effectivelyBool(c)) cval = this.promote(cval);
    this.symLits.set(c, cval);

    const members = c.choiceMembers;
    const vis = new Map<KSymbol, TriLits>();
    for (const m of members) {
      const v = this.promptVisibility(m, cval);
      vis.set(m, v);
      this.visLits.set(m, v);
    }
    const picked = this.pickLiterals(c, vis);
    for (const m of members) {
      const mv = vis.get(m)!;
      const asPick = this.and([cval.b, picked.get(m)!]);
      let t2 = this.defaultValue(m);
      const visM = this.stat.vis.get(m) ?? 7;
      if (visM & M_ONLY && m.prompts.length) {
        const { set, u } = this.userInput(m, mv, false);
        t2 = this.tite(this.and([set, mv.a]), { a: this.and([u.a, mv.a]), b: this.and([u.b, mv.b]) }, t2);
      }
      if (this.effectivelyBool(m)) t2 = this.promote(t2);
      this.symLits.set(m, { a: this.ite(mv.b, asPick, t2.a), b: this.ite(mv.b, asPick, t2.b) });
    }
  }

  // ---- what a plan changes --------------------------------------------------------

  /**
   * True when the symbol's value differs from now: for a choice, when the
   * member selected now is no longer selected; for an int/hex/string symbol,
   * when its prompt hides (its user value then stops counting). Null when
   * the encoding cannot say (a text value that is hidden now).
   */
  changed(s: KSymbol): Lit | null {
    if (s.isChoice()) {
      const sel = s.selection;
      return sel ? neg(this.value(sel).b) : null;
    }
    if (s.isLogical()) return neg(this.equals(this.value(s), s.triValue));
    return s.visibility > 0 ? neg(this.visibility(s).a) : null;
  }

  /** The range in force (the first whose condition is not n) admits `text`, or no range is in force. */
  rangeAdmits(s: KSymbol, text: string): Lit {
    let earlier = this.FALSE;
    const ok: Lit[] = [];
    for (const p of s.props) {
      if (p.type !== PropType.Range) continue;
      const active = this.expr(p.visibleExpr).a;
      if (s.withinRange(p, text)) ok.push(this.and([active, neg(earlier)]));
      earlier = this.or([earlier, active]);
    }
    ok.push(neg(earlier));
    return this.or(ok);
  }

  /** calcChoice: the user's pick if visible, else the first visible default, else the first visible member. */
  private pickLiterals(c: KSymbol, vis: Map<KSymbol, TriLits>): Map<KSymbol, Lit> {
    const members = c.choiceMembers;
    const current = c.userSelection;
    const options: { member: KSymbol | null; lit: Lit }[] = [];
    for (const m of members) options.push({ member: m, lit: this.freshVar(m === current) });
    if (current === null || !members.includes(current)) options.push({ member: null, lit: this.freshVar(true) });
    const s = this.solver;
    s.addClause(options.map((o) => o.lit));
    for (let i = 0; i < options.length; i++)
      for (let j = i + 1; j < options.length; j++) s.addClause([neg(options[i].lit), neg(options[j].lit)]);
    for (const o of options) {
      if (!o.member || o.member === current) continue;
      const m = o.member;
      // Picking a member is setting it to y, which needs it visible as y.
      s.addClause([neg(o.lit), vis.get(m)!.b]);
      this.inputs.push({ symbol: m, change: o.lit, planned: () => 'y' });
    }
    const userOk = new Map<KSymbol, Lit>();
    for (const o of options) if (o.member) userOk.set(o.member, this.and([o.lit, vis.get(o.member)!.a]));
    const anyUser = this.or([...userOk.values()]);
    const byDefault = new Map<KSymbol, Lit[]>();
    let taken = this.FALSE;
    for (const p of c.props) {
      if (p.type !== PropType.Default) continue;
      const target = p.expr?.s1;
      if (!target || !vis.has(target)) continue;
      const sel = this.and([neg(taken), this.expr(p.visibleExpr).a, vis.get(target)!.a]);
      (byDefault.get(target) ?? byDefault.set(target, []).get(target)!).push(sel);
      taken = this.or([taken, sel]);
    }
    const out = new Map<KSymbol, Lit>();
    let earlierVisible = this.FALSE;
    for (const m of members) {
      const va = vis.get(m)!.a;
      const fallback = this.and([neg(taken), neg(earlierVisible), va]);
      earlierVisible = this.or([earlierVisible, va]);
      const auto = this.or([...(byDefault.get(m) ?? []), fallback]);
      out.set(m, this.or([userOk.get(m)!, this.and([neg(anyUser), auto])]));
    }
    return out;
  }
}

/** Literals below this make numeric gate keys. */
const KEY_LIMIT = 1 << 17;

/** Visible as m (the only case where a member's own answer counts). */
const M_ONLY = 2;

function describeComparison(e: Expr): string {
  const op = { [ExprType.Equal]: '=', [ExprType.Unequal]: '!=', [ExprType.Lth]: '<', [ExprType.Leq]: '<=', [ExprType.Gth]: '>', [ExprType.Geq]: '>=' }[
    e.type as number
  ];
  const side = (s: KSymbol) => (s.isConst() && !/^-?(0x)?[0-9a-fA-F]+$/.test(s.name ?? '') ? `"${s.name}"` : s.name ?? '');
  return `${side(e.s1!)} ${op ?? '?'} ${side(e.s2!)}`;
}
