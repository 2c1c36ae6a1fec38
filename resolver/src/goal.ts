/**
 * What a request asks for, checked against the symbol's type: a tristate
 * for bool/tristate symbols, a text for int/hex/string ones.
 */
import { SymbolType, type KSymbol } from 'kconfig-parser-ts';
import type { Tri } from './tristate.js';

export type Goal = { kind: 'tri'; tri: Tri; text: 'n' | 'm' | 'y' } | { kind: 'text'; text: string };

/** The goal for `value`, or a message saying why the value does not fit the symbol. */
export function parseGoal(sym: KSymbol, value: string): Goal | { error: string } {
  const name = sym.name ?? '<choice>';
  if (!sym.isDefined && !sym.isChoice()) return { error: `${name} is not defined by this configuration tree` };
  if (sym.isLogical()) {
    const tri = ({ n: 0, m: 1, y: 2 } as const)[value as 'n' | 'm' | 'y'];
    if (tri === undefined) return { error: `'${value}' is not a valid ${sym.typeName} value (use y, m or n)` };
    if (tri === 1 && sym.type === SymbolType.Bool) return { error: `${name} is a bool: m is not a possible value` };
    return { kind: 'tri', tri, text: value as 'n' | 'm' | 'y' };
  }
  if (sym.type === SymbolType.Unknown) return { error: `${name} has no type` };
  if (!sym.stringValid(value)) {
    const how = sym.type === SymbolType.Int ? ': an integer is written in decimal, e.g. 3 or -1' : sym.type === SymbolType.Hex ? ': a hex value is written like 0x1f or 1f' : '';
    return { error: `'${value}' is not a valid ${sym.typeName} value for ${name}${how}` };
  }
  return { kind: 'text', text: value };
}

/** The symbol already has the value asked for. */
export function goalHolds(sym: KSymbol, goal: Goal): boolean {
  if (goal.kind === 'tri') return sym.triValue === goal.tri;
  return sameText(sym, sym.strValue, goal.text);
}

export function sameText(sym: KSymbol, a: string, b: string): boolean {
  if (sym.type === SymbolType.Hex) return normalizeHex(a) === normalizeHex(b);
  return a === b;
}

function normalizeHex(v: string): string {
  return v.replace(/^0[xX]/, '').replace(/^0+(?=.)/, '').toLowerCase();
}
