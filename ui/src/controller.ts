/**
 * The menu's state and its commands for moving around: which rows a menu
 * shows, where the cursor is, the screens on top of the menu, jumping to an
 * entry, and the work done after the first frame (warnings, search index).
 * Changing values (value-actions.ts), files and leaving (file-actions.ts)
 * and the why screen (why-actions.ts) act through this class, which knows
 * none of them: key-bindings.ts ties keys to actions. It changes
 * the store through immer recipes and the engine through the session;
 * values, visibility, validation and reasons all come from the engine and
 * the resolver.
 */
import type { KSymbol, MenuNode } from 'kconfig-parser-ts';
import { display } from './entry-text.js';
import { menuLayout, overlayBody, scrollTop } from './layout.js';
import { currentLevel, topOverlay, type MenuState, type Overlay } from './menu-state.js';
import { menuChain, menuRows, opensSubmenu, type Row } from './menu-rows.js';
import type { ConfigWarning, Reasoner } from './reasoning.js';
import { SearchIndex, type SearchHit } from './search.js';
import type { ConfigSession, ValueChange } from './session.js';
import type { Store } from './store.js';
import { symbolInfo } from './symbol-info.js';

/** Warnings are refreshed this long after the last change, at the earliest. */
const WARNINGS_DELAY_MS = 100;
/** Background work (warnings, warm-up) waits until no key has come for this long. */
const IDLE_MS = 150;
/** Background work is done in steps of about this long, so that a key that comes meanwhile waits for one at most. */
const STEP_MS = 3;
/** The warnings the menu shows: plans for every value that did not take would cost seconds on big trees (x asks for one). */
const WARNINGS = { maxPlans: 0, undefinedReferences: false };

export class MenuController {
  private rowCache = new Map<MenuNode, { revision: number; showAll: boolean; rows: Row[] }>();
  private searchIndex: SearchIndex | null = null;
  private searchCache: { query: string; hits: SearchHit[] } | null = null;
  private changesCache: { revision: number; list: ValueChange[] } | null = null;
  private warningsTimer: NodeJS.Timeout | null = null;
  private infoCache: { node: MenuNode; revision: number; lines: ReturnType<typeof symbolInfo> } | null = null;

  constructor(
    readonly store: Store<MenuState>,
    readonly session: ConfigSession,
    readonly reasoner: Reasoner | null,
  ) {}

  get state(): MenuState {
    return this.store.get();
  }

  get root(): MenuNode {
    return this.session.kc.rootMenu;
  }

  // ---- derived lists --------------------------------------------------------

  /** Rows of a menu, recomputed only when values or show-all changed. */
  rows(menu: MenuNode): Row[] {
    const { revision, showAll } = this.state;
    const hit = this.rowCache.get(menu);
    if (hit && hit.revision === revision && hit.showAll === showAll) return hit.rows;
    const rows = menuRows(menu, showAll);
    this.rowCache.set(menu, { revision, showAll, rows });
    return rows;
  }

  /** Index of the cursor's row in the current menu. */
  cursorIndex(rows: Row[] = this.rows(currentLevel(this.state).menu)): number {
    const level = currentLevel(this.state);
    if (rows.length === 0) return 0;
    if (level.selected) {
      // Most moves keep the row where it was: check there first.
      if (rows[level.index]?.node === level.selected) return level.index;
      const i = rows.findIndex((r) => r.node === level.selected);
      if (i >= 0) return i;
    }
    return Math.min(level.index, rows.length - 1);
  }

  selectedNode(): MenuNode | null {
    const rows = this.rows(currentLevel(this.state).menu);
    return rows[this.cursorIndex(rows)]?.node ?? null;
  }

  searchHits(query: string): SearchHit[] {
    if (this.searchCache?.query === query) return this.searchCache.hits;
    const hits = this.index().search(query);
    this.searchCache = { query, hits };
    return hits;
  }

  /** Drops the list of changes (after a save or an open the comparison point moved). */
  forgetChanges(): void {
    this.changesCache = null;
  }

  changes(): ValueChange[] {
    const rev = this.session.revision;
    if (this.changesCache?.revision !== rev) this.changesCache = { revision: rev, list: this.session.changesSinceSave() };
    return this.changesCache.list;
  }

  // ---- menu navigation -----------------------------------------------------

  private listHeight(): number {
    return menuLayout(this.state.size, this.state.helpMode).list;
  }

  /** Puts the cursor on row `index` of the current menu. */
  moveTo(index: number): void {
    const level = currentLevel(this.state);
    const rows = this.rows(level.menu);
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    const top = scrollTop(level.top, i, rows.length, this.listHeight());
    this.store.update((s) => {
      const l = s.levels[s.levels.length - 1];
      l.selected = rows[i].node;
      l.index = i;
      l.top = top;
    });
  }

  move(delta: number): void {
    this.moveTo(this.cursorIndex() + delta);
  }

  page(direction: 1 | -1): void {
    this.move(direction * Math.max(1, this.listHeight() - 1));
  }

  home(): void {
    this.moveTo(0);
  }

  end(): void {
    this.moveTo(this.rows(currentLevel(this.state).menu).length - 1);
  }

  enterSubmenu(): boolean {
    const node = this.selectedNode();
    if (!node || !opensSubmenu(node)) return false;
    this.store.update((s) => {
      s.levels.push({ menu: node, selected: null, index: 0, top: 0 });
      s.message = null;
    });
    return true;
  }

  /** Back to the enclosing menu; false at the top (there, back means quit). */
  leaveSubmenu(): boolean {
    if (this.state.levels.length <= 1) return false;
    this.store.update((s) => {
      s.levels.pop();
      s.message = null;
    });
    return true;
  }

  toggleShowAll(): void {
    this.store.update((s) => {
      s.showAll = !s.showAll;
      s.message = { text: s.showAll ? 'Show-all mode: hidden entries are listed and marked ~' : 'Show-all mode off', tone: 'info' };
    });
  }

  toggleShowNames(): void {
    this.store.update((s) => {
      s.showNames = !s.showNames;
    });
  }

  toggleHelpMode(): void {
    this.store.update((s) => {
      s.helpMode = !s.helpMode;
    });
  }

  say(text: string, tone: 'info' | 'error' = 'info'): void {
    this.store.update((s) => {
      s.message = { text, tone };
    });
  }

  // ---- jumping ----------------------------------------------------------------

  /** Opens the menus that hold `node` and puts the cursor on it. */
  jumpTo(node: MenuNode): void {
    const chain = menuChain(this.root, node);
    const hidden = !node.isVisible() || chain.slice(1).some((m) => !m.isVisible());
    const showAll = this.state.showAll || hidden;
    this.store.update((s) => {
      s.showAll = showAll;
      s.overlays = [];
      s.levels = chain.map((menu, i) => ({ menu, selected: i + 1 < chain.length ? chain[i + 1] : node, index: 0, top: 0 }));
      s.message = hidden && !this.state.showAll ? { text: 'Show-all mode turned on: the entry is hidden', tone: 'info' } : null;
    });
    // Place the window around the cursor in every level.
    const levels = this.state.levels.map((l) => {
      const rows = this.rows(l.menu);
      const i = Math.max(0, rows.findIndex((r) => r.node === l.selected));
      return { ...l, index: i, top: scrollTop(Math.max(0, i - 3), i, rows.length, this.listHeight()) };
    });
    this.store.update((s) => {
      s.levels = levels;
    });
  }

  // ---- overlays ----------------------------------------------------------------

  pushOverlay(o: Overlay): void {
    this.store.update((s) => {
      s.overlays.push(o);
      s.message = null;
    });
  }

  close(): void {
    this.store.update((s) => {
      s.overlays.pop();
    });
  }

  /** Edits the active overlay (which must be of the given kind). */
  edit<K extends Overlay['kind']>(kind: K, recipe: (o: Extract<Overlay, { kind: K }>) => void): void {
    this.store.update((s) => {
      const o = s.overlays[s.overlays.length - 1];
      if (o && o.kind === kind) recipe(o as Extract<Overlay, { kind: K }>);
    });
  }

  openInfo(node: MenuNode | null = this.selectedNode()): void {
    if (node) this.pushOverlay({ kind: 'info', node, scroll: 0 });
  }

  /** The info screen's lines, kept while values stay the same (Linux has symbols with hundreds of selectors). */
  infoLines(node: MenuNode): ReturnType<typeof symbolInfo> {
    const rev = this.session.revision;
    if (this.infoCache?.node !== node || this.infoCache.revision !== rev) this.infoCache = { node, revision: rev, lines: symbolInfo(node) };
    return this.infoCache.lines;
  }

  openKeys(): void {
    this.pushOverlay({ kind: 'keys', scroll: 0 });
  }

  /** Scrolls a text overlay (info, why, keys) within `lines` lines. */
  scrollText(delta: number | 'home' | 'end', lines: number): void {
    const o = topOverlay(this.state);
    if (!o || (o.kind !== 'info' && o.kind !== 'why' && o.kind !== 'keys')) return;
    const max = Math.max(0, lines - overlayBody(this.state.size));
    const next = delta === 'home' ? 0 : delta === 'end' ? max : Math.max(0, Math.min(max, o.scroll + delta));
    this.edit(o.kind, (d) => {
      d.scroll = next;
    });
  }

  openSearch(): void {
    this.pushOverlay({ kind: 'search', query: '', cursor: 0, top: 0 });
  }

  searchEdit(query: string): void {
    this.edit('search', (o) => {
      o.query = query;
      o.cursor = 0;
      o.top = 0;
    });
  }

  /** Moves the cursor of a list overlay (search, changes, warnings). */
  listMove(delta: number | 'home' | 'end', count: number): void {
    const o = topOverlay(this.state);
    if (!o || (o.kind !== 'search' && o.kind !== 'changes' && o.kind !== 'warnings') || count === 0) return;
    const height = overlayBody(this.state.size);
    const cursor = delta === 'home' ? 0 : delta === 'end' ? count - 1 : Math.max(0, Math.min(count - 1, o.cursor + delta));
    const top = scrollTop(o.top, cursor, count, height);
    this.edit(o.kind, (d) => {
      d.cursor = cursor;
      d.top = top;
    });
  }

  openChanges(): void {
    this.pushOverlay({ kind: 'changes', cursor: 0, top: 0 });
  }

  openWarnings(): void {
    this.pushOverlay({ kind: 'warnings', cursor: 0, top: 0 });
  }

  /** The first menu entry of a symbol, by name. */
  nodeOf(name: string | null): MenuNode | null {
    if (!name) return null;
    return this.session.kc.symbol(name)?.nodes[0] ?? null;
  }

  // ---- warnings -----------------------------------------------------------------

  /** Refreshes the warnings once keys pause (the resolver scans the whole tree: tens of ms on Linux, in steps). */
  scheduleWarnings(): void {
    if (!this.reasoner) return;
    if (this.warningsTimer) clearTimeout(this.warningsTimer);
    const fire = () => {
      const quiet = performance.now() - this.lastInputAt;
      if (quiet < IDLE_MS) {
        this.warningsTimer = setTimeout(fire, IDLE_MS - quiet);
        return;
      }
      this.warningsTimer = null;
      this.refreshWarningsInSteps();
    };
    this.warningsTimer = setTimeout(fire, WARNINGS_DELAY_MS);
  }

  /** The warnings of the configuration as it is, at once. */
  refreshWarnings(): void {
    if (!this.reasoner) return;
    let list: ConfigWarning[];
    try {
      list = this.reasoner.diagnostics(this.session.kc, WARNINGS);
    } catch (e) {
      list = [resolverFailed(e)];
    }
    this.setWarnings(list);
  }

  /**
   * The same in steps of a few ms, each in its own turn of the event loop,
   * so that a key that comes meanwhile is answered at once. A change of
   * values in between makes the work stale: it is given up (the change
   * schedules it again), as it is when a newer one starts. `ended` runs
   * when it is through or given up.
   */
  refreshWarningsInSteps(ended: () => void = () => {}): void {
    const reasoner = this.reasoner;
    if (!reasoner) return ended();
    const revision = this.session.revision;
    const job = {};
    this.warningsJob = job;
    let steps: Generator<void, ConfigWarning[], void> | null = null;
    const step = () => {
      if (this.disposed || this.warningsJob !== job) return ended();
      if (this.session.revision !== revision) {
        this.warningsJob = null;
        return ended();
      }
      let r: IteratorResult<void, ConfigWarning[]>;
      try {
        steps ??= reasoner.diagnosticSteps(this.session.kc, WARNINGS);
        r = steps.next();
      } catch (e) {
        r = { done: true, value: [resolverFailed(e)] };
      }
      if (!r.done) {
        setImmediate(step);
        return;
      }
      this.warningsJob = null;
      this.setWarnings(r.value);
      ended();
    };
    setImmediate(step);
  }

  private setWarnings(list: ConfigWarning[]): void {
    // The same warnings again (most changes leave them as they were): no new frame.
    if (sameWarnings(this.state.warnings, list)) return;
    this.store.update((s) => {
      s.warnings = list;
    });
  }

  /**
   * Work that the first frame need not wait for: the warnings, the values
   * changes are compared with, the search index (each needed later anyway,
   * and each tens of ms on Linux). One piece at a time, and only while no
   * key has come for a moment, so that it never holds up a key.
   */
  warmUp(): void {
    const steps: ((then: () => void) => void)[] = [
      (then) => this.refreshWarningsInSteps(then),
      (then) => {
        this.session.ensureSavedSnapshot();
        then();
      },
      (then) => {
        // Prepared in steps too: Linux's 17,000 entries take tens of ms.
        const index = this.index();
        const step = () => {
          if (this.disposed) return;
          if (index.prepare(STEP_MS)) then();
          else setImmediate(step);
        };
        step();
      },
    ];
    const next = () => {
      this.warmTimer = null;
      if (this.disposed || steps.length === 0) return;
      const quiet = performance.now() - this.lastInputAt;
      if (quiet < IDLE_MS) {
        this.warmTimer = setTimeout(next, IDLE_MS - quiet);
        return;
      }
      steps.shift()!(() => {
        this.warmTimer = setTimeout(next, 0);
      });
    };
    this.warmTimer = setTimeout(next, 0);
  }

  /** When the last key came (warm-up work waits for a pause). */
  private lastInputAt = -Infinity;

  noteInput(): void {
    this.lastInputAt = performance.now();
  }

  private index(): SearchIndex {
    this.searchIndex ??= new SearchIndex(this.session.kc);
    return this.searchIndex;
  }

  private disposed = false;
  private warmTimer: NodeJS.Timeout | null = null;
  /** The warnings being worked out in steps (a newer job makes an older one stop). */
  private warningsJob: object | null = null;

  dispose(): void {
    this.disposed = true;
    if (this.warningsTimer) clearTimeout(this.warningsTimer);
    if (this.warmTimer) clearTimeout(this.warmTimer);
  }
}

function sameWarnings(a: readonly ConfigWarning[], b: readonly ConfigWarning[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind || x.symbol !== y.symbol || x.message !== y.message || x.fix !== y.fix || x.file !== y.file || x.line !== y.line) return false;
  }
  return true;
}

/** The warnings line when the resolver itself fails. */
function resolverFailed(e: unknown): ConfigWarning {
  return { kind: 'resolver', symbol: null, file: null, line: null, message: `the resolver failed: ${(e as Error).message}` };
}

export function nameOf(sym: KSymbol): string {
  return sym.name ? display(sym.name) : '<choice>';
}
