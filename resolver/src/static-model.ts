/**
 * Per tree: what every symbol could possibly be (all user values free) and
 * the dependency rank of every unit. Both depend only on the tree's
 * structure and on MODULES, so they are computed once per tree and MODULES
 * value and kept while the tree lives.
 */
import type { Kconfig, KSymbol } from 'kconfig-parser-ts';
import { dependencyOrder, unitOf } from './graph.js';
import { freeInputs, modulesValue, ValueSets } from './value-sets.js';

const staticSets = new WeakMap<Kconfig, Map<number, ValueSets>>();
const ranks = new WeakMap<Kconfig, Map<KSymbol, number>>();

/** Possible values of every symbol under the tree's current MODULES value. */
export function possibleValues(kc: Kconfig): ValueSets {
  const modules = modulesValue(kc);
  let byModules = staticSets.get(kc);
  if (!byModules) staticSets.set(kc, (byModules = new Map()));
  let sets = byModules.get(modules);
  if (!sets) {
    sets = new ValueSets(kc, freeInputs, modules).compute();
    byModules.set(modules, sets);
  }
  return sets;
}

/** Position of a symbol's unit in dependency order: a symbol ranks after all it depends on. */
export function dependencyRank(kc: Kconfig, sym: KSymbol): number {
  let r = ranks.get(kc);
  if (!r) {
    r = new Map();
    // Roots in menu order: independent symbols keep the order a reader sees them in.
    const roots: KSymbol[] = [];
    kc.walkMenu((n) => {
      if (n.sym) roots.push(n.sym);
    });
    dependencyOrder([...roots, ...kc.allSymbols()]).forEach((u, i) => r!.set(u, i));
    ranks.set(kc, r);
  }
  return r.get(unitOf(sym)) ?? -1;
}
