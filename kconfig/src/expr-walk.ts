/**
 * Reading expressions from outside the evaluator: walking their nodes, the
 * symbols they name, and the terms of && and || chains. Dependency and
 * select chains can be hundreds of operands long, so nothing here recurses.
 */
import { ExprType, type Expr } from './expr.js';
import type { KSymbol } from './symbol.js';

/**
 * Visits the nodes of `e` depth first, left to right, each before its
 * operands. When `visit` returns false the node's operands are skipped.
 * Operands are the sub-expressions of &&, || and !; symbols and comparisons
 * are leaves (their symbols are in `s1` and `s2`).
 */
export function walkExpr(e: Expr | null, visit: (node: Expr) => boolean | void): void {
  if (!e) return;
  const todo: Expr[] = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (visit(x) === false) continue;
    if (x.type === ExprType.And || x.type === ExprType.Or) todo.push(x.r!, x.l!);
    else if (x.type === ExprType.Not) todo.push(x.l!);
  }
}

/** Calls `fn` for every symbol `e` names, left to right (constants included, repeats repeated). */
export function forEachExprSymbol(e: Expr | null, fn: (s: KSymbol) => void): void {
  walkExpr(e, (x) => {
    if (x.s1) fn(x.s1);
    if (x.s2) fn(x.s2);
  });
}

/** The operands of a top-level && chain, left to right (the expression itself when it is no &&; none for null). */
export function andTerms(e: Expr | null): Expr[] {
  return chainTerms(e, ExprType.And);
}

/** The operands of a top-level || chain, left to right (the expression itself when it is no ||; none for null). */
export function orTerms(e: Expr | null): Expr[] {
  return chainTerms(e, ExprType.Or);
}

function chainTerms(e: Expr | null, type: ExprType.And | ExprType.Or): Expr[] {
  const out: Expr[] = [];
  if (!e) return out;
  const todo = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (x.type === type) todo.push(x.r!, x.l!);
    else out.push(x);
  }
  return out;
}
