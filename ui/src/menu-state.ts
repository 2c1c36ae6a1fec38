/**
 * Everything the menu shows that is not a Kconfig value: where the user is,
 * which screen is open, display modes, messages, and the list of changes
 * with its undo history. Engine values are read from the engine at render
 * time; `revision` tells views when they may have changed.
 */
import type { MenuNode } from 'kconfig-parser-ts';
import type { Patch } from 'immer';
import type { Op } from './session.js';
import type { ConfigWarning } from './reasoning.js';

/** One menu level: the menu shown and where the cursor is in it. */
export interface Level {
  menu: MenuNode;
  /** The entry under the cursor; the cursor follows it when rows appear or vanish. */
  selected: MenuNode | null;
  /** Its row when last seen (used when the entry itself is no longer listed). */
  index: number;
  /** First row shown. */
  top: number;
}

export type FilePurpose = 'save' | 'open' | 'minimal';

export type Overlay =
  | { kind: 'info'; node: MenuNode; scroll: number }
  | { kind: 'search'; query: string; cursor: number; top: number }
  | { kind: 'entry'; node: MenuNode; text: string; error: string | null }
  | { kind: 'file'; purpose: FilePurpose; text: string; error: string | null }
  /** `value` is what a plan is sought for; `asked`: the user tried to set it (not just asked why, with x). */
  | { kind: 'why'; node: MenuNode; value: string | null; asked: boolean; scroll: number; text: string; plan: PlanView | null }
  | { kind: 'changes'; cursor: number; top: number }
  | { kind: 'warnings'; cursor: number; top: number }
  | { kind: 'confirm-quit' }
  | { kind: 'confirm-open'; path: string }
  | { kind: 'keys'; scroll: number };

export type OverlayKind = Overlay['kind'];

/**
 * What the why screen shows of the resolver's plans (up to three, best
 * first). Each plan itself stays in the session (by `id`): resolver objects
 * are not put into the immutable state.
 */
export type PlanView =
  | { ok: true; plans: PlanChoice[] }
  | { ok: false; reason: string; blocking: { file: string; line: number; text: string }[] };

export interface PlanChoice {
  id: number;
  changes: { name: string; from: string; to: string }[];
  /** What the plan changes that the user chose, one text each. */
  overrides: string[];
}

export interface HistoryStep {
  label: string;
  patches: Patch[];
  inverse: Patch[];
}

export interface Message {
  text: string;
  tone: 'info' | 'error';
}

export interface MenuState {
  levels: Level[];
  /** Screens on top of the menu, the last one active. */
  overlays: Overlay[];
  showAll: boolean;
  showNames: boolean;
  helpMode: boolean;
  message: Message | null;
  /** Where S writes and what O read last. */
  configPath: string;
  /** Changes since the configuration was loaded, oldest first. */
  ops: Op[];
  /** `ops` as they were at the last save (compared by identity of each op). */
  savedOps: Op[];
  /** The loaded configuration needs writing even without changes (missing or outdated file). */
  baseNeedsSave: boolean;
  undo: HistoryStep[];
  redo: HistoryStep[];
  /** Engine values may have changed when this changes. */
  revision: number;
  warnings: ConfigWarning[];
  /** Why there are no warnings, why/plan: the resolver is missing. */
  resolverProblem: string | null;
  /** Set once the user has chosen to leave; the command then ends. */
  exit: { saved: boolean } | null;
  /** Terminal size in cells. */
  size: { columns: number; rows: number };
}

export function initialState(root: MenuNode, configPath: string, baseNeedsSave: boolean, resolverProblem: string | null): MenuState {
  return {
    levels: [{ menu: root, selected: null, index: 0, top: 0 }],
    overlays: [],
    showAll: false,
    showNames: false,
    helpMode: false,
    message: null,
    configPath,
    ops: [],
    savedOps: [],
    baseNeedsSave,
    undo: [],
    redo: [],
    revision: 0,
    warnings: [],
    resolverProblem,
    exit: null,
    size: { columns: 80, rows: 24 },
  };
}

/** There is something to save. */
export function isDirty(s: MenuState): boolean {
  if (s.baseNeedsSave) return true;
  if (s.ops.length !== s.savedOps.length) return true;
  // Redo re-creates ops from patches: compare contents, not identity.
  return s.ops.some((op, i) => op !== s.savedOps[i] && JSON.stringify(op) !== JSON.stringify(s.savedOps[i]));
}

export function topOverlay(s: MenuState): Overlay | null {
  return s.overlays.length ? s.overlays[s.overlays.length - 1] : null;
}

export function currentLevel(s: MenuState): Level {
  return s.levels[s.levels.length - 1];
}
