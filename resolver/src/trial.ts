/**
 * Trying user values on the engine and putting everything back exactly.
 *
 * What setValue and evaluation change outside the values themselves is
 * saved and restored: user values and their flag (a pick also marks its
 * choice and the visible members), the choices' answered flags (evaluation
 * clears them when a new member shows), the tree's changed flag, and the
 * warnings evaluation prints (silenced during a trial).
 */
import type { Kconfig, KSymbol } from 'kconfig-parser-ts';

const SYM_DEF_USER = 0x10000;

interface Saved {
  sym: KSymbol;
  user: boolean;
  val: KSymbol['defVal'][0];
  tri: 0 | 1 | 2;
}

export class Snapshot {
  private readonly saved: Saved[] = [];
  private readonly seen = new Set<KSymbol>();
  private readonly changed: boolean;
  private readonly warnings: number;
  private readonly diagnostics: number;

  constructor(private readonly kc: Kconfig) {
    this.changed = kc.changed;
    this.warnings = kc.symWarnings;
    this.diagnostics = kc.diagnostics.length;
    for (const c of choicesOf(kc)) this.keep(c);
  }

  /** Remembers `sym` (and, for a choice member, its choice and the other members) before it is touched. */
  keep(sym: KSymbol): void {
    const group = sym.choice ? [sym.choice, ...sym.choice.choiceMembers] : sym.isChoice() ? [sym, ...sym.choiceMembers] : [sym];
    for (const s of group) {
      if (this.seen.has(s)) continue;
      this.seen.add(s);
      this.saved.push({ sym: s, user: (s.flags & SYM_DEF_USER) !== 0, val: s.defVal[0], tri: s.defTri[0] });
    }
  }

  restore(): void {
    const kc = this.kc;
    const touched: KSymbol[] = [];
    for (const x of this.saved) {
      const s = x.sym;
      const same = ((s.flags & SYM_DEF_USER) !== 0) === x.user && s.defVal[0] === x.val && s.defTri[0] === x.tri;
      if (same) continue;
      s.flags = x.user ? s.flags | SYM_DEF_USER : s.flags & ~SYM_DEF_USER;
      s.defVal[0] = x.val;
      s.defTri[0] = x.tri;
      touched.push(s);
    }
    // Conf-style trees recompute everything after any change: once is enough.
    if (touched.length && !kc.incremental) kc.clearAllValid();
    else for (const s of touched) kc.userValueChanged(s);
    kc.changed = this.changed;
    kc.symWarnings = this.warnings;
    kc.diagnostics.length = this.diagnostics;
  }
}

const SILENT = { stdout: () => {}, stderr: () => {} };

const choiceLists = new WeakMap<Kconfig, KSymbol[]>();
/** The tree's choices (the symbol table does not change once loaded). */
function choicesOf(kc: Kconfig): KSymbol[] {
  let l = choiceLists.get(kc);
  if (!l) choiceLists.set(kc, (l = kc.choices()));
  return l;
}

/** Runs `fn` with the tree silenced and every user value it sets undone afterwards. */
export function trial<T>(kc: Kconfig, fn: (snap: Snapshot) => T): T {
  const snap = new Snapshot(kc);
  const out = kc.out;
  kc.out = SILENT;
  try {
    return fn(snap);
  } finally {
    snap.restore();
    kc.out = out;
  }
}
