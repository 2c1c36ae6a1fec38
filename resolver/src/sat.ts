/**
 * A small CDCL SAT solver: two watched literals, first-UIP clause learning,
 * VSIDS with phase saving, Luby restarts, and native "at most K of these
 * literals" constraints (the planner's budgets: of changes, of changes to
 * what the user chose), explained lazily.
 *
 * Budgets only tighten while they last (a lower limit keeps everything
 * learnt valid). Clearing them forgets what was learnt under them, so that
 * the next search starts from the clauses alone.
 *
 * Literals are 2 * variable + (1 when negated); variables start at 1.
 */

export type Lit = number;
export const neg = (l: Lit): Lit => l ^ 1;
export const litOf = (v: number, negated = false): Lit => (v << 1) | (negated ? 1 : 0);
export const varOf = (l: Lit): number => l >> 1;

export type SolveResult = 'sat' | 'unsat' | 'unknown';

const REASON_NONE = -1;
/** Reasons below this are budgets: budget i is REASON_BUDGET - i. */
const REASON_BUDGET = -2;

interface Budget {
  lits: Lit[];
  limit: number;
  /** How many of `lits` are true on the trail. */
  count: number;
}

export class Solver {
  private nVars = 0;
  private clauses: Int32Array[] = [];
  /** Per clause: learnt (1) or given (0). */
  private learnt: number[] = [];
  /** Every unit clause given, to enqueue again after the trail is cleared. */
  private units: Lit[] = [];
  /** Indices of the clauses watching each literal (a clause watches its first two literals). */
  private watches: number[][] = [[], []];
  private value: Int8Array = new Int8Array(8); // per var: 0 unassigned, 1 true, -1 false
  private level: Int32Array = new Int32Array(8);
  private reason: Int32Array = new Int32Array(8);
  private trailPos: Int32Array = new Int32Array(8);
  private activity: Float64Array = new Float64Array(8);
  private polarity: Int8Array = new Int8Array(8); // saved phase: 1 true, 0 false
  private seen: Uint8Array = new Uint8Array(8);
  private trail: Int32Array = new Int32Array(8);
  private trailLen = 0;
  private trailLim: number[] = [];
  private qhead = 0;
  private varInc = 1;
  private heap: number[] = [];
  private heapIndex: Int32Array = new Int32Array(8);
  private unsatAtRoot = false;
  private pendingUnits: Lit[] = [];

  // The budget constraints.
  private budgets: Budget[] = [];
  /** Indexed by literal: the budgets counting it (null for most literals). */
  private budgetsOf: (number[] | null)[] = [null, null];
  /** A search ran under budgets since they were last cleared: the trail and learnt clauses may hold their consequences. */
  private searchedUnderBudgets = false;

  /** Literals decided first, in order, each set false while free (see setPreferredFalse). */
  private preferred: Lit[] = [];
  private preferredHead = 0;
  private preferredIndex = new Map<number, number>();

  conflicts = 0;
  decisions = 0;

  newVar(phase = false): number {
    const v = ++this.nVars;
    this.ensure(v);
    this.polarity[v] = phase ? 1 : 0;
    this.watches.push([], []);
    this.budgetsOf.push(null, null);
    this.heapIndex[v] = -1;
    this.heapInsert(v);
    return v;
  }

  get variables(): number {
    return this.nVars;
  }

  private ensure(v: number): void {
    if (v < this.value.length) return;
    const n = Math.max(v + 1, this.value.length * 2);
    const grow = <T extends Int8Array | Int32Array | Float64Array | Uint8Array>(a: T, fill = 0): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      if (fill) b.fill(fill as never, a.length);
      return b;
    };
    this.value = grow(this.value);
    this.level = grow(this.level);
    this.reason = grow(this.reason);
    this.trailPos = grow(this.trailPos);
    this.activity = grow(this.activity);
    this.polarity = grow(this.polarity);
    this.seen = grow(this.seen);
    this.trail = grow(this.trail);
    this.heapIndex = grow(this.heapIndex, -1);
  }

  setPhase(v: number, phase: boolean): void {
    this.polarity[v] = phase ? 1 : 0;
  }

  /** Raises a variable's priority for decisions (ties broken by creation order). */
  bump(v: number, amount: number): void {
    this.activity[v] += amount;
    if (this.heapIndex[v] >= 0) this.heapUp(this.heapIndex[v]);
  }

  litValue(l: Lit): number {
    const v = this.value[l >> 1];
    return l & 1 ? -v : v;
  }

  /** Value of a variable in the last model (true/false). */
  modelValue(l: Lit): boolean {
    return this.litValue(l) > 0;
  }

  addClause(lits: Lit[]): void {
    if (this.unsatAtRoot) return;
    // Level-0 values derived with a budget are not facts: a clause simplified by them would be wrong once it is gone.
    if (this.budgets.length) this.clearBudgets();
    if (this.trailLim.length) this.backtrack(0);
    const c: Lit[] = [];
    for (const l of lits) {
      const val = this.litValue(l);
      if (val > 0 && this.level[l >> 1] === 0) return; // satisfied for good
      if (val < 0 && this.level[l >> 1] === 0) continue;
      if (c.includes(neg(l))) return;
      if (!c.includes(l)) c.push(l);
    }
    if (c.length === 0) {
      this.unsatAtRoot = true;
      return;
    }
    if (c.length === 1) {
      this.units.push(c[0]);
      this.pendingUnits.push(c[0]);
      return;
    }
    this.attach(Int32Array.from(c), 0);
  }

  /**
   * Adds a clause known to be clean: at least two distinct literals, no
   * complementary pair (the encoder's gate definitions). Before any search
   * none of its literals is assigned and it is attached as it is.
   */
  addCleanClause(lits: Lit[]): void {
    if (this.trailLen || this.budgets.length) {
      this.addClause(lits);
      return;
    }
    this.attach(Int32Array.from(lits), 0);
  }

  private attach(c: Int32Array, learnt: number): number {
    const i = this.clauses.length;
    this.clauses.push(c);
    this.learnt.push(learnt);
    this.watches[neg(c[0])].push(i);
    this.watches[neg(c[1])].push(i);
    return i;
  }

  /**
   * At most `limit` of `lits` may be true, until clearBudgets(). Returns the
   * budget's number for lowerBudget.
   */
  addBudget(lits: Lit[], limit: number): number {
    if (this.trailLim.length) this.backtrack(0);
    const i = this.budgets.length;
    const b: Budget = { lits: [...new Set(lits)], limit, count: 0 };
    for (const l of b.lits) {
      (this.budgetsOf[l] ??= []).push(i);
      if (this.litValue(l) > 0) b.count++;
    }
    this.budgets.push(b);
    return i;
  }

  /** Lowers a budget's limit (raising one needs clearBudgets: what was learnt under it would be wrong). */
  lowerBudget(i: number, limit: number): void {
    const b = this.budgets[i];
    if (limit > b.limit) throw new Error('a budget can only be lowered');
    if (this.trailLim.length) this.backtrack(0);
    b.limit = limit;
  }

  /**
   * Drops every budget with all that was learnt and derived under them:
   * the clauses given stay, the trail starts empty again.
   */
  clearBudgets(): void {
    if (this.budgets.length === 0 && !this.searchedUnderBudgets) return;
    for (const b of this.budgets) for (const l of b.lits) this.budgetsOf[l] = null;
    this.budgets = [];
    if (this.searchedUnderBudgets) {
      this.searchedUnderBudgets = false;
      this.backtrack(0);
      for (let i = this.trailLen - 1; i >= 0; i--) {
        const v = this.trail[i] >> 1;
        this.value[v] = 0;
        if (this.heapIndex[v] < 0) this.heapInsert(v);
      }
      this.trailLen = 0;
      this.qhead = 0;
      const kept: Int32Array[] = [];
      for (let i = 0; i < this.clauses.length; i++) if (!this.learnt[i]) kept.push(this.clauses[i]);
      this.clauses = [];
      this.learnt = [];
      for (const w of this.watches) w.length = 0;
      for (const c of kept) this.attach(c, 0);
      this.pendingUnits = [...this.units];
      this.preferredHead = 0;
    }
  }

  /**
   * Decides these literals false before anything else. With every decision on
   * them made first and false, the model found has a set of true literals no
   * proper subset of which would do (a minimal model): the planner's changes.
   */
  setPreferredFalse(lits: Lit[]): void {
    this.preferred = lits.slice();
    this.preferredIndex.clear();
    lits.forEach((l, i) => this.preferredIndex.set(l >> 1, i));
    this.preferredHead = 0;
  }

  private enqueue(l: Lit, reason: number): void {
    const v = l >> 1;
    this.value[v] = l & 1 ? -1 : 1;
    this.level[v] = this.trailLim.length;
    this.reason[v] = reason;
    this.trailPos[v] = this.trailLen;
    this.trail[this.trailLen++] = l;
    const bs = this.budgetsOf[l];
    if (bs) for (const b of bs) this.budgets[b].count++;
  }

  /** Returns a conflicting clause (as literals) or null. */
  private propagate(): Lit[] | null {
    while (this.qhead < this.trailLen) {
      const p = this.trail[this.qhead++];
      // Clauses watching ¬p... i.e. stored under p: p became true, so ¬p is false.
      const falseLit = neg(p);
      const ws = this.watches[p];
      let i = 0;
      let j = 0;
      let conflict: Lit[] | null = null;
      for (; i < ws.length; i++) {
        const ci = ws[i];
        const c = this.clauses[ci];
        if (c[0] === falseLit) {
          c[0] = c[1];
          c[1] = falseLit;
        }
        if (this.litValue(c[0]) > 0) {
          ws[j++] = ci;
          continue;
        }
        let moved = false;
        for (let k = 2; k < c.length; k++) {
          if (this.litValue(c[k]) >= 0) {
            c[1] = c[k];
            c[k] = falseLit;
            this.watches[neg(c[1])].push(ci);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = ci;
        if (this.litValue(c[0]) < 0) {
          conflict = Array.from(c);
          for (i++; i < ws.length; i++) ws[j++] = ws[i];
          break;
        }
        this.enqueue(c[0], ci);
      }
      ws.length = j;
      if (conflict) return conflict;
      const bs = this.budgetsOf[p];
      if (bs) {
        for (const bi of bs) {
          const full = this.budgetFull(bi);
          if (full) return full;
        }
      }
    }
    return null;
  }

  /** A budget at its limit makes its other literals false; over it, a conflict (returned). */
  private budgetFull(bi: number): Lit[] | null {
    const b = this.budgets[bi];
    if (b.count < b.limit) return null;
    if (b.count > b.limit) return b.lits.filter((l) => this.litValue(l) > 0).map(neg);
    for (const l of b.lits) if (this.litValue(l) === 0) this.enqueue(neg(l), REASON_BUDGET - bi);
    return null;
  }

  /** The clause that forced variable v. */
  private reasonClause(v: number): ArrayLike<Lit> {
    const r = this.reason[v];
    if (r >= 0) return this.clauses[r];
    // Budget: v's literal is false because the budget was used up by literals earlier on the trail.
    const pos = this.trailPos[v];
    const out: Lit[] = [this.trail[pos]];
    for (const l of this.budgets[REASON_BUDGET - r].lits) {
      const u = l >> 1;
      if (this.litValue(l) > 0 && this.trailPos[u] < pos) out.push(neg(l));
    }
    return out;
  }

  private analyze(conflict: ArrayLike<Lit>): { learnt: Lit[]; backLevel: number } {
    const learnt: Lit[] = [0];
    const curLevel = this.trailLim.length;
    let pathCount = 0;
    let p = -1;
    let idx = this.trailLen - 1;
    let clause: ArrayLike<Lit> = conflict;
    const touched: number[] = [];
    for (;;) {
      for (let k = 0; k < clause.length; k++) {
        const q = clause[k];
        if (q === p) continue;
        const v = q >> 1;
        if (this.seen[v] || this.level[v] === 0) continue;
        this.seen[v] = 1;
        touched.push(v);
        this.bumpActivity(v);
        if (this.level[v] >= curLevel) pathCount++;
        else learnt.push(q);
      }
      while (!this.seen[this.trail[idx] >> 1]) idx--;
      p = this.trail[idx];
      idx--;
      const pv = p >> 1;
      this.seen[pv] = 0;
      pathCount--;
      if (pathCount <= 0) break;
      clause = this.reasonClause(pv);
    }
    learnt[0] = neg(p);
    for (const v of touched) this.seen[v] = 0;
    let backLevel = 0;
    let maxI = 1;
    for (let k = 1; k < learnt.length; k++) {
      const lv = this.level[learnt[k] >> 1];
      if (lv > backLevel) {
        backLevel = lv;
        maxI = k;
      }
    }
    if (learnt.length > 1) [learnt[1], learnt[maxI]] = [learnt[maxI], learnt[1]];
    this.varInc *= 1.05;
    if (this.varInc > 1e100) {
      for (let v = 1; v <= this.nVars; v++) this.activity[v] *= 1e-100;
      this.varInc *= 1e-100;
    }
    return { learnt, backLevel };
  }

  private bumpActivity(v: number): void {
    this.activity[v] += this.varInc;
    const i = this.heapIndex[v];
    if (i >= 0) this.heapUp(i);
  }

  private backtrack(lvl: number): void {
    if (this.trailLim.length <= lvl) return;
    const stop = this.trailLim[lvl];
    for (let i = this.trailLen - 1; i >= stop; i--) {
      const l = this.trail[i];
      const v = l >> 1;
      this.polarity[v] = l & 1 ? 0 : 1;
      this.value[v] = 0;
      const pi = this.preferredIndex.get(v);
      if (pi !== undefined && pi < this.preferredHead) this.preferredHead = pi;
      const bs = this.budgetsOf[l];
      if (bs) for (const b of bs) this.budgets[b].count--;
      if (this.heapIndex[v] < 0) this.heapInsert(v);
    }
    this.trailLen = stop;
    this.qhead = stop;
    this.trailLim.length = lvl;
  }

  /**
   * Searches for a model; 'unknown' when the deadline or conflict limit is
   * hit. `assumptions` hold for this search only: they are its first
   * decisions, and 'unsat' then means "not with these" (what the search
   * learns stays valid without them).
   */
  solve(deadline = Infinity, maxConflicts = Infinity, assumptions: readonly Lit[] = []): SolveResult {
    if (this.unsatAtRoot) return 'unsat';
    this.backtrack(0);
    for (const u of this.pendingUnits) {
      const val = this.litValue(u);
      if (val < 0) {
        this.unsatAtRoot = true;
        return 'unsat';
      }
      if (val === 0) this.enqueue(u, REASON_NONE);
    }
    this.pendingUnits.length = 0;
    const budgeted = this.budgets.length > 0;
    // Level-0 consequences of a budget (and clauses learnt under one) hold only while it does: clearBudgets() undoes them.
    if (budgeted) this.searchedUnderBudgets = true;
    if (this.propagate()) return budgeted ? 'unsat' : this.rootUnsat();
    for (let i = 0; i < this.budgets.length; i++) if (this.budgetFull(i) || this.propagate()) return 'unsat';
    let restart = 0;
    let budget = 100 * luby(restart);
    const startConflicts = this.conflicts;
    for (;;) {
      const conflict = this.propagate();
      if (conflict) {
        this.conflicts++;
        if (this.trailLim.length === 0) return budgeted ? 'unsat' : this.rootUnsat();
        const { learnt, backLevel } = this.analyze(conflict);
        this.backtrack(backLevel);
        if (learnt.length === 1) this.enqueue(learnt[0], REASON_NONE);
        else this.enqueue(learnt[0], this.attach(Int32Array.from(learnt), 1));
        if (--budget <= 0) {
          this.backtrack(0);
          budget = 100 * luby(++restart);
        }
        if ((this.conflicts & 63) === 0 && Date.now() > deadline) return 'unknown';
        if (this.conflicts - startConflicts > maxConflicts) return 'unknown';
        continue;
      }
      if (this.trailLim.length < assumptions.length) {
        // One level per assumption; one already true gets an empty level.
        const a = assumptions[this.trailLim.length];
        const val = this.litValue(a);
        if (val < 0) return 'unsat';
        this.trailLim.push(this.trailLen);
        if (val === 0) this.enqueue(a, REASON_NONE);
        continue;
      }
      const pref = this.pickPreferred();
      const v = pref ? pref >> 1 : this.pickBranch();
      if (v === 0) return 'sat';
      this.decisions++;
      if ((this.decisions & 1023) === 0 && Date.now() > deadline) return 'unknown';
      this.trailLim.push(this.trailLen);
      this.enqueue(pref ? neg(pref) : litOf(v, this.polarity[v] === 0), REASON_NONE);
    }
  }

  private rootUnsat(): SolveResult {
    this.unsatAtRoot = true;
    return 'unsat';
  }

  private pickPreferred(): Lit {
    const p = this.preferred;
    while (this.preferredHead < p.length) {
      const l = p[this.preferredHead];
      if (this.value[l >> 1] === 0) return l;
      this.preferredHead++;
    }
    return 0;
  }

  private pickBranch(): number {
    while (this.heap.length) {
      const v = this.heapPop();
      if (this.value[v] === 0) return v;
    }
    return 0;
  }

  // ---- binary max-heap on activity (ties: lower variable first) ----
  private before(a: number, b: number): boolean {
    const x = this.activity[a];
    const y = this.activity[b];
    return x > y || (x === y && a < b);
  }
  private heapInsert(v: number): void {
    this.heapIndex[v] = this.heap.length;
    this.heap.push(v);
    this.heapUp(this.heap.length - 1);
  }
  private heapUp(i: number): void {
    const h = this.heap;
    const v = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(v, h[parent])) break;
      h[i] = h[parent];
      this.heapIndex[h[i]] = i;
      i = parent;
    }
    h[i] = v;
    this.heapIndex[v] = i;
  }
  private heapPop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    this.heapIndex[top] = -1;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && this.before(h[r], h[l]) ? r : l;
        if (!this.before(h[c], last)) break;
        h[i] = h[c];
        this.heapIndex[h[i]] = i;
        i = c;
      }
      h[i] = last;
      this.heapIndex[last] = i;
    }
    return top;
  }
}

function luby(i: number): number {
  let size = 1;
  let seq = 0;
  while (size < i + 1) {
    seq++;
    size = 2 * size + 1;
  }
  let x = i;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return 2 ** seq;
}
