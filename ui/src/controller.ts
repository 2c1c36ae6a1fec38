/**
 * What the menu's commands do. Key handling (key-bindings.ts) calls these;
 * they change the store through immer recipes and the engine through the
 * session. Values, visibility, validation and reasons all come from the
 * engine and the resolver: this class only decides which of them to ask.
 */
import type { KSymbol, MenuNode } from 'kconfig-parser-ts';
import { actsAsTristate, display, toBytes } from './entry-text.js';
import { clearHistory, recordOps, redo, undo } from './history.js';
import { menuLayout, overlayBody, scrollTop } from './layout.js';
import { currentLevel, isDirty, topOverlay, type FilePurpose, type MenuState, type Overlay, type PlanView } from './menu-state.js';
import { menuChain, menuRows, opensSubmenu, type Row } from './menu-rows.js';
import type { PlanResult, Reasoner } from './reasoning.js';
import { SearchIndex, type SearchHit } from './search.js';
import type { ConfigSession, Op, ValueChange } from './session.js';
import type { Store } from './store.js';
import { symbolInfo } from './symbol-info.js';

const TRI_LETTER = ['n', 'm', 'y'] as const;
/** How long the resolver may search for a plan before it reports "too complex". */
const PLAN_TIMEOUT_MS = 3000;
/** Warnings are refreshed this long after the last change (typing bursts trigger one refresh). */
const WARNINGS_DELAY_MS = 150;

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
    this.searchIndex ??= new SearchIndex(this.session.kc);
    const hits = this.searchIndex.search(query);
    this.searchCache = { query, hits };
    return hits;
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

  back(): void {
    if (this.state.levels.length > 1) {
      this.store.update((s) => {
        s.levels.pop();
        s.message = null;
      });
      return;
    }
    this.requestQuit();
  }

  /** Enter: open a submenu, edit a text value, or toggle. */
  activate(): void {
    const node = this.selectedNode();
    if (!node) return;
    if (this.enterSubmenu()) return;
    this.cycle();
  }

  /** Space: the next value the entry can take; opens the editor for text values. */
  cycle(): void {
    const node = this.selectedNode();
    const sym = node?.sym;
    if (!node || !sym) return;
    if (sym.isChoice() && opensSubmenu(node) && !actsAsTristate(sym)) {
      this.enterSubmenu();
      return;
    }
    const t = sym.typeName;
    if (t === 'integer' || t === 'hex' || t === 'string') {
      this.openEntry(node);
      return;
    }
    if (t !== 'bool' && t !== 'tristate') return;
    const now = sym.triValue;
    const allowed = sym.assignable;
    // Radio members only ever become y (picking another member clears this one).
    if (sym.isChoiceValue() && sym.choice?.triValue === 2) {
      this.assign(node, 'y');
      return;
    }
    const next = [1, 2, 3].map((d) => ((now + d) % 3) as 0 | 1 | 2).find((v) => allowed.includes(v));
    if (next === undefined || next === now) {
      this.openWhy(node, now === 2 ? 'n' : 'y');
      return;
    }
    this.assign(node, TRI_LETTER[next]);
  }

  /** y, m or n pressed on the selected entry. */
  setTristate(letter: 'y' | 'm' | 'n'): void {
    const node = this.selectedNode();
    const sym = node?.sym;
    if (!node || !sym) return;
    const t = sym.typeName;
    if (t !== 'bool' && t !== 'tristate') {
      this.say(`${nameOf(sym)} is ${t === 'integer' ? 'an integer' : `a ${t}`}: press Enter to edit it`, 'error');
      return;
    }
    if (letter === 'm' && !actsAsTristate(sym)) {
      this.say(`${nameOf(sym)} cannot be m: it is ${t === 'bool' ? 'a bool' : 'a tristate acting as bool (modules are off)'}`, 'error');
      return;
    }
    this.assign(node, letter);
  }

  /**
   * Sets a value through the engine and records it. When the engine refuses
   * it, the resolver says why and offers a plan.
   */
  assign(node: MenuNode, value: string): boolean {
    const sym = node.sym!;
    if (sym.userValue === value && sym.strValue === value) {
      this.say(`${nameOf(sym)} is already ${display(value)}`);
      return true;
    }
    const op: Op = { kind: 'set', name: sym.name ?? '', value };
    if (!sym.name || !this.session.tryApply(op)) {
      this.openWhy(node, value);
      return false;
    }
    const got = sym.strValue;
    recordOps(this.store, `${nameOf(sym)}=${display(value)}`, [op]);
    this.afterChange(got === value || sym.isChoice() ? `${nameOf(sym)} set to ${display(value)}` : `${nameOf(sym)} set to ${display(value)} (value now ${display(got)})`);
    return true;
  }

  private afterChange(message: string, tone: 'info' | 'error' = 'info'): void {
    this.store.update((s) => {
      s.revision = this.session.revision;
      s.message = { text: message, tone };
    });
    this.scheduleWarnings();
  }

  undo(): void {
    const label = undo(this.store);
    if (label === null) return this.say('Nothing to undo');
    this.session.sync(this.state.ops);
    this.afterChange(`Undone: ${label}`);
  }

  redo(): void {
    const label = redo(this.store);
    if (label === null) return this.say('Nothing to redo');
    this.session.sync(this.state.ops);
    this.afterChange(`Redone: ${label}`);
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

  private push(o: Overlay): void {
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
    if (node) this.push({ kind: 'info', node, scroll: 0 });
  }

  /** The info screen's lines, kept while values stay the same (Linux has symbols with hundreds of selectors). */
  infoLines(node: MenuNode): ReturnType<typeof symbolInfo> {
    const rev = this.session.revision;
    if (this.infoCache?.node !== node || this.infoCache.revision !== rev) this.infoCache = { node, revision: rev, lines: symbolInfo(node) };
    return this.infoCache.lines;
  }

  openKeys(): void {
    this.push({ kind: 'keys', scroll: 0 });
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
    this.push({ kind: 'search', query: '', cursor: 0, top: 0 });
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

  openEntry(node: MenuNode): void {
    const sym = node.sym!;
    if (sym.visibility === 0) {
      this.openWhy(node, sym.strValue);
      return;
    }
    this.push({ kind: 'entry', node, text: display(sym.strValue), error: null });
  }

  /** Enter in the value editor: the engine checks type and range. */
  submitEntry(): void {
    const o = topOverlay(this.state);
    if (!o || o.kind !== 'entry') return;
    const sym = o.node.sym!;
    const value = toBytes(o.text);
    const problem = this.valueProblem(sym, value);
    if (problem) {
      this.edit('entry', (d) => {
        d.error = problem;
      });
      return;
    }
    this.close();
    this.assign(o.node, value);
  }

  private valueProblem(sym: KSymbol, value: string): string | null {
    const t = sym.typeName;
    if (!sym.stringValid(value)) {
      if (t === 'integer') return `"${display(value)}" is not a decimal integer`;
      if (t === 'hex') return `"${display(value)}" is not a hexadecimal number (0x1f or 1f)`;
      return `"${display(value)}" is not valid for a ${t}`;
    }
    if (!sym.stringWithinRange(value)) {
      const r = sym.activeRange();
      const lo = r?.expr?.s1;
      const hi = r?.expr?.s2;
      return lo && hi ? `out of range: ${nameOf(sym)} must be within ${display(lo.strValue || lo.name || '')}..${display(hi.strValue || hi.name || '')}` : 'out of range';
    }
    return null;
  }

  openFile(purpose: FilePurpose): void {
    const text = purpose === 'minimal' ? 'defconfig' : this.state.configPath;
    this.push({ kind: 'file', purpose, text, error: null });
  }

  submitFile(): void {
    const o = topOverlay(this.state);
    if (!o || o.kind !== 'file') return;
    const path = toBytes(o.text.trim());
    const fail = (error: string) =>
      this.edit('file', (d) => {
        d.error = error;
      });
    if (!path) return fail('Give a file name');
    if (o.purpose === 'save') {
      if (!this.save(path)) return fail(`Cannot write ${display(path)}`);
      this.close();
      return;
    }
    if (o.purpose === 'minimal') {
      if (!this.session.saveMinimal(path)) return fail(`Cannot write ${display(path)}`);
      this.close();
      this.store.update((s) => {
        s.revision = this.session.revision;
      });
      this.say(`Minimal configuration saved to ${display(path)}`);
      return;
    }
    if (this.session.kc.resolvePath(path) === null) return fail(`${display(path)} does not exist`);
    if (isDirty(this.state)) {
      this.store.update((s) => {
        s.overlays.pop();
        s.overlays.push({ kind: 'confirm-open', path });
      });
      return;
    }
    this.close();
    this.open(path);
  }

  /** Writes the configuration; later saves go to the same file. */
  save(path: string = this.state.configPath): boolean {
    if (!this.session.save(path)) {
      this.say(`Cannot write ${display(path)}`, 'error');
      return false;
    }
    this.store.update((s) => {
      s.configPath = path;
      s.savedOps = s.ops;
      s.baseNeedsSave = false;
      s.message = { text: `Configuration saved to ${display(path)}`, tone: 'info' };
    });
    this.changesCache = null;
    return true;
  }

  /** Replaces the configuration with the one in `path` (history starts afresh). */
  open(path: string): void {
    const r = this.session.loadBase(path);
    clearHistory(this.store);
    this.store.update((s) => {
      s.configPath = path;
      s.baseNeedsSave = !r.found;
      s.overlays = [];
      s.revision = this.session.revision;
      s.message = r.error ? { text: r.error, tone: 'error' } : { text: `Loaded ${display(path)}`, tone: 'info' };
    });
    this.changesCache = null;
    this.scheduleWarnings();
  }

  confirmOpen(): void {
    const o = topOverlay(this.state);
    if (o?.kind === 'confirm-open') this.open(o.path);
  }

  openChanges(): void {
    this.push({ kind: 'changes', cursor: 0, top: 0 });
  }

  openWarnings(): void {
    this.push({ kind: 'warnings', cursor: 0, top: 0 });
  }

  /** The first menu entry of a symbol, by name. */
  nodeOf(name: string | null): MenuNode | null {
    if (!name) return null;
    return this.session.kc.symbol(name)?.nodes[0] ?? null;
  }

  // ---- why and plans ------------------------------------------------------------

  /**
   * Shows why the entry has its value and, when `value` is given, the
   * resolver's plan for it (computed once the screen is up). `asked`: the
   * user tried to set `value` and the engine refused.
   */
  openWhy(node: MenuNode, value: string | null, asked = true): void {
    const sym = node.sym;
    if (!sym) return;
    const r = this.reasoner;
    let text: string;
    try {
      text = r
        ? r.explain(this.session.kc, sym).text
        : [`The resolver is not available (${this.state.resolverProblem ?? 'not loaded'}): no explanation or plan.`, '', ...symbolInfo(node).map((l) => l.text)].join('\n');
    } catch (e) {
      text = `The resolver failed to explain ${nameOf(sym)}: ${(e as Error).message}`;
    }
    const plan: PlanView | null = !r ? { ok: false, reason: 'the resolver is not available', blocking: [] } : value === null ? { ok: false, reason: 'x explains text and number values; set one with Enter', blocking: [] } : null;
    this.push({ kind: 'why', node, value, asked: asked && value !== null, scroll: 0, text, plan });
    if (!r || value === null) return;
    setImmediate(() => {
      const o = topOverlay(this.state);
      if (o?.kind !== 'why' || o.node !== node) return;
      const view = this.planView(r, sym, value);
      this.edit('why', (d) => {
        d.plan = view;
      });
    });
  }

  private planView(r: Reasoner, sym: KSymbol, value: string): PlanView {
    let plan: PlanResult;
    try {
      plan = r.plan(this.session.kc, sym, value, { timeoutMs: PLAN_TIMEOUT_MS });
    } catch (e) {
      return { ok: false, reason: `the resolver failed: ${(e as Error).message}`, blocking: [] };
    }
    if (!plan.ok) return { ok: false, reason: plan.reason, blocking: 'blocking' in plan ? plan.blocking.map((b) => ({ file: b.file, line: b.line, text: b.text })) : [] };
    return {
      ok: true,
      id: this.session.registerPlan(plan),
      changes: plan.changes.map((c) => ({ name: c.symbol.name ?? '<choice>', from: c.from, to: c.to })),
    };
  }

  /** x: why the selected entry has its value; for bool and tristate also the plan for the other value. */
  explainSelected(): void {
    const node = this.selectedNode();
    const sym = node?.sym;
    if (!node || !sym) return;
    const logical = sym.typeName === 'bool' || sym.typeName === 'tristate';
    this.openWhy(node, logical ? (sym.triValue === 2 ? 'n' : 'y') : null, false);
  }

  applyPlan(): void {
    const o = topOverlay(this.state);
    if (o?.kind !== 'why' || !o.plan || !o.plan.ok || o.value === null) return;
    const view = o.plan;
    const sym = o.node.sym!;
    const op: Op = { kind: 'plan', id: view.id, name: sym.name ?? '', value: o.value, changes: view.changes };
    if (!this.session.tryApply(op)) {
      this.say('The plan did not give the value asked for: nothing was changed', 'error');
      return;
    }
    this.close();
    recordOps(this.store, `plan for ${nameOf(sym)}=${display(o.value)}`, [op]);
    const n = view.changes.length;
    this.afterChange(`Plan applied: ${n} change${n === 1 ? '' : 's'}; ${nameOf(sym)} is now ${display(sym.strValue)} (u undoes it)`);
  }

  // ---- warnings -----------------------------------------------------------------

  scheduleWarnings(): void {
    if (!this.reasoner) return;
    if (this.warningsTimer) clearTimeout(this.warningsTimer);
    this.warningsTimer = setTimeout(() => {
      this.warningsTimer = null;
      this.refreshWarnings();
    }, WARNINGS_DELAY_MS);
  }

  refreshWarnings(): void {
    if (!this.reasoner) return;
    let list;
    try {
      // Plans for every value that did not take would cost seconds on big trees: x asks for one when wanted.
      list = this.reasoner.diagnostics(this.session.kc, { maxPlans: 0, undefinedReferences: false });
    } catch (e) {
      list = [{ kind: 'resolver', symbol: null, file: null, line: null, message: `the resolver failed: ${(e as Error).message}` }];
    }
    this.store.update((s) => {
      s.warnings = list;
    });
  }

  /**
   * Work that the first frame need not wait for, done once it is out, one
   * piece per turn of the event loop so that early keys are not held up
   * long: the warnings, the values changes are compared with, the search index.
   */
  warmUp(): void {
    const steps = [() => this.refreshWarnings(), () => this.session.ensureSavedSnapshot(), () => (this.searchIndex ??= new SearchIndex(this.session.kc))];
    const next = () => {
      const step = steps.shift();
      if (!step || this.disposed) return;
      step();
      this.warmTimer = setTimeout(next, 0);
    };
    this.warmTimer = setTimeout(next, 0);
  }

  private disposed = false;
  private warmTimer: NodeJS.Timeout | null = null;

  dispose(): void {
    this.disposed = true;
    if (this.warningsTimer) clearTimeout(this.warningsTimer);
    if (this.warmTimer) clearTimeout(this.warmTimer);
  }

  // ---- leaving ----------------------------------------------------------------------

  requestQuit(): void {
    if (!isDirty(this.state)) {
      this.finish(false);
      return;
    }
    this.push({ kind: 'confirm-quit' });
  }

  saveAndQuit(): void {
    if (this.save()) this.finish(true);
    else this.close();
  }

  finish(saved: boolean): void {
    this.store.update((s) => {
      s.exit = { saved };
    });
  }
}

export function nameOf(sym: KSymbol): string {
  return sym.name ? display(sym.name) : '<choice>';
}
