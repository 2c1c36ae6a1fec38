/**
 * Kconfig expressions: construction, the simplifications the 6.1 tools apply
 * to dependencies, evaluation and printing.
 *
 * The simplifications are observable: they decide the text of dependency
 * warnings and the shape of automatic submenus (and therefore the order of
 * .config), so they follow the reference tool's rewriting rules exactly,
 * including which operand survives and in which order.
 *
 * Nodes are mutable and rewritten in place, like the reference tool does: a
 * leaf that is simplified away is turned into a constant node rather than
 * replaced, which keeps parent links valid without pointer-to-pointer code.
 */
import type { KSymbol } from './symbol.js';

export const enum ExprType {
  None = 0,
  Or = 1,
  And = 2,
  Not = 3,
  Equal = 4,
  Unequal = 5,
  Lth = 6,
  Leq = 7,
  Gth = 8,
  Geq = 9,
  List = 10,
  Symbol = 11,
  Range = 12,
}

export const enum Tri {
  No = 0,
  Mod = 1,
  Yes = 2,
}

export type Tristate = 0 | 1 | 2;

export class Expr {
  type: ExprType;
  /** Left operand of ||, && and !. */
  l: Expr | null = null;
  /** Right operand of || and &&. */
  r: Expr | null = null;
  /** Symbol of a Symbol node, left side of a comparison or a range. */
  s1: KSymbol | null = null;
  /** Right side of a comparison or a range. */
  s2: KSymbol | null = null;
  /** Value of this node in evaluation round `memoEpoch` (see calcChain in symbol.ts). */
  memoEpoch = 0;
  memoVal: Tristate = 0;

  constructor(type: ExprType) {
    this.type = type;
  }

  /** Turns this node into a copy of `o` (shallow), as `*e = *o` does. */
  assign(o: Expr): void {
    this.type = o.type;
    this.l = o.l;
    this.r = o.r;
    this.s1 = o.s1;
    this.s2 = o.s2;
  }

  /** Turns this node into a plain symbol reference. */
  becomeSymbol(sym: KSymbol): void {
    this.type = ExprType.Symbol;
    this.s1 = sym;
    this.s2 = null;
    this.l = null;
    this.r = null;
  }
}

/** The constant symbols y, m and n, filled in by symbol.ts at load time. */
export const constants = {
  yes: null as unknown as KSymbol,
  mod: null as unknown as KSymbol,
  no: null as unknown as KSymbol,
};

export function exprSymbol(sym: KSymbol): Expr {
  const e = new Expr(ExprType.Symbol);
  e.s1 = sym;
  return e;
}

export function exprOne(type: ExprType, operand: Expr | null): Expr {
  const e = new Expr(type);
  e.l = operand;
  return e;
}

export function exprTwo(type: ExprType, a: Expr | null, b: Expr | null): Expr {
  const e = new Expr(type);
  e.l = a;
  e.r = b;
  return e;
}

export function exprComp(type: ExprType, a: KSymbol, b: KSymbol): Expr {
  const e = new Expr(type);
  e.s1 = a;
  e.s2 = b;
  return e;
}

export function exprAnd(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  return b ? exprTwo(ExprType.And, a, b) : a;
}

export function exprOr(a: Expr | null, b: Expr | null): Expr | null {
  if (!a) return b;
  return b ? exprTwo(ExprType.Or, a, b) : a;
}

export function exprCopy(e: Expr | null): Expr | null {
  if (!e) return null;
  const c = new Expr(e.type);
  switch (e.type) {
    case ExprType.Symbol:
      c.s1 = e.s1;
      break;
    case ExprType.Not:
      c.l = exprCopy(e.l);
      break;
    case ExprType.Equal:
    case ExprType.Unequal:
    case ExprType.Lth:
    case ExprType.Leq:
    case ExprType.Gth:
    case ExprType.Geq:
    case ExprType.Range:
      c.s1 = e.s1;
      c.s2 = e.s2;
      break;
    case ExprType.And:
    case ExprType.Or:
      c.l = exprCopy(e.l);
      c.r = exprCopy(e.r);
      break;
    default:
      break;
  }
  return c;
}

export function exprIsYes(e: Expr | null): boolean {
  return !e || (e.type === ExprType.Symbol && e.s1 === constants.yes);
}

export function exprIsNo(e: Expr | null): boolean {
  return !!e && e.type === ExprType.Symbol && e.s1 === constants.no;
}

function isComparison(t: ExprType): boolean {
  return t >= ExprType.Equal && t <= ExprType.Geq;
}

// Counts rewrites made by the elimination passes; a pass that makes none ends
// the fixed-point loop in eliminateDups.
let transCount = 0;

/**
 * Both leaves that are equal across `a` and `b` (at the same &&/|| level) are
 * neutralised: y under &&, n under ||.
 */
function eliminateEqLeaves(type: ExprType, a: Expr, b: Expr): void {
  const left = leavesOf(type, a);
  const right = leavesOf(type, b);
  for (const x of left) {
    for (const y of right) {
      if (
        x.type === ExprType.Symbol &&
        y.type === ExprType.Symbol &&
        x.s1 === y.s1 &&
        (x.s1 === constants.yes || x.s1 === constants.no)
      )
        continue;
      if (!exprEq(x, y)) continue;
      transCount++;
      const neutral = type === ExprType.Or ? constants.no : constants.yes;
      x.becomeSymbol(neutral);
      y.becomeSymbol(neutral);
    }
  }
}

/**
 * The operands of a chain of `type` (&& or ||) in order, without recursion:
 * `(A && B) && C` gives [A, B, C]. The passes below compare every operand of
 * one chain with every operand of another, in this order.
 */
function leavesOf(type: ExprType, e: Expr): Expr[] {
  const out: Expr[] = [];
  const todo: Expr[] = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (x.type === type) todo.push(x.r!, x.l!);
    else out.push(x);
  }
  return out;
}

/**
 * Removes the operands common to both expressions, e.g. `A && B` and
 * `A && B && C` become `y` and `C`. Returns the rewritten pair.
 */
export function exprEliminateEq(a: Expr | null, b: Expr | null): [Expr | null, Expr | null] {
  if (!a || !b) return [a, b];
  if (a.type === ExprType.Or || a.type === ExprType.And) eliminateEqLeaves(a.type, a, b);
  if (a.type !== b.type && (b.type === ExprType.Or || b.type === ExprType.And))
    eliminateEqLeaves(b.type, a, b);
  return [eliminateYn(a), eliminateYn(b)];
}

/** Structural equality modulo operand order within one &&/|| level. */
export function exprEq(a: Expr | null, b: Expr | null): boolean {
  if (!a || !b) return exprIsYes(a) && exprIsYes(b);
  if (a.type !== b.type) return false;
  switch (a.type) {
    case ExprType.Equal:
    case ExprType.Unequal:
    case ExprType.Lth:
    case ExprType.Leq:
    case ExprType.Gth:
    case ExprType.Geq:
      return a.s1 === b.s1 && a.s2 === b.s2;
    case ExprType.Symbol:
      return a.s1 === b.s1;
    case ExprType.Not:
      return exprEq(a.l, b.l);
    case ExprType.And:
    case ExprType.Or: {
      const saved = transCount;
      const [x, y] = exprEliminateEq(exprCopy(a), exprCopy(b));
      transCount = saved;
      return x!.type === ExprType.Symbol && y!.type === ExprType.Symbol && x!.s1 === y!.s1;
    }
    default:
      return false;
  }
}

/** `e && n -> n`, `e && y -> e`, `e || n -> e`, `e || y -> y`, recursively, in place. */
export function eliminateYn(e: Expr | null): Expr | null {
  if (!e) return e;
  if (e.type === ExprType.And) {
    e.l = eliminateYn(e.l);
    e.r = eliminateYn(e.r);
    if (e.l!.type === ExprType.Symbol) {
      if (e.l!.s1 === constants.no) {
        e.becomeSymbol(constants.no);
        return e;
      }
      if (e.l!.s1 === constants.yes) {
        e.assign(e.r!);
        return e;
      }
    }
    if (e.r!.type === ExprType.Symbol) {
      if (e.r!.s1 === constants.no) {
        e.becomeSymbol(constants.no);
        return e;
      }
      if (e.r!.s1 === constants.yes) {
        e.assign(e.l!);
        return e;
      }
    }
  } else if (e.type === ExprType.Or) {
    e.l = eliminateYn(e.l);
    e.r = eliminateYn(e.r);
    if (e.l!.type === ExprType.Symbol) {
      if (e.l!.s1 === constants.no) {
        e.assign(e.r!);
        return e;
      }
      if (e.l!.s1 === constants.yes) {
        e.becomeSymbol(constants.yes);
        return e;
      }
    }
    if (e.r!.type === ExprType.Symbol) {
      if (e.r!.s1 === constants.no) {
        e.assign(e.l!);
        return e;
      }
      if (e.r!.s1 === constants.yes) {
        e.becomeSymbol(constants.yes);
        return e;
      }
    }
  }
  return e;
}

/**
 * The symbol a leaf of joinOr/joinAnd is about, or null when the leaf is not
 * a symbol, a comparison or a negation of one. `second` selects the stricter
 * rule the reference applies to the right-hand leaf (a negated symbol only).
 */
function joinSymbol(e: Expr, second: boolean): KSymbol | null {
  switch (e.type) {
    case ExprType.Equal:
    case ExprType.Unequal:
    case ExprType.Symbol:
      return e.s1;
    case ExprType.Not: {
      const t = e.l!;
      if (t.type === ExprType.Symbol) return t.s1;
      if (!second && (t.type === ExprType.Equal || t.type === ExprType.Unequal)) return t.s1;
      return null;
    }
    default:
      return null;
  }
}

/** Both leaves compare their symbol with the constants x and y, in either order. */
function constPair(a: Expr, b: Expr, x: KSymbol, y: KSymbol): boolean {
  return (a.s2 === x && b.s2 === y) || (a.s2 === y && b.s2 === x);
}

/** One leaf is the bare symbol, the other a comparison of kind t with c. */
function symbolAnd(a: Expr, b: Expr, t: ExprType, c: KSymbol): boolean {
  return (
    (a.type === ExprType.Symbol && b.type === t && b.s2 === c) ||
    (b.type === ExprType.Symbol && a.type === t && a.s2 === c)
  );
}

/** `a || b` rewritten to one equivalent leaf, or null when no rule applies. */
function joinOr(a: Expr, b: Expr): Expr | null {
  if (exprEq(a, b)) return exprCopy(a);
  const sym = joinSymbol(a, false);
  if (sym === null || sym !== joinSymbol(b, true)) return null;
  if (!sym.isLogical()) return null;
  const { yes, mod, no } = constants;
  if (sym.type === SymbolTypeTristate && a.type === ExprType.Equal && b.type === ExprType.Equal) {
    if (constPair(a, b, yes, mod)) return exprComp(ExprType.Unequal, sym, no);
    if (constPair(a, b, yes, no)) return exprComp(ExprType.Unequal, sym, mod);
    if (constPair(a, b, mod, no)) return exprComp(ExprType.Unequal, sym, yes);
  }
  if (sym.type === SymbolTypeBool) {
    if (
      (a.type === ExprType.Not && a.l!.type === ExprType.Symbol && b.type === ExprType.Symbol) ||
      (b.type === ExprType.Not && b.l!.type === ExprType.Symbol && a.type === ExprType.Symbol)
    )
      return exprSymbol(yes);
  }
  return null;
}

/** `a && b` rewritten to one equivalent leaf, or null when no rule applies. */
function joinAnd(a: Expr, b: Expr): Expr | null {
  if (exprEq(a, b)) return exprCopy(a);
  const sym = joinSymbol(a, false);
  if (sym === null || sym !== joinSymbol(b, true)) return null;
  if (!sym.isLogical()) return null;
  const { yes, mod, no } = constants;
  if (symbolAnd(a, b, ExprType.Equal, yes)) return exprComp(ExprType.Equal, sym, yes);
  if (symbolAnd(a, b, ExprType.Unequal, no)) return exprSymbol(sym);
  if (symbolAnd(a, b, ExprType.Unequal, mod)) return exprComp(ExprType.Equal, sym, yes);
  if (sym.type === SymbolTypeTristate) {
    if (a.type === ExprType.Equal && b.type === ExprType.Unequal) {
      const v = a.s2!;
      if (b.s2!.isConst() && v.isConst())
        return v !== b.s2 ? exprComp(ExprType.Equal, sym, v) : exprSymbol(no);
    }
    if (a.type === ExprType.Unequal && b.type === ExprType.Equal) {
      const v = b.s2!;
      if (a.s2!.isConst() && v.isConst())
        return v !== a.s2 ? exprComp(ExprType.Equal, sym, v) : exprSymbol(no);
    }
    if (a.type === ExprType.Unequal && b.type === ExprType.Unequal) {
      if (constPair(a, b, yes, no)) return exprComp(ExprType.Equal, sym, mod);
      if (constPair(a, b, yes, mod)) return exprComp(ExprType.Equal, sym, no);
      if (constPair(a, b, mod, no)) return exprComp(ExprType.Equal, sym, yes);
    }
  }
  return null;
}

function eliminateDupLeaves(type: ExprType, a: Expr, b: Expr): void {
  const left = leavesOf(type, a);
  const right = a === b ? left : leavesOf(type, b);
  for (const x of left) {
    for (const y of right) {
      if (x === y) continue;
      if (x.type === ExprType.Or || x.type === ExprType.And) eliminateDupLeaves(x.type, x, x);
      const joined = type === ExprType.Or ? joinOr(x, y) : type === ExprType.And ? joinAnd(x, y) : null;
      if (!joined) continue;
      x.becomeSymbol(type === ExprType.Or ? constants.no : constants.yes);
      y.assign(joined);
      transCount++;
    }
  }
}

/** Removes duplicate and redundant operands, e.g. `A || B || A` -> `A || B`. */
export function exprEliminateDups(e: Expr | null): Expr | null {
  if (!e) return e;
  const saved = transCount;
  for (;;) {
    transCount = 0;
    if (e!.type === ExprType.Or || e!.type === ExprType.And) eliminateDupLeaves(e!.type, e!, e!);
    if (!transCount) break;
    e = eliminateYn(e);
  }
  transCount = saved;
  return e;
}

/** Callback for the one message the transformation prints to stdout. */
export let transformNotice: (text: string) => void = () => {};
export function setTransformNotice(fn: (text: string) => void): void {
  transformNotice = fn;
}

/** Normalises comparisons of bools and pushes negations inwards. */
export function exprTransform(e: Expr | null): Expr | null {
  if (!e) return null;
  switch (e.type) {
    case ExprType.Equal:
    case ExprType.Unequal:
    case ExprType.Lth:
    case ExprType.Leq:
    case ExprType.Gth:
    case ExprType.Geq:
    case ExprType.Symbol:
    case ExprType.List:
      break;
    default:
      e.l = exprTransform(e.l);
      e.r = exprTransform(e.r);
  }
  const { yes, mod, no } = constants;
  switch (e.type) {
    case ExprType.Equal:
      if (e.s1!.type !== SymbolTypeBool) break;
      if (e.s2 === no) {
        e.type = ExprType.Not;
        e.l = exprSymbol(e.s1!);
        e.s1 = null;
        e.s2 = null;
      } else if (e.s2 === mod) {
        transformNotice(`boolean symbol ${e.s1!.name} tested for 'm'? test forced to 'n'\n`);
        e.becomeSymbol(no);
      } else if (e.s2 === yes) {
        e.type = ExprType.Symbol;
        e.s2 = null;
      }
      break;
    case ExprType.Unequal:
      if (e.s1!.type !== SymbolTypeBool) break;
      if (e.s2 === no) {
        e.type = ExprType.Symbol;
        e.s2 = null;
      } else if (e.s2 === mod) {
        transformNotice(`boolean symbol ${e.s1!.name} tested for 'm'? test forced to 'y'\n`);
        e.becomeSymbol(yes);
      } else if (e.s2 === yes) {
        e.type = ExprType.Not;
        e.l = exprSymbol(e.s1!);
        e.s1 = null;
        e.s2 = null;
      }
      break;
    case ExprType.Not: {
      const inner = e.l!;
      switch (inner.type) {
        case ExprType.Not:
          return exprTransform(inner.l);
        case ExprType.Equal:
        case ExprType.Unequal:
          inner.type = inner.type === ExprType.Equal ? ExprType.Unequal : ExprType.Equal;
          return inner;
        case ExprType.Leq:
        case ExprType.Geq:
          inner.type = inner.type === ExprType.Leq ? ExprType.Gth : ExprType.Lth;
          return inner;
        case ExprType.Lth:
        case ExprType.Gth:
          inner.type = inner.type === ExprType.Lth ? ExprType.Geq : ExprType.Leq;
          return inner;
        case ExprType.Or:
        case ExprType.And: {
          // De Morgan: the inner node becomes the negated left operand.
          e.type = inner.type === ExprType.Or ? ExprType.And : ExprType.Or;
          e.r = exprOne(ExprType.Not, inner.r);
          inner.type = ExprType.Not;
          inner.r = null;
          return exprTransform(e);
        }
        case ExprType.Symbol:
          if (inner.s1 === yes) inner.s1 = no;
          else if (inner.s1 === mod) inner.s1 = mod;
          else if (inner.s1 === no) inner.s1 = yes;
          else break;
          return inner;
        default:
          break;
      }
      break;
    }
    default:
      break;
  }
  return e;
}

export function exprContainsSymbol(e: Expr | null, sym: KSymbol): boolean {
  if (!e) return false;
  switch (e.type) {
    case ExprType.And:
    case ExprType.Or:
      return exprContainsSymbol(e.l, sym) || exprContainsSymbol(e.r, sym);
    case ExprType.Symbol:
      return e.s1 === sym;
    case ExprType.Equal:
    case ExprType.Unequal:
    case ExprType.Lth:
    case ExprType.Leq:
    case ExprType.Gth:
    case ExprType.Geq:
      return e.s1 === sym || e.s2 === sym;
    case ExprType.Not:
      return exprContainsSymbol(e.l, sym);
    default:
      return false;
  }
}

/** True when `e` can only be true if `sym` is not n. */
export function exprDependsSymbol(e: Expr | null, sym: KSymbol): boolean {
  if (!e) return false;
  switch (e.type) {
    case ExprType.And:
      return exprDependsSymbol(e.l, sym) || exprDependsSymbol(e.r, sym);
    case ExprType.Symbol:
      return e.s1 === sym;
    case ExprType.Equal:
      return e.s1 === sym && (e.s2 === constants.yes || e.s2 === constants.mod);
    case ExprType.Unequal:
      return e.s1 === sym && e.s2 === constants.no;
    default:
      return false;
  }
}

/** Rewrites `e` into explicit comparisons with `sym` (e.g. `A` -> `A!=n`). */
export function exprTransCompare(e: Expr | null, type: ExprType, sym: KSymbol): Expr | null {
  const { yes, mod, no } = constants;
  if (!e) {
    const s = exprSymbol(sym);
    return type === ExprType.Unequal ? exprOne(ExprType.Not, s) : s;
  }
  switch (e.type) {
    case ExprType.And:
    case ExprType.Or: {
      const a = exprTransCompare(e.l, ExprType.Equal, sym);
      const b = exprTransCompare(e.r, ExprType.Equal, sym);
      let res: Expr = e;
      const isAnd = e.type === ExprType.And;
      if (sym === yes) res = exprTwo(isAnd ? ExprType.And : ExprType.Or, a, b);
      if (sym === no) res = exprTwo(isAnd ? ExprType.Or : ExprType.And, a, b);
      if (type === ExprType.Unequal) res = exprOne(ExprType.Not, res);
      return res;
    }
    case ExprType.Not:
      return exprTransCompare(e.l, type === ExprType.Equal ? ExprType.Unequal : ExprType.Equal, sym);
    case ExprType.Unequal:
    case ExprType.Lth:
    case ExprType.Leq:
    case ExprType.Gth:
    case ExprType.Geq:
    case ExprType.Equal:
      if (type === ExprType.Equal) {
        if (sym === yes) return exprCopy(e);
        if (sym === mod) return exprSymbol(no);
        if (sym === no) return exprOne(ExprType.Not, exprCopy(e));
      } else {
        if (sym === yes) return exprOne(ExprType.Not, exprCopy(e));
        if (sym === mod) return exprSymbol(yes);
        if (sym === no) return exprCopy(e);
      }
      return null;
    case ExprType.Symbol:
      return exprComp(type, e.s1!, sym);
    default:
      return null;
  }
}

/** Replaces `m` by `m && MODULES` so that m means n without modules. */
export function rewriteM(e: Expr | null, modules: KSymbol): Expr | null {
  if (!e) return e;
  switch (e.type) {
    case ExprType.Not:
      e.l = rewriteM(e.l, modules);
      break;
    case ExprType.Or:
    case ExprType.And:
      e.l = rewriteM(e.l, modules);
      e.r = rewriteM(e.r, modules);
      break;
    case ExprType.Symbol:
      if (e.s1 === constants.mod) return exprAnd(e, exprSymbol(modules));
      break;
    default:
      break;
  }
  return e;
}

// Binding strength used to decide parentheses when printing.
function printNeedsParens(outer: ExprType, inner: ExprType): boolean {
  if (outer === inner) return false;
  // Ordering comparisons bind tighter than =/!=, then !, &&, || and the top level.
  const rank = (t: ExprType): number => {
    switch (t) {
      case ExprType.Leq:
      case ExprType.Lth:
      case ExprType.Geq:
      case ExprType.Gth:
        return 0;
      case ExprType.Equal:
      case ExprType.Unequal:
        return 1;
      case ExprType.Not:
        return 2;
      case ExprType.And:
        return 3;
      case ExprType.Or:
        return 4;
      case ExprType.List:
        return 5;
      case ExprType.None:
        return 6;
      default:
        return -1;
    }
  };
  const ro = rank(outer);
  const ri = rank(inner);
  if (ro < 0 || ri < 0) return false;
  return ri > ro;
}

/** A printer receives each piece of text, with the symbol it names if any. */
export type ExprSink = (sym: KSymbol | null, text: string) => void;

export function exprPrint(e: Expr | null, out: ExprSink, outer: ExprType = ExprType.None): void {
  if (!e) {
    out(null, 'y');
    return;
  }
  const parens = printNeedsParens(outer, e.type);
  if (parens) out(null, '(');
  const left = (s: KSymbol) => {
    if (s.name !== null) out(s, s.name);
    else out(null, '<choice>');
  };
  switch (e.type) {
    case ExprType.Symbol:
      left(e.s1!);
      break;
    case ExprType.Not:
      out(null, '!');
      exprPrint(e.l, out, ExprType.Not);
      break;
    case ExprType.Equal:
    case ExprType.Unequal:
    case ExprType.Lth:
    case ExprType.Leq:
    case ExprType.Gth:
    case ExprType.Geq:
      left(e.s1!);
      out(null, COMPARISON_TEXT[e.type]);
      out(e.s2!, e.s2!.name ?? '');
      break;
    case ExprType.Or:
      exprPrint(e.l, out, ExprType.Or);
      out(null, ' || ');
      exprPrint(e.r, out, ExprType.Or);
      break;
    case ExprType.And:
      exprPrint(e.l, out, ExprType.And);
      out(null, ' && ');
      exprPrint(e.r, out, ExprType.And);
      break;
    case ExprType.Range:
      out(null, '[');
      out(e.s1!, e.s1!.name ?? '');
      out(null, ' ');
      out(e.s2!, e.s2!.name ?? '');
      out(null, ']');
      break;
    default:
      out(null, `<unknown type ${e.type}>`);
  }
  if (parens) out(null, ')');
}

const COMPARISON_TEXT: Record<number, string> = {
  [ExprType.Equal]: '=',
  [ExprType.Unequal]: '!=',
  [ExprType.Lth]: '<',
  [ExprType.Leq]: '<=',
  [ExprType.Gth]: '>',
  [ExprType.Geq]: '>=',
};

/** Plain rendering, e.g. `A && (B || !C)`. */
export function exprToString(e: Expr | null): string {
  let s = '';
  exprPrint(e, (_sym, text) => {
    s += text;
  });
  return s;
}

export function isComparisonType(t: ExprType): boolean {
  return isComparison(t);
}

// Symbol type codes, duplicated from symbol.ts as plain numbers so that this
// module does not need a runtime import of it.
const SymbolTypeBool = 1;
const SymbolTypeTristate = 2;

/** Calls `fn` for every symbol in `e` (without recursion on long &&/|| chains). */
export function forEachSymbol(e: Expr | null, fn: (s: KSymbol) => void): void {
  const todo: (Expr | null)[] = [e];
  while (todo.length) {
    const x = todo.pop();
    if (!x) continue;
    if (x.s1) fn(x.s1);
    if (x.s2) fn(x.s2);
    if (x.l) todo.push(x.l);
    if (x.r) todo.push(x.r);
  }
}
