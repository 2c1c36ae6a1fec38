/**
 * Undo and redo of configuration changes as immer patches over the list of
 * ops: each change records the patches that made it and their inverse.
 * Undo applies the inverse to the list, redo the patches again; the session
 * then brings the engine in line with the resulting list.
 */
import { applyPatches, enablePatches, produceWithPatches } from 'immer';
import type { Store } from './store.js';
import type { MenuState } from './menu-state.js';
import type { Op } from './session.js';

enablePatches();

/** Appends ops as one undoable step. */
export function recordOps(store: Store<MenuState>, label: string, ops: Op[]): void {
  const [next, patches, inverse] = produceWithPatches(store.get().ops, (d) => {
    d.push(...ops);
  });
  store.update((s) => {
    s.ops = next as Op[];
    s.undo.push({ label, patches, inverse });
    s.redo = [];
  });
}

/** Steps back; returns the label of the step undone, or null when there is none. */
export function undo(store: Store<MenuState>): string | null {
  const step = store.get().undo.at(-1);
  if (!step) return null;
  const ops = applyPatches(store.get().ops, step.inverse);
  store.update((s) => {
    s.ops = ops as Op[];
    s.undo.pop();
    s.redo.push(step);
  });
  return step.label;
}

export function redo(store: Store<MenuState>): string | null {
  const step = store.get().redo.at(-1);
  if (!step) return null;
  const ops = applyPatches(store.get().ops, step.patches);
  store.update((s) => {
    s.ops = ops as Op[];
    s.redo.pop();
    s.undo.push(step);
  });
  return step.label;
}

/** Forgets the history (a different configuration was opened). */
export function clearHistory(store: Store<MenuState>): void {
  store.update((s) => {
    s.ops = [];
    s.savedOps = [];
    s.undo = [];
    s.redo = [];
  });
}
