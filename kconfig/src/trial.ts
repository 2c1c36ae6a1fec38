/**
 * Trying user values on the tree and putting everything back exactly (the
 * resolver checks each plan this way before offering it).
 *
 * What setValue and evaluation change outside the values themselves is
 * saved and restored too: user values and their flag (picking a member also
 * marks its choice and the visible members), the choices' answered flags
 * (evaluation clears them when a new member shows), the tree's changed
 * flag, and the warnings evaluation prints (silenced during a trial).
 */
import { quietly } from './evaluation-state.js';
import type { Kconfig } from './kconfig.js';
import { DefSlot, SYM_DEF_USER, SYM_DEF_USER_UNGIVEN, type KSymbol, type SymbolValue } from './symbol.js';

/** The user-value marks a trial puts back as they were. */
const USER_BITS = SYM_DEF_USER | SYM_DEF_USER_UNGIVEN;
import type { Tristate } from './expr.js';

interface Saved {
  sym: KSymbol;
  user: number;
  val: SymbolValue;
  tri: Tristate;
}

/**
 * The user values of the symbols given to `keep` (and of every choice), as
 * they were when kept; `restore` puts back those that changed and
 * recomputes only what depends on them on an incremental tree.
 */
export class UserValueSnapshot {
  private readonly saved: Saved[] = [];
  private readonly seen = new Set<KSymbol>();
  private readonly changed: boolean;

  constructor(private readonly kc: Kconfig) {
    this.changed = kc.changed;
    for (const c of choicesOf(kc)) this.keep(c);
  }

  /** Remembers `sym` (and, for a choice member, its choice and the other members) before it is touched. */
  keep(sym: KSymbol): void {
    const group = sym.choice ? [sym.choice, ...sym.choice.choiceMembers] : sym.isChoice() ? [sym, ...sym.choiceMembers] : [sym];
    for (const s of group) {
      if (this.seen.has(s)) continue;
      this.seen.add(s);
      this.saved.push({ sym: s, user: s.flags & USER_BITS, val: s.defVal[DefSlot.User], tri: s.defTri[DefSlot.User] });
    }
  }

  restore(): void {
    const kc = this.kc;
    const touched: KSymbol[] = [];
    for (const x of this.saved) {
      const s = x.sym;
      const same = (s.flags & USER_BITS) === x.user && s.defVal[DefSlot.User] === x.val && s.defTri[DefSlot.User] === x.tri;
      if (same) continue;
      s.flags = (s.flags & ~USER_BITS) | x.user;
      s.defVal[DefSlot.User] = x.val;
      s.defTri[DefSlot.User] = x.tri;
      touched.push(s);
    }
    // Conf-style trees recompute everything after any change: once is enough.
    if (touched.length && !kc.incremental) kc.clearAllValid();
    else for (const s of touched) kc.userValueChanged(s);
    kc.changed = this.changed;
  }
}

const choiceLists = new WeakMap<Kconfig, KSymbol[]>();
/** The tree's choices (the symbol table does not change once loaded). */
function choicesOf(kc: Kconfig): KSymbol[] {
  let l = choiceLists.get(kc);
  if (!l) choiceLists.set(kc, (l = kc.choices()));
  return l;
}

/**
 * Runs `fn` quietly (see `quietly`), then undoes every user value it set:
 * `fn` calls `snap.keep(sym)` before it changes `sym`.
 */
export function trial<T>(kc: Kconfig, fn: (snap: UserValueSnapshot) => T): T {
  return quietly(kc, () => {
    const snap = new UserValueSnapshot(kc);
    try {
      return fn(snap);
    } finally {
      snap.restore();
    }
  });
}
