/**
 * How far each symbol is from the target in the dependency graph: one step
 * along depends on, prompt conditions and defaults, three along select and
 * imply. The planner leaves far inputs alone first, so that when several
 * plans are equally small it picks the one along the target's own
 * dependencies (enable FOO's parent menu) rather than one through some
 * unrelated symbol that happens to select what is needed.
 */
import { forEachExprSymbol, PropType, type Expr, type KSymbol } from 'kconfig-parser-ts';

const NEAR = 1;
const FAR = 3;

export function distancesFrom(target: KSymbol, fixed: (s: KSymbol) => boolean = () => false, limit = 100_000): Map<KSymbol, number> {
  const dist = new Map<KSymbol, number>([[target, 0]]);
  // Buckets by distance (small integer weights): a simple Dijkstra.
  const buckets: KSymbol[][] = [[target]];
  let seen = 0;
  for (let d = 0; d < buckets.length && seen < limit; d++) {
    const bucket = buckets[d];
    if (!bucket) continue;
    for (const s of bucket) {
      if (dist.get(s) !== d) continue;
      seen++;
      const reach = (e: Expr | null, w: number) =>
        forEachExprSymbol(e, (n) => {
          if (n.isConst() || fixed(n)) return;
          const nd = d + w;
          const old = dist.get(n);
          if (old !== undefined && old <= nd) return;
          dist.set(n, nd);
          (buckets[nd] ??= []).push(n);
        });
      reach(s.dirDep, NEAR);
      for (const p of s.props) {
        if (p.type === PropType.Prompt || p.type === PropType.Default) {
          reach(p.visibleExpr, NEAR);
          if (p.type === PropType.Default) reach(p.expr, NEAR);
        }
      }
      reach(s.revDep, FAR);
      reach(s.implied, FAR);
      const group = s.choice ? [s.choice] : s.isChoice() ? s.choiceMembers : [];
      for (const g of group) {
        const nd = d + NEAR;
        const old = dist.get(g);
        if (old === undefined || old > nd) {
          dist.set(g, nd);
          (buckets[nd] ??= []).push(g);
        }
      }
    }
  }
  return dist;
}
