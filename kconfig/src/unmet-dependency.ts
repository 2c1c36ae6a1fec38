/**
 * Symbols a `select` forces beyond what their direct dependencies allow:
 * the case conf warns about ("unmet direct dependencies detected"), with
 * what a front end needs to explain it.
 */
import { quietly, settleModules } from './evaluation-state.js';
import { andTerms } from './expr-walk.js';
import type { Expr, Tristate } from './expr.js';
import type { Kconfig } from './kconfig.js';
import { calcExpr, type KSymbol, type ReverseDependency } from './symbol.js';

export interface UnmetDependency {
  symbol: KSymbol;
  /** What the direct dependencies allow: n or m. */
  allowed: Tristate;
  /** What the active selects force (m or y): the symbol's value. */
  forced: Tristate;
  /** The top-level && terms of the dependencies that stay below `forced`. */
  unmetTerms: Expr[];
  /** The selects that are active now. */
  selectors: ReverseDependency[];
  /** The warning conf prints for it. */
  warning: string;
}

/** How `sym` is forced beyond its dependencies now, or null when it is not (choice members never are). */
export function unmetDependency(sym: KSymbol): UnmetDependency | null {
  if (!sym.isLogical() || sym.isChoiceValue()) return null;
  sym.calcValue();
  const forced = sym.revDepTri;
  if (sym.dirDepTri >= forced) return null;
  return {
    symbol: sym,
    allowed: sym.dirDepTri,
    forced,
    unmetTerms: andTerms(sym.dirDep).filter((t) => calcExpr(t) < forced),
    selectors: sym.selectedBy.filter((r) => Math.min(r.symbol.triValue, calcExpr(r.condition)) > 0),
    warning: sym.unmetWarningText().replace(/^\n/, ''),
  };
}

/**
 * Every defined symbol with unmet dependencies, in symbol-table order.
 * Values are computed quietly (conf would print these very warnings).
 */
export function unmetDependencies(kc: Kconfig): UnmetDependency[] {
  return quietly(kc, () => {
    settleModules(kc);
    const out: UnmetDependency[] = [];
    for (const s of kc.definedSymbols()) {
      const u = unmetDependency(s);
      if (u) out.push(u);
    }
    return out;
  });
}
