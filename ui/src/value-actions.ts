/**
 * Changing values: Space and y/m/n on bool and tristate entries, the value
 * editor for strings and numbers, undo and redo. The engine decides what is
 * allowed; a refused value opens the why screen (why-actions.ts).
 */
import type { KSymbol, MenuNode } from 'kconfig-parser-ts';
import { nameOf, type MenuController } from './controller.js';
import { actsAsTristate, display, toBytes } from './entry-text.js';
import { recordOps, redo, undo } from './history.js';
import { topOverlay } from './menu-state.js';
import { opensSubmenu } from './menu-rows.js';
import type { Op } from './session.js';
import { openWhy } from './why-actions.js';

const TRI_LETTER = ['n', 'm', 'y'] as const;

/** Enter: open a submenu, edit a text value, or toggle. */
export function activate(c: MenuController): void {
  if (!c.selectedNode() || c.enterSubmenu()) return;
  cycle(c);
}

/** Space: the next value the entry can take (the engine's toggle); opens the editor for text values. */
export function cycle(c: MenuController): void {
  const node = c.selectedNode();
  const sym = node?.sym;
  if (!node || !sym) return;
  if (sym.isChoice() && opensSubmenu(node) && !actsAsTristate(sym)) {
    c.enterSubmenu();
    return;
  }
  const t = sym.typeName;
  if (t === 'integer' || t === 'hex' || t === 'string') {
    openEntry(c, node);
    return;
  }
  if (t !== 'bool' && t !== 'tristate') return;
  const next = sym.nextToggleValue();
  if (next === null) {
    openWhy(c, node, sym.triValue === 2 ? 'n' : 'y');
    return;
  }
  assign(c, node, TRI_LETTER[next]);
}

/** y, m or n pressed on the selected entry. */
export function setTristate(c: MenuController, letter: 'y' | 'm' | 'n'): void {
  const node = c.selectedNode();
  const sym = node?.sym;
  if (!node || !sym) return;
  const t = sym.typeName;
  if (t !== 'bool' && t !== 'tristate') {
    c.say(`${nameOf(sym)} is ${t === 'integer' ? 'an integer' : `a ${t}`}: press Enter to edit it`, 'error');
    return;
  }
  if (letter === 'm' && !actsAsTristate(sym)) {
    c.say(`${nameOf(sym)} cannot be m: it is ${t === 'bool' ? 'a bool' : 'a tristate acting as bool (modules are off)'}`, 'error');
    return;
  }
  assign(c, node, letter);
}

/**
 * Sets a value through the engine and records it. When the engine refuses
 * it, the resolver says why and offers a plan.
 */
export function assign(c: MenuController, node: MenuNode, value: string): boolean {
  const sym = node.sym!;
  if (sym.userValue === value && sym.strValue === value) {
    c.say(`${nameOf(sym)} is already ${display(value)}`);
    return true;
  }
  const op: Op = { kind: 'set', name: sym.name ?? '', value };
  if (!sym.name || !c.session.tryApply(op)) {
    openWhy(c, node, value);
    return false;
  }
  const got = sym.strValue;
  recordOps(c.store, `${nameOf(sym)}=${display(value)}`, [op]);
  afterChange(c, got === value || sym.isChoice() ? `${nameOf(sym)} set to ${display(value)}` : `${nameOf(sym)} set to ${display(value)} (value now ${display(got)})`);
  return true;
}

export function afterChange(c: MenuController, message: string, tone: 'info' | 'error' = 'info'): void {
  c.store.update((s) => {
    s.revision = c.session.revision;
    s.message = { text: message, tone };
  });
  c.scheduleWarnings();
}

export function undoChange(c: MenuController): void {
  const label = undo(c.store);
  if (label === null) return c.say('Nothing to undo');
  c.session.sync(c.state.ops);
  afterChange(c, `Undone: ${label}`);
}

export function redoChange(c: MenuController): void {
  const label = redo(c.store);
  if (label === null) return c.say('Nothing to redo');
  c.session.sync(c.state.ops);
  afterChange(c, `Redone: ${label}`);
}

export function openEntry(c: MenuController, node: MenuNode): void {
  const sym = node.sym!;
  if (sym.visibility === 0) {
    openWhy(c, node, sym.strValue);
    return;
  }
  c.pushOverlay({ kind: 'entry', node, text: display(sym.strValue), error: null });
}

/** Enter in the value editor: the engine checks type and range. */
export function submitEntry(c: MenuController): void {
  const o = topOverlay(c.state);
  if (!o || o.kind !== 'entry') return;
  const sym = o.node.sym!;
  const value = toBytes(o.text);
  const problem = valueProblem(c, sym, value);
  if (problem) {
    c.edit('entry', (d) => {
      d.error = problem;
    });
    return;
  }
  c.close();
  assign(c, o.node, value);
}

function valueProblem(c: MenuController, sym: KSymbol, value: string): string | null {
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
