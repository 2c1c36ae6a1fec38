/**
 * The engine's value computation (Linux 6.1 rules) lifted to sets of values.
 *
 * Given, for each user input, the set of values it may take, this computes
 * for every bool/tristate symbol the set of values it may end up with. With
 * every input free, a symbol whose set holds one value cannot be changed by
 * any configuration: that is how the planner proves a value impossible and
 * keeps its search small. With every input at its current value, the sets
 * are single values equal to the engine's (checked by the tests), which keeps
 * this model and the engine in step.
 *
 * Sets lose correlations (a symbol read through two paths), so with open
 * inputs they may be larger than the truth, never smaller.
 */
import { calcExpr, ExprType, PropType, settleModules, SymbolType, type Expr, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import { compareMasks, isSingle, M, mmax, mmin, mnot, N, NY, promote, Y, type Mask } from './tristate.js';
import { dependencyOrder } from './graph.js';

/** A user value slot: bits n=1, m=2, y=4 and UNSET=8 (no user value). */
export const UNSET = 8;

export interface InputSets {
  /** Possible user values of a symbol (or of a choice's own mode). */
  user(s: KSymbol): number;
  /** Possible user picks of a choice; null in the list stands for "no pick". */
  picks(choice: KSymbol): (KSymbol | null)[];
}

/** Inputs as they are now in the engine. */
export const currentInputs: InputSets = {
  user: (s) => {
    const t = s.userTri;
    return t === null ? UNSET : 1 << t;
  },
  picks: (c) => [c.userSelection],
};

/** Every input free: what any configuration could give. */
export const freeInputs: InputSets = {
  user: (s) => (s.prompts.length ? 15 : UNSET),
  picks: (c) => [null, ...c.choiceMembers],
};

/** MODULES's value now (0 or 2; 0 when the tree has none): the world a model is built for. */
export function modulesValue(kc: Kconfig): number {
  settleModules(kc);
  return kc.modulesSym.isConst() ? 0 : kc.modulesSym.triValue;
}

export class ValueSets {
  readonly val = new Map<KSymbol, Mask>();
  readonly vis = new Map<KSymbol, Mask>();
  /** For choices: the members that can be the selected one. */
  readonly pick = new Map<KSymbol, KSymbol[]>();
  /** Non-bool/tristate symbols whose value no input can change. */
  readonly fixedText = new Set<KSymbol>();
  private readonly exprMemo = new Map<Expr, Mask>();

  constructor(
    readonly kc: Kconfig,
    readonly inputs: InputSets,
    /** MODULES as this model assumes it (0 or 2). */
    readonly modulesVal: number,
  ) {}

  /** Computes every unit reachable from `roots` (all symbols when omitted). */
  compute(roots: Iterable<KSymbol> = this.kc.allSymbols()): this {
    for (const u of dependencyOrder(roots)) this.computeUnit(u);
    return this;
  }

  /** The set of a symbol as an expression operand (computed on demand in dependency order). */
  symbolMask(s: KSymbol): Mask {
    if (s.isConst()) return 1 << s.triValue;
    let m = this.val.get(s);
    if (m === undefined) {
      this.compute([s]);
      m = this.val.get(s)!;
    }
    return m;
  }

  exprMask(e: Expr | null): Mask {
    if (!e) return Y;
    const memo = this.exprMemo.get(e);
    if (memo !== undefined) return memo;
    let r: Mask;
    switch (e.type) {
      case ExprType.Symbol:
        return this.symbolMask(e.s1!);
      case ExprType.And:
      case ExprType.Or: {
        // Left-deep chains: walk the spine without recursion.
        const and = e.type === ExprType.And;
        r = this.exprMask(e.r);
        let x = e.l!;
        while (x.type === e.type && !this.exprMemo.has(x)) {
          r = and ? mmin(r, this.exprMask(x.r)) : mmax(r, this.exprMask(x.r));
          x = x.l!;
        }
        const left = this.exprMask(x);
        r = and ? mmin(r, left) : mmax(r, left);
        break;
      }
      case ExprType.Not:
        r = mnot(this.exprMask(e.l));
        break;
      default:
        r = this.comparisonMask(e);
    }
    this.exprMemo.set(e, r);
    return r;
  }

  private comparisonMask(e: Expr): Mask {
    const a = e.s1!;
    const b = e.s2!;
    if (this.isFixed(a) && this.isFixed(b)) return 1 << calcExpr(e);
    if (a.isLogical() && b.isLogical()) {
      return compareMasks(this.symbolMask(a), this.symbolMask(b), COMPARE[e.type] ?? (() => false));
    }
    return NY;
  }

  /** The symbol's value cannot change under these inputs. */
  isFixed(s: KSymbol): boolean {
    if (s.isConst() || s.type === SymbolType.Unknown) return true;
    if (s.isLogical()) return isSingle(this.symbolMask(s));
    if (!this.val.has(s)) this.compute([s]);
    return this.fixedText.has(s);
  }

  private computeUnit(u: KSymbol): void {
    if (u.isChoice()) return this.computeChoice(u);
    // The model is built for one value of MODULES (every tristate's type follows it).
    if (u === this.kc.modulesSym) {
      this.vis.set(u, this.visibility(u, null));
      this.val.set(u, 1 << this.modulesVal);
      return;
    }
    if (u.isLogical()) {
      this.vis.set(u, this.visibility(u, null));
      this.val.set(u, this.plainValue(u, this.vis.get(u)!, true));
      return;
    }
    if (u.type === SymbolType.Unknown) {
      this.val.set(u, N);
      this.fixedText.add(u);
      return;
    }
    this.computeText(u);
  }

  /** An int/hex/string symbol: fixed when no prompt can show and its defaults and ranges are settled. */
  private computeText(u: KSymbol): void {
    const vis = this.visibility(u, null);
    this.vis.set(u, vis);
    this.val.set(u, N); // as an operand of && and ||, a text symbol is n
    // Under the current inputs text values are the engine's; otherwise a prompt that can show opens them.
    if (this.inputs === currentInputs) {
      this.fixedText.add(u);
      return;
    }
    if (vis & ~N) return;
    for (const p of u.props) {
      if (p.type !== PropType.Default && p.type !== PropType.Range) continue;
      if (!isSingle(this.exprMask(p.visibleExpr))) return;
      const e = p.expr;
      if (e && e.s1 && !this.isFixed(e.s1)) return;
      if (e && e.s2 && !this.isFixed(e.s2)) return;
    }
    this.fixedText.add(u);
  }

  /** Upper bound the prompts allow. `choiceVal` is the choice's set for members. */
  private visibility(s: KSymbol, choiceVal: Mask | null): Mask {
    let r = N;
    for (const p of s.props) {
      if (p.text === null) continue;
      let pm = this.exprMask(p.visibleExpr);
      // A tristate member visible only as m is hidden while its choice is y.
      if (choiceVal !== null && s.type === SymbolType.Tristate && pm & M) {
        pm = (pm & ~M) | (choiceVal & ~Y ? M : 0) | (choiceVal & Y ? N : 0);
      }
      r = mmax(r, pm);
    }
    if (s.type !== SymbolType.Tristate || this.modulesVal === 0) r = promote(r);
    return r;
  }

  private effectivelyBool(s: KSymbol): boolean {
    return s.type !== SymbolType.Tristate || this.modulesVal === 0;
  }

  /**
   * calcValue for a symbol that is not a visible choice member: the user
   * value capped by the prompts, else the active default raised by imply;
   * then raised by select. Members ignore select and imply (the engine never
   * computes those for them).
   */
  private plainValue(s: KSymbol, vis: Mask, selects: boolean): Mask {
    const user = this.inputs.user(s);
    const shown = vis & ~N;
    let t: Mask = 0;
    if (shown && user & 7) t |= mmin(user & 7, shown);
    if (vis & N || user & UNSET) {
      if (s.isChoice()) t |= N;
      else {
        const d = this.defaultValue(s);
        const implied = selects && s.implied ? this.exprMask(s.implied) : N;
        if (implied & ~N) t |= mmin(mmax(d, implied & ~N), this.exprMask(s.dirDep));
        if (implied & N) t |= d;
      }
    }
    let v = selects && s.revDep ? mmax(t, this.exprMask(s.revDep)) : t;
    if (this.effectivelyBool(s)) v = promote(v);
    return v;
  }

  /** The first default whose condition is not n gives min(value, condition); none gives n. */
  private defaultValue(s: KSymbol): Mask {
    let r: Mask = 0;
    let reachable = true;
    for (const p of s.props) {
      if (p.type !== PropType.Default) continue;
      const c = this.exprMask(p.visibleExpr);
      if (c & ~N) r |= mmin(this.exprMask(p.expr), c & ~N);
      if (!(c & N)) {
        reachable = false;
        break;
      }
    }
    if (reachable) r |= N;
    return r;
  }

  private computeChoice(c: KSymbol): void {
    const cvis = this.visibility(c, null);
    this.vis.set(c, cvis);
    const cval = this.plainValue(c, cvis, true);
    this.val.set(c, cval);
    for (const m of c.choiceMembers) this.vis.set(m, this.visibility(m, cval));
    const picks = cval & Y ? this.possiblePicks(c) : [];
    this.pick.set(c, picks);
    for (const m of c.choiceMembers) {
      const vis = this.vis.get(m)!;
      let v: Mask = 0;
      if (vis & Y) {
        if (cval & Y && picks.includes(m)) v |= Y;
        if (cval & ~Y || picks.length !== 1 || picks[0] !== m) v |= N;
      }
      if (vis & (N | M)) v |= this.plainValue(m, vis & (N | M), false);
      this.val.set(m, v);
    }
  }

  /** calcChoice: the user's pick if visible, else the first visible default, else the first visible member. */
  private possiblePicks(c: KSymbol): KSymbol[] {
    const shown = (m: KSymbol) => (this.vis.get(m)! & ~N) !== 0;
    const hidden = (m: KSymbol) => (this.vis.get(m)! & N) !== 0;
    const out = new Set<KSymbol>();
    let fallThrough = false;
    for (const p of this.inputs.picks(c)) {
      if (p && shown(p)) out.add(p);
      if (!p || hidden(p)) fallThrough = true;
    }
    if (!fallThrough) return [...out];
    for (const p of c.props) {
      if (p.type !== PropType.Default) continue;
      const cond = this.exprMask(p.visibleExpr);
      if (!(cond & ~N)) continue;
      const t = p.expr!.s1!;
      if (shown(t)) out.add(t);
      if (!(cond & N) && !hidden(t)) return [...out];
    }
    for (const m of c.choiceMembers) {
      if (shown(m)) out.add(m);
      if (!hidden(m)) break;
    }
    return [...out];
  }
}

const COMPARE: Partial<Record<ExprType, (a: number, b: number) => boolean>> = {
  [ExprType.Equal]: (a, b) => a === b,
  [ExprType.Unequal]: (a, b) => a !== b,
  [ExprType.Lth]: (a, b) => a < b,
  [ExprType.Leq]: (a, b) => a <= b,
  [ExprType.Gth]: (a, b) => a > b,
  [ExprType.Geq]: (a, b) => a >= b,
};
