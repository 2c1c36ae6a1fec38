/**
 * Input handling, one function per screen, and each screen's key-help line.
 * Keys follow kconfiglib's menuconfig where it has one for the action
 * (letters in either case): / search, ? info, S save, O open, D save
 * minimal, A show all, C show names, F help mode, Q quit.
 */
import type { MenuController } from './controller.js';
import { confirmOpen, finish, goBack, openFile, requestQuit, saveAndQuit, submitFile } from './file-actions.js';
import type { Key } from './keys.js';
import { LIST_TOP, menuLayout } from './layout.js';
import { currentLevel, topOverlay, type OverlayKind } from './menu-state.js';
import { activate, cycle, redoChange, setTristate, submitEntry, undoChange } from './value-actions.js';
import { applyPlan, explainSelected } from './why-actions.js';
import { whyLines } from './why-text.js';

export type Screen = 'menu' | OverlayKind;

export function activeScreen(c: MenuController): Screen {
  return topOverlay(c.state)?.kind ?? 'menu';
}

export const KEY_HELP: Record<Screen, string> = {
  menu: '⏎ open  Space y m n set  / search  ? info  x why  u undo  v changes  w warnings  S save  K keys',
  info: '↑↓ PgUp/PgDn scroll  Esc/←/q back',
  keys: '↑↓ PgUp/PgDn scroll  Esc/q back',
  search: 'type to search names, prompts and help  ↑↓ move  ⏎ jump to the entry  Esc cancel',
  entry: 'type the value  ⏎ set  Esc cancel  Ctrl-U clear',
  file: 'type a file name  ⏎ confirm  Esc cancel  Ctrl-U clear',
  why: 'p/⏎ apply the plan  1 2 3 apply that plan  ↑↓ scroll  Esc back',
  changes: '↑↓ move  ⏎ jump to the entry  Esc back',
  warnings: '↑↓ move  ⏎ jump to the entry  Esc back',
  'confirm-quit': 'y save and quit  n quit without saving  Esc/c stay',
  'confirm-open': 'y discard the changes and open  n/Esc keep them',
};

/** Every key, for the key screen (K). */
export const ALL_KEYS = [
  'Menu',
  '  ↑ ↓  k j          move (PgUp PgDn Home End jump further; mouse wheel too)',
  '  ⏎  →  l           open a submenu; on a value: change it',
  '  ←  h  Esc  ⌫      back to the enclosing menu (at the top: quit)',
  '  Space             next value (bool/tristate), edit (string/int/hex), open a choice',
  '  y  m  n           set the value; if the dependencies forbid it: why, and a plan',
  '  x                 why the entry has its value; a plan to change it',
  '                    (why screen: p or ⏎ applies the best plan, 1 2 3 the plan of that number)',
  '  ?                 symbol information: type, value, definitions, dependencies, selects',
  '  /                 search names, prompts and help; ⏎ jumps to the entry',
  '  u  r (Ctrl-R)     undo / redo a change (plans count as one change)',
  '  v                 changes since the last save',
  '  w                 current warnings (unmet dependencies, values that did not take)',
  '  S  O  D           save (or save as), open another configuration, save minimal (defconfig)',
  '  A  C  F           show all entries (hidden marked ~), show symbol names, help panel',
  '  Q                 quit (asks when there are unsaved changes); Ctrl-C quits without saving',
  '  mouse             click selects, a second click opens or changes; the wheel scrolls',
  '',
  'Value marks',
  '  [*] [ ]  bool     <M> < >  tristate     {M}  selected as m, can become y',
  '  -*- -M-  fixed by a select or by the dependencies',
  '  (X) ( )  choice members     (text)  string, int, hex     --->  submenu',
  '  (NEW)    no value in the configuration yet      !  has a warning      ~  hidden (show-all)',
];

function isLetter(k: Key, letters: string): boolean {
  return k.name === 'char' && letters.includes(k.ch);
}

export function handleKey(c: MenuController, k: Key): void {
  if (k.name === 'ctrl' && k.ch === 'c') {
    finish(c, false);
    return;
  }
  HANDLERS[activeScreen(c)](c, k);
}

const HANDLERS: Record<Screen, (c: MenuController, k: Key) => void> = {
  menu: menuKey,
  info: (c, k) => {
    const o = topOverlay(c.state);
    textKey(c, k, o?.kind === 'info' ? c.infoLines(o.node).length : 0);
  },
  keys: (c, k) => textKey(c, k, ALL_KEYS.length),
  why: (c, k) => {
    if (isLetter(k, 'pP') || k.name === 'enter') return applyPlan(c);
    if (isLetter(k, '123456789')) return applyPlan(c, Number(k.ch) - 1);
    const o = topOverlay(c.state);
    textKey(c, k, o?.kind === 'why' ? whyLines(o).length : 0);
  },
  search: searchKey,
  entry: (c, k) => editKey(c, k, 'entry'),
  file: (c, k) => editKey(c, k, 'file'),
  changes: (c, k) => listKey(c, k, c.changes().length, (i) => c.changes()[i]?.sym.nodes[0] ?? null),
  warnings: (c, k) => listKey(c, k, c.state.warnings.length, (i) => c.nodeOf(c.state.warnings[i]?.symbol ?? null)),
  'confirm-quit': (c, k) => {
    if (isLetter(k, 'yY')) saveAndQuit(c);
    else if (isLetter(k, 'nN')) finish(c, false);
    else if (isLetter(k, 'cC') || k.name === 'escape') c.close();
  },
  'confirm-open': (c, k) => {
    if (isLetter(k, 'yY')) confirmOpen(c);
    else if (isLetter(k, 'nN') || k.name === 'escape') c.close();
  },
};

function menuKey(c: MenuController, k: Key): void {
  switch (k.name) {
    case 'up':
      return c.move(-1);
    case 'down':
      return c.move(1);
    case 'pageup':
      return c.page(-1);
    case 'pagedown':
      return c.page(1);
    case 'home':
      return c.home();
    case 'end':
      return c.end();
    case 'enter':
      return activate(c);
    case 'right':
      return void c.enterSubmenu();
    case 'left':
    case 'escape':
    case 'backspace':
      return goBack(c);
    case 'ctrl':
      if (k.ch === 'r') return redoChange(c);
      return;
    case 'mouse':
      return menuMouse(c, k);
    case 'char':
      break;
    default:
      return;
  }
  switch (k.ch) {
    case 'k':
      return c.move(-1);
    case 'j':
      return c.move(1);
    case 'l':
      return void c.enterSubmenu();
    case 'h':
      return goBack(c);
    case ' ':
      return cycle(c);
    case 'y':
    case 'm':
    case 'n':
      return setTristate(c, k.ch);
    case 'Y':
    case 'M':
    case 'N':
      return setTristate(c, k.ch.toLowerCase() as 'y' | 'm' | 'n');
    case '/':
      return c.openSearch();
    case '?':
      return c.openInfo();
    case 'x':
    case 'X':
      return explainSelected(c);
    case 'u':
    case 'U':
      return undoChange(c);
    case 'r':
    case 'R':
      return redoChange(c);
    case 'v':
    case 'V':
      return c.openChanges();
    case 'w':
    case 'W':
      return c.openWarnings();
    case 's':
    case 'S':
      return openFile(c, 'save');
    case 'o':
    case 'O':
      return openFile(c, 'open');
    case 'd':
    case 'D':
      return openFile(c, 'minimal');
    case 'a':
    case 'A':
      return c.toggleShowAll();
    case 'c':
    case 'C':
      return c.toggleShowNames();
    case 'f':
    case 'F':
      return c.toggleHelpMode();
    case 'q':
    case 'Q':
      return requestQuit(c);
    case 'K':
      return c.openKeys();
    default:
      return;
  }
}

/** Clicks select a row (a second click on it activates it); the wheel moves three rows. */
function menuMouse(c: MenuController, k: Key): void {
  const m = k.mouse!;
  if (m.kind === 'wheelup') return c.move(-3);
  if (m.kind === 'wheeldown') return c.move(3);
  if (m.kind !== 'press' || m.button !== 0) return;
  const height = menuLayout(c.state.size, c.state.helpMode).list;
  const row = m.y - LIST_TOP;
  if (row < 0 || row >= height) return;
  const level = currentLevel(c.state);
  const index = level.top + row;
  if (index >= c.rows(level.menu).length) return;
  if (index === c.cursorIndex()) activate(c);
  else c.moveTo(index);
}

function textKey(c: MenuController, k: Key, lines: number): void {
  switch (k.name) {
    case 'up':
      return c.scrollText(-1, lines);
    case 'down':
      return c.scrollText(1, lines);
    case 'pageup':
      return c.scrollText(-10, lines);
    case 'pagedown':
      return c.scrollText(10, lines);
    case 'home':
      return c.scrollText('home', lines);
    case 'end':
      return c.scrollText('end', lines);
    case 'escape':
    case 'left':
    case 'backspace':
      return c.close();
    case 'mouse':
      if (k.mouse!.kind === 'wheelup') c.scrollText(-3, lines);
      if (k.mouse!.kind === 'wheeldown') c.scrollText(3, lines);
      return;
    case 'char':
      if (k.ch === 'k') return c.scrollText(-1, lines);
      if (k.ch === 'j') return c.scrollText(1, lines);
      if ('qQh?'.includes(k.ch)) return c.close();
      if (k.ch === 'K' && activeScreen(c) === 'keys') return c.close();
      return;
    case 'enter':
      if (activeScreen(c) !== 'why') c.close();
      return;
    default:
      return;
  }
}

function searchKey(c: MenuController, k: Key): void {
  const o = topOverlay(c.state);
  if (o?.kind !== 'search') return;
  const hits = () => c.searchHits(o.query);
  switch (k.name) {
    case 'char':
      return c.searchEdit(o.query + k.ch);
    case 'backspace':
      return c.searchEdit(o.query.slice(0, -1));
    case 'ctrl':
      if (k.ch === 'u') c.searchEdit('');
      return;
    case 'up':
      return c.listMove(-1, hits().length);
    case 'down':
      return c.listMove(1, hits().length);
    case 'pageup':
      return c.listMove(-10, hits().length);
    case 'pagedown':
      return c.listMove(10, hits().length);
    case 'home':
      return c.listMove('home', hits().length);
    case 'end':
      return c.listMove('end', hits().length);
    case 'enter': {
      const hit = hits()[o.cursor];
      if (hit) c.jumpTo(hit.entry.node);
      return;
    }
    case 'escape':
      return c.close();
    case 'mouse':
      return listMouse(c, k, hits().length, 0, (i) => hits()[i]?.entry.node ?? null);
    default:
      return;
  }
}

function editKey(c: MenuController, k: Key, kind: 'entry' | 'file'): void {
  const setText = (f: (t: string) => string) =>
    c.edit(kind, (d) => {
      d.text = f(d.text);
      d.error = null;
    });
  switch (k.name) {
    case 'char':
      return setText((t) => t + k.ch);
    case 'backspace':
      return setText((t) => t.slice(0, -1));
    case 'ctrl':
      if (k.ch === 'u') setText(() => '');
      return;
    case 'enter':
      return kind === 'entry' ? submitEntry(c) : submitFile(c);
    case 'escape':
      return c.close();
    default:
      return;
  }
}

function listKey(c: MenuController, k: Key, count: number, nodeAt: (i: number) => ReturnType<MenuController['nodeOf']>): void {
  const o = topOverlay(c.state);
  if (!o || (o.kind !== 'changes' && o.kind !== 'warnings')) return;
  switch (k.name) {
    case 'up':
      return c.listMove(-1, count);
    case 'down':
      return c.listMove(1, count);
    case 'pageup':
      return c.listMove(-10, count);
    case 'pagedown':
      return c.listMove(10, count);
    case 'home':
      return c.listMove('home', count);
    case 'end':
      return c.listMove('end', count);
    case 'enter': {
      const node = nodeAt(o.cursor);
      if (node) c.jumpTo(node);
      return;
    }
    case 'escape':
    case 'left':
      return c.close();
    case 'char':
      if (k.ch === 'k') return c.listMove(-1, count);
      if (k.ch === 'j') return c.listMove(1, count);
      if ('qQ'.includes(k.ch) || (o.kind === 'changes' && 'vV'.includes(k.ch)) || (o.kind === 'warnings' && 'wW'.includes(k.ch))) return c.close();
      return;
    case 'mouse':
      return listMouse(c, k, count, 0, nodeAt);
    default:
      return;
  }
}

/** Mouse in a list overlay whose rows start `offset` lines below the header. */
function listMouse(c: MenuController, k: Key, count: number, offset: number, nodeAt: (i: number) => ReturnType<MenuController['nodeOf']>): void {
  const m = k.mouse!;
  if (m.kind === 'wheelup') return c.listMove(-3, count);
  if (m.kind === 'wheeldown') return c.listMove(3, count);
  if (m.kind !== 'press' || m.button !== 0) return;
  const o = topOverlay(c.state);
  if (!o || (o.kind !== 'search' && o.kind !== 'changes' && o.kind !== 'warnings')) return;
  const index = o.top + m.y - LIST_TOP - offset;
  if (m.y - LIST_TOP - offset < 0 || index >= count) return;
  if (index === o.cursor) {
    const node = nodeAt(index);
    if (node) c.jumpTo(node);
  } else c.listMove(index - o.cursor, count);
}
