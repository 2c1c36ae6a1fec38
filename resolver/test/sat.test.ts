/** The SAT solver's budgets ("at most K of these literals"): several at once, lowered, and cleared without a trace. */
import { describe, expect, it } from 'vitest';
import { litOf, neg, Solver, type Lit } from '../src/sat.js';

function vars(s: Solver, n: number): Lit[] {
  return Array.from({ length: n }, () => litOf(s.newVar()));
}

const trueOnes = (s: Solver, lits: Lit[]) => lits.filter((l) => s.modelValue(l)).length;

describe('budgets', () => {
  it('hold while in force; cleared, nothing derived under them remains (the clauses alone decide)', () => {
    const s = new Solver();
    const [a, b, c] = vars(s, 3);
    s.addClause([a, b, c]);
    s.addBudget([a, b, c], 0);
    expect(s.solve()).toBe('unsat');
    s.clearBudgets();
    expect(s.solve()).toBe('sat');
    // A clause added after a budgeted search is not simplified by what the budget implied.
    s.addBudget([a, b], 0);
    expect(s.solve()).toBe('sat');
    expect(s.modelValue(c)).toBe(true);
    // Were [!c, a] cut down to [!c] by the budget's !a, c would now be impossible.
    s.addClause([neg(c), a]);
    s.addClause([c]);
    expect(s.solve()).toBe('sat');
    expect([s.modelValue(a), s.modelValue(c)]).toEqual([true, true]);
  });

  it('several at once, each lowered in turn (a lexicographic minimum)', () => {
    const s = new Solver();
    const [x, y, p, q, r] = vars(s, 5);
    // Either x, or y and p, or q and r: fewest of {x} first, then fewest of all.
    s.addClause([x, y, q]);
    s.addClause([x, p, q]);
    s.addClause([x, y, r]);
    s.addClause([x, p, r]);
    const all = [x, y, p, q, r];
    s.addBudget([x], 0);
    const b = s.addBudget(all, 5);
    let best = Infinity;
    while (s.solve() === 'sat') {
      best = trueOnes(s, all);
      s.lowerBudget(b, best - 1);
    }
    expect(best).toBe(2);
    expect(() => s.lowerBudget(b, 4)).toThrow(/only be lowered/);
    s.clearBudgets();
    s.addBudget(all, 1);
    expect(s.solve()).toBe('sat');
    expect(s.modelValue(x)).toBe(true);
  });
});
