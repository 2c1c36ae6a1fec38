/**
 * The symbol graph as the value computation reads it: which symbols a
 * symbol's value depends on, and an order in which every symbol comes after
 * everything it depends on. A choice and its members form one unit: the
 * choice reads its members' visibility and the members read the choice.
 * The engine rejects trees with dependency cycles, so the order exists.
 */
import { forEachExprSymbol, PropType, type KSymbol } from 'kconfig-parser-ts';

/** The unit a symbol is computed with: its choice for a choice member. */
export function unitOf(s: KSymbol): KSymbol {
  return s.choice ?? s;
}

/** Every symbol the computation of `s` reads (constants included). */
export function forEachDependency(s: KSymbol, fn: (d: KSymbol) => void): void {
  forEachExprSymbol(s.dirDep, fn);
  forEachExprSymbol(s.revDep, fn);
  forEachExprSymbol(s.implied, fn);
  for (const p of s.props) {
    if (p.type === PropType.Select || p.type === PropType.Imply || p.type === PropType.Choice || p.type === PropType.Symbol)
      continue;
    forEachExprSymbol(p.visibleExpr, fn);
    if (p.type === PropType.Default || p.type === PropType.Range) forEachExprSymbol(p.expr, fn);
  }
}

/** The units a unit depends on (not itself), each once. */
export function unitDependencies(unit: KSymbol): KSymbol[] {
  const out = new Set<KSymbol>();
  const add = (d: KSymbol) => {
    if (d.isConst()) return;
    const u = unitOf(d);
    if (u !== unit) out.add(u);
  };
  forEachDependency(unit, add);
  for (const m of unit.choiceMembers) forEachDependency(m, add);
  return [...out];
}

/**
 * Units reachable from `roots` through dependencies, each after all of its
 * dependencies (iterative depth-first post-order: chains can be long).
 */
export function dependencyOrder(roots: Iterable<KSymbol>, depsOf: (u: KSymbol) => KSymbol[] = unitDependencies): KSymbol[] {
  const order: KSymbol[] = [];
  const state = new Map<KSymbol, number>(); // 1: on the stack, 2: done
  for (const root0 of roots) {
    const root = unitOf(root0);
    if (state.has(root) || root.isConst()) continue;
    const stack: { u: KSymbol; deps: KSymbol[]; i: number }[] = [{ u: root, deps: depsOf(root), i: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i < top.deps.length) {
        const d = top.deps[top.i++];
        if (!state.has(d)) {
          state.set(d, 1);
          stack.push({ u: d, deps: depsOf(d), i: 0 });
        }
        continue;
      }
      stack.pop();
      state.set(top.u, 2);
      order.push(top.u);
    }
  }
  return order;
}
