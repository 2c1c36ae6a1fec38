/**
 * The symbol-info screen (`?`): everything the engine knows about an entry,
 * laid out like kconfiglib's menuconfig info screen: type and value, prompts
 * with their conditions, every definition with file:line and menu path,
 * direct dependencies split per && term with their values, defaults with
 * their conditions, selected-by and implied-by with values, help text.
 */
import { andTerms, calcExpr, exprValueString, type Expr, type KSymbol, type MenuNode } from 'kconfig-parser-ts';
import { display, promptOf } from './entry-text.js';

export interface InfoLine {
  text: string;
  heading?: boolean;
}

const TRI = ['n', 'm', 'y'];

function valued(e: Expr | null): string {
  return display(exprValueString(e));
}

export function symbolInfo(node: MenuNode): InfoLine[] {
  const out: InfoLine[] = [];
  const add = (text = '', heading = false) => out.push(heading ? { text, heading } : { text });
  const sym = node.sym;
  if (!sym) return nonSymbolInfo(node);
  const title = sym.name ? display(sym.name) : '<choice>';
  add(`${title}${node.prompt?.text != null ? ` - ${promptOf(node)}` : ''}`, true);
  add();
  add(`Type        : ${sym.isChoice() ? `choice (${sym.typeName})` : sym.typeName}`);
  add(`Value       : ${valueText(sym)}`);
  add(`User value  : ${sym.userValue === null ? '(none: the value comes from defaults)' : display(sym.userValue)}`);
  add(`Visible     : ${TRI[sym.visibility]}${sym.visibility === 0 ? ' (no prompt is active: the value cannot be set here)' : ''}`);
  if (sym.typeName === 'bool' || sym.typeName === 'tristate') {
    add(`Assignable  : ${sym.assignable.map((t) => TRI[t]).join(' ') || '(nothing right now)'}`);
  }
  if (sym.isChoice()) {
    add();
    add('Members:', true);
    for (const m of sym.choiceMembers) add(`  ${m.name ? display(m.name) : '?'} [=${m.strValue}]`);
  }
  const help = node.help ?? sym.nodes.find((n) => n.help)?.help ?? null;
  if (help) {
    add();
    add('Help:', true);
    for (const l of display(help).replace(/\n+$/, '').split('\n')) add(`  ${l}`);
  }
  if (sym.prompts.length) {
    add();
    add('Prompts:', true);
    for (const p of sym.prompts) {
      const cond = p.visibleExpr ? ` if ${valued(p.visibleExpr)} (=${TRI[calcExpr(p.visibleExpr)]})` : '';
      add(`  "${display(p.text ?? '')}"${cond}`);
    }
  }
  add();
  add('Definitions:', true);
  for (const n of sym.nodes) {
    add(`  ${display(n.file.name)}:${n.lineno}`);
    add(`    Menu path: ${['(Top)', ...n.menuPath.map(display)].join(' > ')}`);
  }
  add();
  const dep = sym.directDep;
  add(`Direct dependencies (=${TRI[dep ? calcExpr(dep) : 2]}):`, true);
  const terms = andTerms(dep);
  if (terms.length === 0) add('  (none)');
  terms.forEach((t, i) => add(`  ${i ? '&& ' : ''}${valued(t)}  (=${TRI[calcExpr(t)]})`));
  if (sym.defaults.length) {
    add();
    add('Defaults:', true);
    for (const p of sym.defaults) {
      const cond = p.visibleExpr ? ` if ${valued(p.visibleExpr)} (=${TRI[calcExpr(p.visibleExpr)]})` : '';
      add(`  ${valued(p.expr)}${cond}`);
    }
  }
  if (sym.ranges.length) {
    add();
    add('Ranges:', true);
    for (const p of sym.ranges) {
      const cond = p.visibleExpr ? ` if ${valued(p.visibleExpr)} (=${TRI[calcExpr(p.visibleExpr)]})` : '';
      const lo = p.expr?.s1;
      const hi = p.expr?.s2;
      add(`  [${lo ? display(lo.strValue || lo.name || '') : '?'} .. ${hi ? display(hi.strValue || hi.name || '') : '?'}]${cond}`);
    }
  }
  reverse(add, 'Selected by', sym.selectedBy);
  reverse(add, 'Implied by', sym.impliedBy);
  forward(add, 'Selects', sym.selects);
  forward(add, 'Implies', sym.implies);
  return out;
}

function valueText(sym: KSymbol): string {
  if (sym.isChoice()) {
    const picked = sym.choiceMembers.find((m) => m.triValue === 2);
    return `${sym.strValue}${picked?.name ? ` (${display(picked.name)} picked)` : ''}`;
  }
  const v = display(sym.strValue);
  return sym.typeName === 'string' ? `"${v}"` : v;
}

type Add = (text?: string, heading?: boolean) => void;

function reverse(add: Add, title: string, list: readonly { symbol: KSymbol; condition: Expr | null }[]): void {
  if (!list.length) return;
  add();
  add(`${title}:`, true);
  for (const r of list) {
    const who = `${r.symbol.name ? display(r.symbol.name) : '<choice>'} [=${r.symbol.strValue}]`;
    add(`  ${who}${r.condition ? ` if ${valued(r.condition)} (=${TRI[calcExpr(r.condition)]})` : ''}`);
  }
}

function forward(add: Add, title: string, props: readonly { expr: Expr | null; visibleExpr: Expr | null }[]): void {
  if (!props.length) return;
  add();
  add(`${title}:`, true);
  for (const p of props) add(`  ${valued(p.expr)}${p.visibleExpr ? ` if ${valued(p.visibleExpr)}` : ''}`);
}

function nonSymbolInfo(node: MenuNode): InfoLine[] {
  const out: InfoLine[] = [{ text: `${node.kind === 'comment' ? 'Comment' : 'Menu'}: ${promptOf(node)}`, heading: true }, { text: '' }];
  out.push({ text: `Defined at ${display(node.file.name)}:${node.lineno}` });
  out.push({ text: `Menu path: ${['(Top)', ...node.menuPath.map(display)].join(' > ')}` });
  out.push({ text: '' }, { text: 'Dependencies:', heading: true });
  const terms = andTerms(node.dep);
  if (terms.length === 0) out.push({ text: '  (none)' });
  terms.forEach((t, i) => out.push({ text: `  ${i ? '&& ' : ''}${valued(t)}  (=${TRI[calcExpr(t)]})` }));
  if (node.help) {
    out.push({ text: '' }, { text: 'Help:', heading: true });
    for (const l of display(node.help).replace(/\n+$/, '').split('\n')) out.push({ text: `  ${l}` });
  }
  return out;
}
