/**
 * explain(symbol): why a symbol has its value and why the user can or
 * cannot change it, read from the engine's current state: prompts and their
 * conditions, each dependency term with its value, the defaults and which
 * one is active, who selects or implies it, its choice, and where it is
 * defined.
 */
import { andTerms, calcExpr, ExprType, exprValueString, quietly, settleModules, SymbolType, type Expr, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import { TRI_LETTER } from './tristate.js';

export interface Term {
  expr: string;
  value: string;
}

export interface Condition {
  /** The expression with current values, e.g. `PCI [=y] && NET [=n]`. */
  expr: string;
  value: string;
  /** Top-level && terms whose value is below y (what keeps the condition down). */
  unmet: Term[];
}

export interface Definition {
  file: string;
  line: number;
  menuPath: string[];
  prompt: string | null;
  dependsOn: Condition | null;
}

export interface PromptInfo {
  text: string;
  file: string;
  line: number;
  condition: Condition | null;
}

export interface DefaultInfo {
  value: string;
  file: string;
  line: number;
  condition: Condition | null;
  active: boolean;
}

export interface ReverseInfo {
  symbol: string;
  value: string;
  file: string;
  line: number;
  condition: Condition | null;
  /** What this select or imply contributes now: min(selector, condition). */
  gives: string;
}

export interface ChoiceInfo {
  prompt: string | null;
  file: string;
  line: number;
  mode: string;
  selected: string | null;
  members: { name: string; value: string; visible: boolean }[];
}

export type ValueSource = 'user' | 'default' | 'select' | 'imply' | 'choice' | 'none';

export interface Explanation {
  symbol: KSymbol;
  name: string;
  type: string;
  value: string;
  userValue: string | null;
  defined: boolean;
  definitions: Definition[];
  /** Upper bound the prompts allow (n: no prompt shows). */
  visibility: string;
  prompts: PromptInfo[];
  dependsOn: Condition | null;
  defaults: DefaultInfo[];
  selectedBy: ReverseInfo[];
  impliedBy: ReverseInfo[];
  choice: ChoiceInfo | null;
  range: string | null;
  /** Where the value comes from, and the reasons in words. */
  source: ValueSource;
  why: string[];
  /** Values the user can set now (bool/tristate), or whether a text value can be entered. */
  assignable: string[];
  changeable: boolean;
  whyNot: string[];
  text: string;
}

function condition(kc: Kconfig, e: Expr | null): Condition | null {
  if (!e || (e.type === ExprType.Symbol && e.s1?.name === 'y' && e.s1.isConst())) return null;
  const value = TRI_LETTER[calcExpr(e)];
  const unmet: Term[] = [];
  for (const t of andTerms(e)) {
    const v = calc(kc, t);
    if (v < 2) unmet.push({ expr: exprValueString(t), value: TRI_LETTER[v] });
  }
  return { expr: exprValueString(e), value, unmet };
}

function calc(kc: Kconfig, e: Expr): 0 | 1 | 2 {
  void kc;
  return calcExpr(e);
}

function reverse(kc: Kconfig, list: KSymbol['selectedBy']): ReverseInfo[] {
  return list.map((rd) => {
    const sv = rd.symbol.triValue;
    const cv = rd.condition ? calc(kc, rd.condition) : 2;
    return {
      symbol: rd.symbol.name ?? '<choice>',
      value: rd.symbol.strValue,
      file: rd.property.file.name,
      line: rd.property.lineno,
      condition: condition(kc, rd.condition),
      gives: TRI_LETTER[Math.min(sv, cv)],
    };
  });
}

export function explain(kc: Kconfig, sym: KSymbol): Explanation {
  return quietly(kc, () => {
    settleModules(kc);
    return build(kc, sym);
  });
}

function build(kc: Kconfig, sym: KSymbol): Explanation {
  const name = sym.name ?? '<choice>';
  const value = sym.strValue;
  const logical = sym.isLogical();
  const definitions: Definition[] = sym.nodes.map((n) => ({
    file: n.file.name,
    line: n.lineno,
    menuPath: n.menuPath,
    prompt: n.promptText,
    dependsOn: condition(kc, n.dep),
  }));
  const prompts: PromptInfo[] = sym.prompts.map((p) => ({
    text: p.text ?? '',
    file: p.file.name,
    line: p.lineno,
    condition: condition(kc, p.visibleExpr),
  }));
  const active = sym.isChoice() ? null : sym.activeDefault();
  const defaults: DefaultInfo[] = sym.defaults.map((p) => ({
    value: p.expr?.type === ExprType.Symbol && p.expr.s1?.isConst() ? p.expr.s1.name ?? '' : exprValueString(p.expr),
    file: p.file.name,
    line: p.lineno,
    condition: condition(kc, p.visibleExpr),
    active: p === active,
  }));
  const selectedBy = reverse(kc, sym.selectedBy);
  const impliedBy = reverse(kc, sym.impliedBy);
  let choice: ChoiceInfo | null = null;
  const cs = sym.isChoice() ? sym : sym.choice;
  if (cs) {
    const node = cs.nodes[0];
    const picked = cs.selection;
    choice = {
      prompt: node?.promptText ?? null,
      file: node?.file.name ?? '',
      line: node?.lineno ?? 0,
      mode: TRI_LETTER[cs.triValue],
      selected: cs.triValue === 2 ? picked?.name ?? null : null,
      members: cs.choiceMembers.map((m) => ({ name: m.name ?? '', value: m.strValue, visible: m.visibility > 0 })),
    };
  }
  let range: string | null = null;
  if (sym.type === SymbolType.Int || sym.type === SymbolType.Hex) {
    const r = sym.activeRange();
    if (r) range = exprValueString(r.expr);
  }
  const visibility = TRI_LETTER[sym.visibility];
  const { source, why } = valueSource(kc, sym, active !== null, selectedBy, impliedBy);
  const assignable = logical ? sym.assignable.map((t) => TRI_LETTER[t]) : sym.visibility > 0 ? ['any'] : [];
  const changeable = logical ? assignable.some((a) => a !== value) : sym.visibility > 0;
  const whyNot = changeable ? limits(kc, sym, selectedBy) : blockedBecause(kc, sym, selectedBy);
  const e: Explanation = {
    symbol: sym,
    name,
    type: sym.typeName,
    value,
    userValue: sym.userValue,
    defined: sym.isDefined || sym.isChoice(),
    definitions,
    visibility,
    prompts,
    dependsOn: condition(kc, sym.dirDep),
    defaults,
    selectedBy,
    impliedBy,
    choice,
    range,
    source,
    why,
    assignable,
    changeable,
    whyNot,
    text: '',
  };
  e.text = render(e);
  return e;
}

/** Where the value comes from, following calcValue's order. */
function valueSource(
  kc: Kconfig,
  sym: KSymbol,
  hasActiveDefault: boolean,
  selectedBy: ReverseInfo[],
  impliedBy: ReverseInfo[],
): { source: ValueSource; why: string[] } {
  const name = sym.name ?? '<choice>';
  const value = sym.strValue;
  if (!sym.isDefined && !sym.isChoice()) return { source: 'none', why: [`${name} is not defined in this tree: it is always n`] };
  if (sym.choice && sym.visibility === 2) {
    const cs = sym.choice;
    const picked = cs.selection;
    const how = cs.userSelection === picked ? 'chosen by the user' : 'the default';
    return picked === sym
      ? { source: 'choice', why: [`it is the selected member of its choice (${how})`] }
      : { source: 'choice', why: [`${picked?.name ?? 'another member'} is the selected member of its choice (${how})`] };
  }
  const why: string[] = [];
  let source: ValueSource = 'none';
  if (sym.visibility > 0 && sym.hasValue()) {
    source = 'user';
    const u = sym.userValue;
    if (!sym.userGiven()) why.push(`conf counts it as answered (its submenu showed while its prompt was hidden), so it takes the empty answer ${u}`);
    else why.push(u === value || !sym.isLogical() ? `set by the user to ${u}` : `the user value ${u} is capped at ${TRI_LETTER[sym.visibility]} by the prompt's conditions`);
  } else if (!sym.isLogical()) {
    if (hasActiveDefault) {
      source = 'default';
      why.push(`from its default (${sym.visibility === 0 ? 'the prompt is hidden' : 'no user value'})`);
    } else why.push('no prompt shows and no default applies');
  } else {
    if (sym.userGiven() && sym.visibility === 0) why.push(`the user value ${sym.userValue} does not count: no prompt shows`);
    if (hasActiveDefault) {
      source = 'default';
      why.push('from its active default');
    }
    if (sym.impliedTri > 0) {
      const by = impliedBy.filter((r) => r.gives !== 'n').map((r) => `${r.symbol} [=${r.value}]`);
      why.push(`implied by ${by.join(', ')} (as far as its dependencies allow)`);
      if (source === 'none') source = 'imply';
    }
    if (source === 'none' && sym.triValue === 0) why.push(sym.prompts.length ? 'no user value counts and no default applies' : 'no default applies');
  }
  if (sym.isLogical() && sym.revDepTri > 0) {
    const by = selectedBy.filter((r) => r.gives !== 'n').map((r) => `${r.symbol} [=${r.value}]`);
    why.push(`selected by ${by.join(', ')}: at least ${TRI_LETTER[sym.revDepTri]}`);
    if (sym.revDepTri >= sym.triValue) source = 'select';
    if (sym.dirDepTri < sym.revDepTri)
      why.push(`its dependencies are not met (${exprValueString(sym.dirDep)}): the select forces it anyway`);
  }
  void kc;
  return { source, why };
}

/** Why the user cannot change the value now. */
function blockedBecause(kc: Kconfig, sym: KSymbol, selectedBy: ReverseInfo[]): string[] {
  const name = sym.name ?? '<choice>';
  const out: string[] = [];
  if (!sym.isDefined && !sym.isChoice()) return [`${name} is not defined in this tree`];
  if (sym.prompts.length === 0) out.push(`${name} has no prompt: only its defaults${sym.selectedBy.length ? ' and selects' : ''} set it`);
  else if (sym.visibility === 0) {
    const dep = sym.isChoiceValue() ? null : condition(kc, sym.dirDep);
    if (dep && dep.value !== 'y') out.push(`its dependencies are not met: ${dep.unmet.map((t) => t.expr).join(', ') || dep.expr}`);
    else
      for (const p of sym.prompts) {
        const c = condition(kc, p.visibleExpr);
        if (c && c.value === 'n') out.push(`the prompt "${p.text}" shows only if ${c.unmet.map((t) => t.expr).join(' && ') || c.expr}`);
      }
    if (!out.length) out.push('no prompt shows');
  }
  if (sym.isLogical() && sym.revDepTri > 0 && sym.visibility <= sym.revDepTri) {
    const by = selectedBy.filter((r) => r.gives !== 'n').map((r) => `${r.symbol} [=${r.value}]`);
    out.push(`it is selected by ${by.join(', ')}: to lower it, disable ${by.length > 1 ? 'those' : 'that'}`);
  }
  if (!out.length) out.push(`${name} can only be ${sym.strValue} now`);
  return out;
}

/** Limits on an otherwise changeable symbol (what it cannot go to). */
function limits(kc: Kconfig, sym: KSymbol, selectedBy: ReverseInfo[]): string[] {
  const out: string[] = [];
  if (!sym.isLogical()) return out;
  if (sym.revDepTri > 0) {
    const by = selectedBy.filter((r) => r.gives !== 'n').map((r) => `${r.symbol} [=${r.value}]`);
    out.push(`it cannot go below ${TRI_LETTER[sym.revDepTri]}: selected by ${by.join(', ')}`);
  }
  if (sym.visibility < 2 && sym.type === SymbolType.Tristate && kc.modulesVal !== 0) {
    const c = condition(kc, sym.dirDep);
    out.push(`it cannot be y: ${c && c.value !== 'y' ? `it depends on ${c.unmet.map((t) => t.expr).join(' && ') || c.expr}` : 'its prompt allows at most m'}`);
  }
  if (sym.isChoiceValue() && sym.visibility === 2) out.push('choose another member of the choice to turn it off');
  return out;
}

function render(e: Explanation): string {
  const L: string[] = [];
  const user = e.userValue !== null && e.userValue !== e.value ? ` (user value ${e.userValue})` : '';
  L.push(`${e.name} = ${e.value}  [${e.type}]${user}`);
  if (!e.defined) L.push('  not defined in this tree (only referenced)');
  for (const d of e.definitions) {
    const path = d.menuPath.length ? `  menu: ${d.menuPath.join(' > ')}` : '';
    L.push(`  defined at ${d.file}:${d.line}${d.prompt ? `  "${d.prompt}"` : ''}${path}`);
  }
  L.push('why it is ' + e.value + ':');
  for (const w of e.why) L.push('  - ' + w);
  if (e.dependsOn) {
    L.push(`depends on [${e.dependsOn.value}]: ${e.dependsOn.expr}`);
    for (const t of e.dependsOn.unmet) L.push(`  unmet: ${t.expr}`);
  }
  if (e.prompts.length) {
    L.push(`prompt visible up to: ${e.visibility}`);
    for (const p of e.prompts) L.push(`  "${p.text}" (${p.file}:${p.line})${p.condition ? ` if ${p.condition.expr}  (${p.condition.value})` : ''}`);
  } else L.push('no prompt: the user cannot set it directly');
  if (e.defaults.length) {
    L.push('defaults:');
    for (const d of e.defaults)
      L.push(`  ${d.active ? '*' : ' '} ${d.value}${d.condition ? ` if ${d.condition.expr}  (${d.condition.value})` : ''} (${d.file}:${d.line})`);
  }
  if (e.range) L.push(`range: ${e.range}`);
  for (const [title, list] of [
    ['selected by', e.selectedBy],
    ['implied by', e.impliedBy],
  ] as const) {
    if (!list.length) continue;
    L.push(`${title}:`);
    for (const r of list)
      L.push(`  ${r.symbol} [=${r.value}]${r.condition ? ` if ${r.condition.expr}` : ''} -> ${r.gives} (${r.file}:${r.line})`);
  }
  if (e.choice) {
    const c = e.choice;
    L.push(`choice "${c.prompt ?? ''}" (${c.file}:${c.line}) is ${c.mode}${c.selected ? `, selected: ${c.selected}` : ''}`);
    L.push(`  members: ${c.members.map((m) => `${m.name} [=${m.value}]${m.visible ? '' : ' (hidden)'}`).join(', ')}`);
  }
  if (e.changeable) {
    L.push(`the user can set: ${e.assignable.join(', ')}`);
    for (const w of e.whyNot) L.push('  - ' + w);
  } else {
    L.push('the user cannot change it now:');
    for (const w of e.whyNot) L.push('  - ' + w);
  }
  return L.join('\n') + '\n';
}
