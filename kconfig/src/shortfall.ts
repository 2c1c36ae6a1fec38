/**
 * Why a symbol did not get the value someone asked for: the constraint of
 * the tree that stands in the way, with the values of its terms and where it
 * is written. Used by `apply` (and as the base of the resolver's explanations).
 */
import { exprIsYes, type Expr, type Tristate } from './expr.js';
import type { Kconfig } from './kconfig.js';
import { cValue } from './cnum.js';
import { exprValueString, KSymbol, revDepString, SymbolType, TRI_TEXT, triFromLetter } from './symbol.js';

export interface Shortfall {
  /** The symbol asked about (null when the tree does not define the name). */
  symbol: KSymbol | null;
  name: string;
  asked: string;
  got: string | null;
  /** One or more lines saying what blocks the value. */
  reasons: string[];
}

function where(sym: KSymbol): string {
  const locs = sym.locations;
  return locs.length ? locs.map((l) => `${l.file}:${l.line}`).join(', ') : 'nowhere';
}

function depText(e: Expr | null): string {
  return exprIsYes(e) ? 'y' : exprValueString(e);
}

function choiceName(cs: KSymbol): string {
  const node = cs.nodes[0];
  const prompt = node?.promptText;
  return prompt ? `"${prompt}"` : cs.name ?? '<choice>';
}

/** Reasons a bool/tristate is below `asked`. */
function tooLow(sym: KSymbol, asked: Tristate): string[] {
  const out: string[] = [];
  if (sym.isChoiceValue() && asked === 2) {
    const cs = sym.choice!;
    cs.calcValue();
    if (cs.currTri === 0) out.push(`its choice ${choiceName(cs)} is n (${where(cs)})`);
    else if (cs.currTri === 1) out.push(`its choice ${choiceName(cs)} is m: members can only be m or n`);
    else {
      const picked = cs.currVal instanceof KSymbol ? cs.currVal : null;
      if (picked && picked !== sym) out.push(`its choice ${choiceName(cs)} selects ${picked.name} instead`);
    }
  }
  if (asked === 1 && sym.type === SymbolType.Bool) out.push(`${sym.name} is a bool: m is not a possible value`);
  else if (asked === 1 && sym.kc.modulesVal === 0)
    out.push(`m needs modules, and ${sym.kc.modulesSym.name ?? 'MODULES'} is n`);
  if (sym.visibility < asked || sym.visibility === 0) {
    const prompts = sym.prompts;
    if (prompts.length === 0) {
      out.push(`${sym.name} has no prompt: only defaults and selects set it (defined at ${where(sym)})`);
    } else if (sym.dirDepTri < asked || (sym.dirDepTri === 0 && asked > 0)) {
      out.push(`${sym.name} depends on ${depText(sym.dirDep)} (defined at ${where(sym)})`);
    } else {
      for (const p of prompts) {
        if (p.visibleTri >= asked) continue;
        out.push(`the prompt of ${sym.name} is visible only if ${depText(p.visibleExpr)} (${p.file.name}:${p.lineno})`);
      }
    }
  }
  if (out.length === 0) out.push(`${sym.name} is limited to ${TRI_TEXT[sym.currTri]} here (defined at ${where(sym)})`);
  return out;
}

/** Reasons a bool/tristate is above `asked`. */
function tooHigh(sym: KSymbol, asked: Tristate): string[] {
  const out: string[] = [];
  if (sym.revDepTri > asked) {
    const lines = revDepString(sym.revDep, 2, '').concat(revDepString(sym.revDep, 1, ''));
    out.push(`${sym.name} is selected by:\n${lines.replace(/\n$/, '').split('\n').map((l) => '  ' + l.trim()).join('\n')}`);
  }
  if (sym.isChoiceValue()) {
    const cs = sym.choice!;
    if (cs.currTri === 2 && cs.currVal === sym)
      out.push(`it is the selected member of the choice ${choiceName(cs)}: choose another member instead`);
  }
  if (sym.isChoice() && asked === 0 && !sym.isOptional()) out.push('a choice that is not optional cannot be n');
  if (out.length === 0 && !sym.isChangeable() && sym.visibility === 0)
    out.push(`${sym.name} cannot be changed: it has no visible prompt (defined at ${where(sym)})`);
  if (out.length === 0) out.push(`${sym.name} keeps ${TRI_TEXT[sym.currTri]} (defined at ${where(sym)})`);
  return out;
}

function nonLogical(sym: KSymbol, asked: string): string[] {
  const out: string[] = [];
  if (!sym.stringValid(asked)) {
    out.push(`'${asked}' is not a valid ${sym.typeName} value`);
    return out;
  }
  if (sym.visibility === 0) {
    if (sym.prompts.length === 0) out.push(`${sym.name} has no prompt: only its defaults set it (defined at ${where(sym)})`);
    else out.push(`${sym.name} depends on ${depText(sym.dirDep)} (defined at ${where(sym)})`);
  }
  if (sym.type === SymbolType.Int || sym.type === SymbolType.Hex) {
    const r = sym.activeRange();
    if (r) {
      const base = sym.type === SymbolType.Int ? 10 : 16;
      const v = cValue(asked, base);
      const lo = r.expr!.s1!;
      const hi = r.expr!.s2!;
      lo.calcValue();
      hi.calcValue();
      if (v < cValue(lo.stringValue(), base) || v > cValue(hi.stringValue(), base))
        out.push(`${asked} is outside the range ${lo.stringValue()}..${hi.stringValue()} (${r.file.name}:${r.lineno})`);
    }
  }
  if (out.length === 0) out.push(`${sym.name} keeps ${sym.strValue} (defined at ${where(sym)})`);
  return out;
}

/**
 * Compares the value asked for `name` (as written in a .config line) with the
 * current one; null when it took.
 */
export function shortfall(kc: Kconfig, name: string, asked: string, accepted: boolean): Shortfall | null {
  const sym = kc.symbol(name);
  if (!sym || !sym.isDefined) {
    return { symbol: sym, name, asked, got: null, reasons: [`${name} is not defined by this configuration tree`] };
  }
  sym.calcValue();
  const got = sym.stringValue();
  if (sym.isLogical()) {
    const want = triFromLetter(asked[0]);
    if (!accepted || want === null || (asked[0] !== 'y' && asked[0] !== 'm' && asked[0] !== 'n'))
      return { symbol: sym, name, asked, got, reasons: [`'${asked}' is not a valid ${sym.typeName} value`] };
    const effective = want;
    if (sym.currTri === effective) return null;
    if (want === 1 && sym.type === SymbolType.Tristate && kc.modulesVal === 0 && sym.currTri === 2) {
      const modules = kc.modulesSym.name ?? 'MODULES';
      return { symbol: sym, name, asked: 'm', got, reasons: [`m becomes y while ${modules} is n`] };
    }
    const reasons = sym.currTri < effective ? tooLow(sym, effective) : tooHigh(sym, effective);
    return { symbol: sym, name, asked: TRI_TEXT[want], got, reasons };
  }
  let want = asked;
  if (sym.type === SymbolType.String) {
    if (!accepted) return { symbol: sym, name, asked, got, reasons: ['the string is not properly quoted'] };
    want = unquote(asked);
  }
  if (accepted && sym.type === SymbolType.Hex && normalizeHex(want) === normalizeHex(got)) return null;
  if (accepted && want === got) return null;
  return { symbol: sym, name, asked: want, got, reasons: nonLogical(sym, want) };
}

function unquote(v: string): string {
  if (v[0] !== '"') return v;
  let out = '';
  for (let i = 1; i < v.length; i++) {
    if (v[i] === '"') break;
    if (v[i] === '\\') i++;
    if (i < v.length) out += v[i];
  }
  return out;
}

function normalizeHex(v: string): string {
  return v.replace(/^0[xX]/, '').replace(/^0+(?=.)/, '').toLowerCase();
}

