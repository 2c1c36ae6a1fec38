/**
 * The search for the best plan in one encoding, by the ranking of
 * docs/resolver.md: fewest changes to choices the user answered, then
 * fewest changes to values the user chose, then fewest changes in all.
 *
 * Each rank is a budget ("at most K of these literals") of the solver,
 * lowered until no model is left (or the bounded effort runs out), then
 * fixed while the next rank is lowered. The first model already tends to be
 * good: every "changes something the user chose" literal is decided first
 * and false, then the change literals, farthest from the target first.
 *
 * What the user chose is watched lazily: a chosen symbol gets its literal
 * (and its part of the tree gets encoded) once a plan is seen to change it,
 * so that a request far from what the user chose costs nothing more.
 */
import type { KSymbol } from 'kconfig-parser-ts';
import type { Encoding } from './encoding.js';
import { neg, type Lit, type Solver } from './sat.js';

export type Proposal = { symbol: KSymbol; to: string }[];

export interface Found {
  proposal: Proposal;
  /** Each rank was proven to be at its least (otherwise the plan is only minimal). */
  proven: boolean;
}

/** Effort spent on proving that no plan ranks before the one found, per rank. */
const PROOF_MS = 300;
const PROOF_CONFLICTS = 3000;

export class RankedSearch {
  /** Literals of "changes a choice the user answered", then of "changes a value the user chose". */
  private readonly chosen: [Lit[], Lit[]] = [[], []];
  private readonly watched = new Set<KSymbol>();
  private readonly solver: Solver;

  constructor(
    private readonly enc: Encoding,
    /** The change literals in the order they are decided (first: least wanted). */
    private readonly changeOrder: Lit[],
  ) {
    this.solver = enc.solver;
  }

  /** Counts changes to `s` (a choice, or a chosen value) from now on. False when they cannot be counted. */
  watch(s: KSymbol, kind: 'choice' | 'value'): boolean {
    if (this.watched.has(s)) return false;
    this.watched.add(s);
    const l = this.enc.changed(s);
    if (l === null || l === this.enc.FALSE) return false;
    this.chosen[kind === 'choice' ? 0 : 1].push(l);
    return true;
  }

  isWatched(s: KSymbol): boolean {
    return this.watched.has(s);
  }

  /** No later plan is this one (`exact`), or holds all of its changes (`supersets`). */
  exclude(p: Proposal, how: 'exact' | 'supersets'): void {
    const chosen = new Set(p.map((c) => c.symbol));
    const inputs = this.enc.inputs;
    if (how === 'exact') this.solver.addClause(inputs.map((i) => (chosen.has(i.symbol) ? neg(i.change) : i.change)));
    else this.solver.addClause(inputs.filter((i) => chosen.has(i.symbol)).map((i) => neg(i.change)));
  }

  /** The best plan left; 'unsat' when there is none, 'unknown' when the deadline came first. */
  best(deadline: number): Found | 'unsat' | 'unknown' {
    const s = this.solver;
    s.clearBudgets();
    s.setPreferredFalse([...this.chosen[0], ...this.chosen[1], ...this.changeOrder]);
    const first = s.solve(deadline);
    if (first !== 'sat') return first;
    const ranks = [...this.chosen, this.enc.inputs.map((i) => i.change)];
    // What the last model gives (read at once: adding a budget undoes the model).
    let proposal = this.proposal();
    let counts = ranks.map((lits) => this.count(lits));
    const keep = () => {
      proposal = this.proposal();
      counts = ranks.map((lits) => this.count(lits));
    };
    let proven = true;
    const fixed: { lits: Lit[]; limit: number }[] = [];
    for (let r = 0; r < ranks.length; r++) {
      const lits = ranks[r];
      let budget = -1;
      let haveModel = true;
      if (counts[r] > 0) {
        budget = s.addBudget(lits, counts[r] - 1);
        for (;;) {
          const res = s.solve(Math.min(deadline, Date.now() + PROOF_MS), PROOF_CONFLICTS);
          if (res !== 'sat') {
            if (res === 'unknown') proven = false;
            haveModel = false;
            break;
          }
          keep();
          if (counts[r] === 0) break;
          s.lowerBudget(budget, counts[r] - 1);
        }
      }
      if (r === ranks.length - 1) break;
      const k = counts[r];
      // This rank stays at k while the next one is lowered.
      if (haveModel) {
        if (budget >= 0) s.lowerBudget(budget, k);
        else s.addBudget(lits, k);
      } else {
        // The search ended without a model (none with fewer): back to one at k. A budget cannot be raised.
        s.clearBudgets();
        for (const f of fixed) s.addBudget(f.lits, f.limit);
        s.addBudget(lits, k);
        if (s.solve(deadline) !== 'sat') return { proposal, proven: false };
        keep();
      }
      fixed.push({ lits, limit: k });
    }
    return { proposal, proven };
  }

  private count(lits: Lit[]): number {
    let n = 0;
    for (const l of lits) if (this.solver.modelValue(l)) n++;
    return n;
  }

  private proposal(): Proposal {
    return proposalOf(this.enc);
  }
}

/** The inputs the solver's model changes, with the values it gives them. */
export function proposalOf(enc: Encoding): Proposal {
  const out: Proposal = [];
  for (const i of enc.inputs) if (enc.solver.modelValue(i.change)) out.push({ symbol: i.symbol, to: i.planned(enc.solver) });
  return out;
}
