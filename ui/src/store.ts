/**
 * State outside React: one immutable value, replaced through immer recipes.
 * Components read slices with `useSlice`; they re-render only when their
 * slice changes (compared with Object.is, which immer's structural sharing
 * makes cheap and exact).
 */
import { produce, type Draft } from 'immer';
import { useCallback, useSyncExternalStore } from 'react';

export class Store<S> {
  private state: S;
  private listeners = new Set<() => void>();
  private batching = 0;
  private pending = false;

  constructor(initial: S) {
    this.state = initial;
  }

  get(): S {
    return this.state;
  }

  /** Applies an immer recipe; listeners run only if something changed. */
  update(recipe: (draft: Draft<S>) => void): void {
    this.replace(produce(this.state, recipe));
  }

  /** Installs a state computed elsewhere (e.g. by applying patches). */
  replace(next: S): void {
    if (next === this.state) return;
    this.state = next;
    if (this.batching) this.pending = true;
    else this.notify();
  }

  /** Runs `fn`; listeners hear of its updates once, at the end (one frame per key, not per update). */
  batch(fn: () => void): void {
    this.batching++;
    try {
      fn();
    } finally {
      if (--this.batching === 0 && this.pending) {
        this.pending = false;
        this.notify();
      }
    }
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The part of the store's state a component shows. */
export function useSlice<S, T>(store: Store<S>, select: (s: S) => T): T {
  const get = useCallback(() => select(store.get()), [store, select]);
  return useSyncExternalStore(store.subscribe, get, get);
}
