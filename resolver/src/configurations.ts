/**
 * Questions over every configuration a tree allows (any user values, any
 * choice picks): is there one in which these conditions hold and those do
 * not? The build's lint asks, for each include and each symbol a library
 * takes from another, whether a configuration enables the first library
 * without the second.
 *
 * Answered with the encoding of encoding.ts with every input free (its
 * relaxed form, which also leaves the comparisons of int, hex and string
 * values free): "none" is a proof that covers every configuration. A
 * configuration found is replayed on the engine before it is offered as an
 * example; the relaxed encoding may, through a comparison of texts, find
 * one the engine cannot produce, and then no example is given.
 *
 * One encoding serves every question about a tree: each question's
 * conditions are assumptions of one search, so the encoding is built once
 * and what the solver learns carries over.
 */
import { calcExpr, quietly, trial, type Expr, type Kconfig } from 'kconfig-parser-ts';
import { Encoding } from './encoding.js';
import { applyProposal, type PlanChange } from './plan.js';
import { proposalOf } from './ranked-search.js';
import { neg, type Lit } from './sat.js';
import { possibleValues } from './static-model.js';

export interface ConfigurationQuery {
  /** Conditions that must evaluate to y. */
  holds: Expr[];
  /** Conditions that must not evaluate to y. */
  fails: Expr[];
}

export type ConfigurationSearch =
  | { found: false }
  /** `example`: the user values that give such a configuration from the defaults, or null when the engine did not confirm it. */
  | { found: true; example: PlanChange[] | null }
  | { found: 'unknown' };

export class ConfigurationSpace {
  /** null when the tree has a MODULES option: each search then covers both of its values afresh. */
  private readonly shared: Encoding | null;

  constructor(
    readonly kc: Kconfig,
    /** Give up on one search (found: 'unknown') after this many ms; default: no limit. */
    private readonly timeoutMs = Infinity,
  ) {
    this.shared = kc.modulesSym.isConst() ? quietly(kc, () => new Encoding(kc, possibleValues(kc), true)) : null;
  }

  /** Is there a configuration where every `holds` is y and no `fails` is? */
  find(q: ConfigurationQuery): ConfigurationSearch {
    const deadline = Date.now() + this.timeoutMs;
    if (this.shared) return quietly(this.kc, () => this.search(this.shared!, q, deadline));
    return this.bothModules(q, deadline);
  }

  /** Every tristate follows MODULES: search under its current value, then under the other. */
  private bothModules(q: ConfigurationQuery, deadline: number): ConfigurationSearch {
    const kc = this.kc;
    const here = quietly(kc, () => this.search(new Encoding(kc, possibleValues(kc), true), q, deadline));
    if (here.found !== false) return here;
    const modules = kc.modulesSym;
    const from = modules.strValue;
    const to = from === 'y' ? 'n' : 'y';
    return trial(kc, (snap) => {
      snap.keep(modules);
      if (!modules.setValue(to)) return here;
      const flipped = this.search(new Encoding(kc, possibleValues(kc), true), q, deadline);
      if (flipped.found !== true || !flipped.example) return flipped;
      return { found: true, example: [{ symbol: modules, from, to }, ...flipped.example] };
    });
  }

  private search(enc: Encoding, q: ConfigurationQuery, deadline: number): ConfigurationSearch {
    const assumptions: Lit[] = [...q.holds.map((e) => enc.expr(e).b), ...q.fails.map((e) => neg(enc.expr(e).b))];
    const s = enc.solver;
    // Few user values first: the example stays close to the defaults.
    s.setPreferredFalse(enc.inputs.map((i) => i.change));
    const r = s.solve(deadline, Infinity, assumptions);
    if (r === 'unsat') return { found: false };
    if (r === 'unknown') return { found: 'unknown' };
    const proposal = proposalOf(enc);
    // conf drops the answer of a choice none of whose visible members was
    // answered: the model's picks, made explicit, keep it.
    const picks = this.kc.choices().flatMap((c) => c.choiceMembers.filter((m) => enc.modelTri(enc.value(m)) === 2 && !proposal.some((p) => p.symbol === m)));
    const example = this.confirm(q, proposal) ?? (picks.length ? this.confirm(q, [...proposal, ...picks.map((m) => ({ symbol: m, to: 'y' }))]) : null);
    return { found: true, example };
  }

  /** The model's user values replayed on the engine: the changes, when the conditions come out as asked. */
  private confirm(q: ConfigurationQuery, proposal: ReturnType<typeof proposalOf>): PlanChange[] | null {
    const kc = this.kc;
    return trial(kc, (snap) => {
      const done = applyProposal(kc, snap, proposal);
      if ('refused' in done) return null;
      const applied = done.changes;
      // Two full recomputations, as a saved and reloaded configuration gives (see plan.ts).
      for (let round = 0; round < 2; round++) {
        kc.clearAllValid();
        if (!q.holds.every((e) => calcExpr(e) === 2) || q.fails.some((e) => calcExpr(e) === 2)) return null;
      }
      return applied;
    });
  }
}
