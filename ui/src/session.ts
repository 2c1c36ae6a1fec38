/**
 * The engine side of a menu session: one loaded tree, the configuration it
 * started from (the "base"), and the list of changes made since ("ops").
 *
 * The engine's state is always base + ops applied in order. That makes undo
 * exact without asking the engine to restore anything: when the list of ops
 * shrinks or changes, the engine re-reads the base and replays the list;
 * when it only grows, the new ops are applied on top.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Kconfig, KSymbol } from 'kconfig-parser-ts';
import type { ReadyPlan, Reasoner } from './reasoning.js';

/** One change the user made. Plans keep the resolver's plan in the session (by id) to replay it. */
export type Op =
  | { kind: 'set'; name: string; value: string }
  | { kind: 'plan'; id: number; name: string; value: string; changes: { name: string; from: string; to: string }[] };

export interface ValueChange {
  sym: KSymbol;
  from: string;
  to: string;
}

export class ConfigSession {
  readonly kc: Kconfig;
  private reasoner: Reasoner | null;
  /** A copy of the configuration the session started from (empty when there was none). */
  private baseFile: string;
  private scratch: string;
  /** The ops the engine reflects right now, in order. */
  private applied: readonly Op[] = [];
  private plans = new Map<number, ReadyPlan>();
  private nextPlanId = 1;
  /** Values at the last load or save, taken lazily (reading every value costs tens of ms on Linux). */
  private savedValues: Map<KSymbol, string> | null = null;
  /** Bumped whenever engine values may have changed: views recompute what they derive from the engine. */
  revision = 0;

  constructor(kc: Kconfig, reasoner: Reasoner | null) {
    this.kc = kc;
    this.reasoner = reasoner;
    this.scratch = mkdtempSync(join(tmpdir(), 'ukconfig-menu-'));
    this.baseFile = join(this.scratch, 'base.config');
  }

  /** Removes the session's scratch files. */
  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }

  /**
   * Starts from `path` (or from nothing when it does not exist). Returns
   * whether a file was read; on a read error the message says why.
   */
  loadBase(path: string): { found: boolean; error: string | null } {
    let text = '';
    if (statSync(resolve(this.kc.cwd, path), { throwIfNoEntry: false })?.isDirectory()) return { found: false, error: `${path} is a directory` };
    // Found as conf finds it: the name as given, else under $srctree.
    const where = this.kc.resolvePath(path);
    if (where !== null) {
      try {
        text = readFileSync(where, 'latin1');
      } catch (e) {
        return { found: false, error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
      }
    }
    writeFileSync(this.baseFile, text, 'latin1');
    this.applied = [];
    this.plans.clear();
    this.resetEngine();
    this.savedValues = null;
    return { found: where !== null, error: null };
  }

  private resetEngine(): void {
    // Reading the base the same way every time (even an empty one) makes replays start from the same state.
    this.kc.readConfig(this.baseFile);
    this.revision++;
  }

  /**
   * Applies a new op on top of the current state. Returns false (and changes
   * nothing) when the engine refuses it.
   */
  tryApply(op: Op): boolean {
    this.ensureSavedSnapshot();
    if (!this.applyOp(op)) {
      // A plan may have made some of its changes before failing: back to exactly base + ops.
      if (op.kind === 'plan') this.replay();
      return false;
    }
    this.applied = [...this.applied, op];
    this.revision++;
    return true;
  }

  /** Brings the engine in line with `ops` (after undo, redo, or anything else that edited the list). */
  sync(ops: readonly Op[]): void {
    if (ops === this.applied) return;
    const prefix = this.applied.length <= ops.length && this.applied.every((op, i) => ops[i] === op);
    if (!prefix) {
      this.resetEngine();
      this.applied = [];
    }
    for (const op of ops.slice(this.applied.length)) this.applyOp(op);
    this.applied = ops;
    this.revision++;
  }

  private replay(): void {
    const ops = this.applied;
    this.applied = [];
    this.resetEngine();
    this.sync(ops);
  }

  private applyOp(op: Op): boolean {
    if (op.kind === 'plan') {
      const plan = this.plans.get(op.id);
      return plan !== undefined && this.reasoner !== null && this.reasoner.applyPlan(this.kc, plan);
    }
    const sym = this.kc.symbol(op.name);
    return sym !== null && sym.setValue(op.value);
  }

  /** Keeps a resolver plan so that an op can name it (and undo/redo can replay it). */
  registerPlan(plan: ReadyPlan): number {
    const id = this.nextPlanId++;
    this.plans.set(id, plan);
    return id;
  }

  ensureSavedSnapshot(): void {
    if (this.savedValues) return;
    const values = new Map<KSymbol, string>();
    for (const s of this.kc.definedSymbols()) values.set(s, s.strValue);
    this.savedValues = values;
  }

  /** Values that differ from the last load or save, by symbol name. */
  changesSinceSave(): ValueChange[] {
    if (!this.savedValues) return [];
    const out: ValueChange[] = [];
    for (const [sym, from] of this.savedValues) {
      const to = sym.strValue;
      if (to !== from) out.push({ sym, from, to });
    }
    return out.sort((a, b) => (a.sym.name! < b.sym.name! ? -1 : a.sym.name! > b.sym.name! ? 1 : 0));
  }

  /** Writes the configuration (atomically, keeping `<path>.old`). */
  save(path: string): boolean {
    if (!this.kc.writeConfig(path)) return false;
    this.savedValues = null;
    this.ensureSavedSnapshot();
    return true;
  }

  /** Why the last save failed (errno's reason). */
  get writeError(): string | null {
    return this.kc.writeError;
  }

  saveMinimal(path: string): boolean {
    const ok = this.kc.writeMinimalConfig(path);
    // The engine recomputes everything for a minimal config.
    this.revision++;
    return ok;
  }

  /** The ops the engine currently reflects. */
  get appliedOps(): readonly Op[] {
    return this.applied;
  }
}
