/**
 * How one menu entry reads on screen, in mconf's notation: [*] [ ] for bool,
 * <M> < > for tristate ({M} when a select forces at least m), -*- for values
 * the user cannot change, (X) ( ) for members of a choice, (value) for text,
 * numbers and hex, `--->` for submenus, (NEW) after the prompt of a symbol
 * the user could set but the configuration does not (mconf's order: prompt,
 * (NEW), then `--->`). Every fact shown is read from the engine.
 */
import type { KSymbol, MenuNode } from 'kconfig-parser-ts';
import { opensSubmenu } from './menu-rows.js';

/** Engine strings are bytes (latin1); Kconfig files are UTF-8 text. */
export function display(bytes: string): string {
  // Pure ASCII needs no decoding (nearly every prompt).
  for (let i = 0; i < bytes.length; i++) {
    if (bytes.charCodeAt(i) > 0x7f) return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return bytes;
}

/** Display text to engine bytes (what the user typed into a string or file name). */
export function toBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

export interface EntryText {
  /** The value box (`[*]`, `<M>`, `(64)`, ...), empty for menus and comments. */
  box: string;
  prompt: string;
  /** No value in the configuration yet, and one the user can give: `(NEW)` after the prompt. */
  isNew: boolean;
  /** `--->`, the name in show-names mode. */
  suffix: string;
}

const TRI_CHAR = [' ', 'M', '*'];

/** Symbol is a tristate right now (with modules off a tristate acts as bool). */
export function actsAsTristate(sym: KSymbol): boolean {
  return sym.typeName === 'tristate' && sym.effectiveType() === sym.type;
}

/** Member of a choice whose value is y: picked like a radio button. */
function isRadioMember(sym: KSymbol): boolean {
  return sym.isChoiceValue() && sym.choice !== null && sym.choice.triValue === 2;
}

export function valueBox(sym: KSymbol): string {
  const t = sym.typeName;
  if (t === 'bool' || t === 'tristate') {
    const v = sym.triValue;
    if (isRadioMember(sym)) return v === 2 ? '(X)' : '( )';
    if (!sym.isChangeable()) return `-${TRI_CHAR[v]}-`;
    if (!actsAsTristate(sym)) return v === 2 ? '[*]' : '[ ]';
    return sym.revDepTri === 1 ? `{${TRI_CHAR[v]}}` : `<${TRI_CHAR[v]}>`;
  }
  if (t === 'integer' || t === 'hex' || t === 'string') return `(${display(sym.strValue)})`;
  return '';
}

export function promptOf(node: MenuNode): string {
  if (node.prompt?.text != null) return display(node.prompt.text);
  return node.sym?.name ? display(node.sym.name) : '';
}

export function entryText(node: MenuNode, showNames: boolean): EntryText {
  const sym = node.sym;
  const kind = node.kind;
  let prompt = promptOf(node);
  let box = '';
  let suffix = '';
  if (kind === 'comment') return { box: '', prompt: `*** ${prompt} ***`, isNew: false, suffix: '' };
  if (kind === 'menu') return { box: '', prompt, isNew: false, suffix: '--->' };
  if (sym && kind === 'choice') {
    // A choice in m mode lets members be modules: it shows a tristate box.
    if (sym.triValue !== 2 && actsAsTristate(sym)) box = valueBox(sym);
    const picked = sym.triValue === 2 ? chosenMember(sym) : null;
    if (picked) prompt += ` (${promptOf(picked.nodes[0] ?? node)})`;
    suffix = '--->';
  } else if (sym) {
    box = valueBox(sym);
    if (opensSubmenu(node)) suffix = '--->';
  }
  // As mconf: never on a choice, nor on a value nobody can change.
  const isNew = !!sym && kind !== 'choice' && sym.userValue === null && node.isVisible() && sym.isChangeable();
  if (showNames && sym?.name) suffix = suffix ? `${suffix} ${display(sym.name)}` : display(sym.name);
  return { box, prompt, isNew, suffix };
}

/** The member a y choice has picked. */
function chosenMember(choice: KSymbol): KSymbol | null {
  for (const m of choice.choiceMembers) if (m.triValue === 2) return m;
  return null;
}
