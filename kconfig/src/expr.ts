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
import { run, type Rec } from './stackless.js';

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
  const root = new Expr(e.type);
  // Pairs of (original, copy) whose fields are still to be filled in.
  const todo: Expr[] = [e, root];
  while (todo.length) {
    const c = todo.pop()!;
    const o = todo.pop()!;
    switch (o.type) {
      case ExprType.Symbol:
        c.s1 = o.s1;
        break;
      case ExprType.Equal:
      case ExprType.Unequal:
      case ExprType.Lth:
      case ExprType.Leq:
      case ExprType.Gth:
      case ExprType.Geq:
      case ExprType.Range:
        c.s1 = o.s1;
        c.s2 = o.s2;
        break;
      case ExprType.And:
      case ExprType.Or:
      case ExprType.Not:
        if (o.l) todo.push(o.l, (c.l = new Expr(o.l.type)));
        if (o.r && o.type !== ExprType.Not) todo.push(o.r, (c.r = new Expr(o.r.type)));
        break;
      default:
        break;
    }
  }
  return root;
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
function* eliminateEqLeaves(type: ExprType, a: Expr, b: Expr): Rec<void> {
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
      if (!(eqShallow(x, y) ?? (yield eqDeep(x, y)))) continue;
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
  return run(eliminateEq(a, b));
}

function* eliminateEq(a: Expr | null, b: Expr | null): Rec<[Expr | null, Expr | null]> {
  if (!a || !b) return [a, b];
  if (a.type === ExprType.Or || a.type === ExprType.And) yield eliminateEqLeaves(a.type, a, b);
  if (a.type !== b.type && (b.type === ExprType.Or || b.type === ExprType.And)) yield eliminateEqLeaves(b.type, a, b);
  return [eliminateYn(a), eliminateYn(b)];
}

/** Structural equality modulo operand order within one &&/|| level. */
export function exprEq(a: Expr | null, b: Expr | null): boolean {
  return eqShallow(a, b) ?? run(eqDeep(a!, b!));
}

/** exprEq where it needs no recursion (through any `!`); undefined when two &&/|| must be compared. */
function eqShallow(a: Expr | null, b: Expr | null): boolean | undefined {
  for (;;) {
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
        a = a.l;
        b = b.l;
        continue;
      case ExprType.And:
      case ExprType.Or:
        return undefined;
      default:
        return false;
    }
  }
}

function* eqDeep(a: Expr, b: Expr): Rec<boolean> {
  while (a.type === ExprType.Not) {
    const shallow = eqShallow(a.l, b.l);
    if (shallow !== undefined) return shallow;
    a = a.l!;
    b = b.l!;
  }
  const saved = transCount;
  const [x, y] = (yield eliminateEq(exprCopy(a), exprCopy(b))) as [Expr, Expr];
  transCount = saved;
  return x.type === ExprType.Symbol && y.type === ExprType.Symbol && x.s1 === y.s1;
}

/** `e && n -> n`, `e && y -> e`, `e || n -> e`, `e || y -> y`, bottom up, in place. */
export function eliminateYn(e: Expr | null): Expr | null {
  if (!e || (e.type !== ExprType.And && e.type !== ExprType.Or)) return e;
  // Post-order: a node is simplified after both its operands (each marked once visited).
  const todo: Expr[] = [e];
  const done: boolean[] = [false];
  while (todo.length) {
    const x = todo.pop()!;
    const visited = done.pop()!;
    if (x.type !== ExprType.And && x.type !== ExprType.Or) continue;
    if (!visited) {
      todo.push(x, x.r!, x.l!);
      done.push(true, false, false);
      continue;
    }
    simplifyYn(x);
  }
  return e;
}

function simplifyYn(e: Expr): void {
  const { yes, no } = constants;
  const and = e.type === ExprType.And;
  // Under &&, n absorbs and y vanishes; under ||, the other way round.
  const absorbing = and ? no : yes;
  const neutral = and ? yes : no;
  if (e.l!.type === ExprType.Symbol) {
    if (e.l!.s1 === absorbing) return e.becomeSymbol(absorbing);
    if (e.l!.s1 === neutral) return e.assign(e.r!);
  }
  if (e.r!.type === ExprType.Symbol) {
    if (e.r!.s1 === absorbing) return e.becomeSymbol(absorbing);
    if (e.r!.s1 === neutral) return e.assign(e.l!);
  }
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

function* eliminateDupLeaves(type: ExprType, a: Expr, b: Expr): Rec<void> {
  const left = leavesOf(type, a);
  const right = a === b ? left : leavesOf(type, b);
  for (const x of left) {
    for (const y of right) {
      if (x === y) continue;
      if (x.type === ExprType.Or || x.type === ExprType.And) yield eliminateDupLeaves(x.type, x, x);
      // exprEq inside is a run of its own: its depth does not add to this one's.
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
    if (e!.type === ExprType.Or || e!.type === ExprType.And) run(eliminateDupLeaves(e!.type, e!, e!));
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
  return isLeaf(e) ? transformLeaf(e) : run(transform(e));
}

/** A node that transform rewrites without looking at operands. */
function isLeaf(e: Expr): boolean {
  return e.type >= ExprType.Equal && e.type <= ExprType.Range;
}

/** transform of a leaf (a comparison, a symbol, a range or a list), in place. */
function transformLeaf(e: Expr): Expr {
  const { yes, mod, no } = constants;
  if (e.type === ExprType.Equal && e.s1!.type === SymbolTypeBool) {
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
  } else if (e.type === ExprType.Unequal && e.s1!.type === SymbolTypeBool) {
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
  }
  return e;
}

function* transform(e: Expr | null): Rec<Expr | null> {
  // Each `continue` is a tail call: the node that replaces `e` is transformed again.
  for (;;) {
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
        // Operands that are leaves are transformed here, without a call.
        if (e.l) e.l = isLeaf(e.l) ? transformLeaf(e.l) : ((yield transform(e.l)) as Expr | null);
        if (e.r) e.r = isLeaf(e.r) ? transformLeaf(e.r) : ((yield transform(e.r)) as Expr | null);
    }
    if (isLeaf(e)) return transformLeaf(e);
    const { yes, mod, no } = constants;
    switch (e.type) {
      case ExprType.Not: {
        const inner = e.l!;
        switch (inner.type) {
          case ExprType.Not:
            e = inner.l;
            continue;
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
            continue;
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
}

export function exprContainsSymbol(e: Expr | null, sym: KSymbol): boolean {
  const todo: (Expr | null)[] = [e];
  while (todo.length) {
    const x = todo.pop();
    if (!x) continue;
    switch (x.type) {
      case ExprType.And:
      case ExprType.Or:
        todo.push(x.r, x.l);
        break;
      case ExprType.Symbol:
        if (x.s1 === sym) return true;
        break;
      case ExprType.Equal:
      case ExprType.Unequal:
      case ExprType.Lth:
      case ExprType.Leq:
      case ExprType.Gth:
      case ExprType.Geq:
        if (x.s1 === sym || x.s2 === sym) return true;
        break;
      case ExprType.Not:
        todo.push(x.l);
        break;
      default:
        break;
    }
  }
  return false;
}

/** True when `e` can only be true if `sym` is not n. */
export function exprDependsSymbol(e: Expr | null, sym: KSymbol): boolean {
  const todo: (Expr | null)[] = [e];
  while (todo.length) {
    const x = todo.pop();
    if (!x) continue;
    switch (x.type) {
      case ExprType.And:
        todo.push(x.r, x.l);
        break;
      case ExprType.Symbol:
        if (x.s1 === sym) return true;
        break;
      case ExprType.Equal:
        if (x.s1 === sym && (x.s2 === constants.yes || x.s2 === constants.mod)) return true;
        break;
      case ExprType.Unequal:
        if (x.s1 === sym && x.s2 === constants.no) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/** Rewrites `e` into explicit comparisons with `sym` (e.g. `A` -> `A!=n`). */
export function exprTransCompare(e: Expr | null, type: ExprType, sym: KSymbol): Expr | null {
  return run(transCompare(e, type, sym));
}

function* transCompare(e: Expr | null, type: ExprType, sym: KSymbol): Rec<Expr | null> {
  const { yes, mod, no } = constants;
  // `!x` compares x the other way round (a tail call).
  while (e && e.type === ExprType.Not) {
    type = type === ExprType.Equal ? ExprType.Unequal : ExprType.Equal;
    e = e.l;
  }
  if (!e) {
    const s = exprSymbol(sym);
    return type === ExprType.Unequal ? exprOne(ExprType.Not, s) : s;
  }
  switch (e.type) {
    case ExprType.And:
    case ExprType.Or: {
      const a = (yield transCompare(e.l, ExprType.Equal, sym)) as Expr | null;
      const b = (yield transCompare(e.r, ExprType.Equal, sym)) as Expr | null;
      let res: Expr = e;
      const isAnd = e.type === ExprType.And;
      if (sym === yes) res = exprTwo(isAnd ? ExprType.And : ExprType.Or, a, b);
      if (sym === no) res = exprTwo(isAnd ? ExprType.Or : ExprType.And, a, b);
      if (type === ExprType.Unequal) res = exprOne(ExprType.Not, res);
      return res;
    }
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
  const isM = (x: Expr) => x.type === ExprType.Symbol && x.s1 === constants.mod;
  const withModules = (x: Expr) => exprTwo(ExprType.And, x, exprSymbol(modules));
  if (!e) return e;
  if (isM(e)) return withModules(e);
  const todo: Expr[] = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (x.type !== ExprType.Not && x.type !== ExprType.Or && x.type !== ExprType.And) continue;
    if (x.l) {
      if (isM(x.l)) x.l = withModules(x.l);
      else todo.push(x.l);
    }
    if (x.type === ExprType.Not || !x.r) continue;
    if (isM(x.r)) x.r = withModules(x.r);
    else todo.push(x.r);
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
  // What is left to print, last first: sub-expressions (with the operator
  // they appear under) and literal text.
  const todo: (Expr | null | string)[] = [e];
  const under: ExprType[] = [outer];
  const name = (s: KSymbol) => {
    if (s.name !== null) out(s, s.name);
    else out(null, '<choice>');
  };
  while (todo.length) {
    const x = todo.pop()!;
    const op = under.pop()!;
    if (typeof x === 'string') {
      out(null, x);
      continue;
    }
    if (!x) {
      out(null, 'y');
      continue;
    }
    const parens = printNeedsParens(op, x.type);
    if (parens) {
      out(null, '(');
      todo.push(')');
      under.push(op);
    }
    switch (x.type) {
      case ExprType.Symbol:
        name(x.s1!);
        break;
      case ExprType.Not:
        out(null, '!');
        todo.push(x.l);
        under.push(ExprType.Not);
        break;
      case ExprType.Equal:
      case ExprType.Unequal:
      case ExprType.Lth:
      case ExprType.Leq:
      case ExprType.Gth:
      case ExprType.Geq:
        name(x.s1!);
        out(null, COMPARISON_TEXT[x.type]);
        out(x.s2!, x.s2!.name ?? '');
        break;
      case ExprType.Or:
      case ExprType.And:
        todo.push(x.r, x.type === ExprType.Or ? ' || ' : ' && ', x.l);
        under.push(x.type, x.type, x.type);
        break;
      case ExprType.Range:
        out(null, '[');
        out(x.s1!, x.s1!.name ?? '');
        out(null, ' ');
        out(x.s2!, x.s2!.name ?? '');
        out(null, ']');
        break;
      default:
        out(null, `<unknown type ${x.type}>`);
    }
  }
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
