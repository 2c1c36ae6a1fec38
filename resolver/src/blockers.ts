/**
 * Why no configuration can give a symbol a value, from the possible-value
 * sets: the dependency terms (or selects) that are stuck on the wrong side
 * whatever the user does, each with where it is written and why it is stuck.
 */
import { andTerms, exprToString, exprValueString, orTerms, PropType, SymbolType, walkExpr, type Expr, type KSymbol } from 'kconfig-parser-ts';
import { highest, lowest, TRI_LETTER, type Tri } from './tristate.js';
import type { ValueSets } from './value-sets.js';

export interface Blocking {
  file: string;
  line: number;
  text: string;
}

export interface Blockers {
  reason: string;
  blocking: Blocking[];
}

/** Terms of `e` that keep it below `want` in every configuration. */
function termsBelow(stat: ValueSets, e: Expr, want: Tri): Expr[] {
  const stuck = andTerms(e).filter((t) => highest(stat.exprMask(t)) < want);
  return stuck.length ? stuck : [e];
}

const where = (s: KSymbol) => s.locations.map((l) => `${l.file}:${l.line}`).join(', ');

/** One line on why a symbol's value cannot move (for the symbols named in a stuck term). */
export function stuckSymbolNote(stat: ValueSets, s: KSymbol): string | null {
  if (s.isConst() || s === s.kc.modulesSym) return null;
  const name = s.name ?? '<choice>';
  if (s.type === SymbolType.Unknown || (!s.isDefined && !s.isChoice())) return `${name} is not defined in this tree`;
  if (!s.isLogical()) return null;
  const mask = stat.val.get(s) ?? 1;
  const hi = TRI_LETTER[highest(mask)];
  const lo = TRI_LETTER[lowest(mask)];
  const fixed = hi === lo;
  if (s.dirDep && highest(stat.exprMask(s.dirDep)) === 0 && !s.selectedBy.length)
    return `${name} depends on ${exprToString(s.dirDep)}, which is never met`;
  if (!s.prompts.length) {
    const how = s.selectedBy.length ? 'only defaults and selects set it' : 'nothing selects it';
    return fixed ? `${name} has no prompt and ${how}: it is always ${hi}` : `${name} has no prompt and ${how}: it is between ${lo} and ${hi}`;
  }
  return fixed ? `${name} is always ${hi} (defined at ${where(s)})` : `${name} can only be ${lo} to ${hi} (defined at ${where(s)})`;
}

function noteFor(stat: ValueSets, term: Expr): string {
  const notes: string[] = [];
  walkExpr(term, (x) => {
    if (notes.length >= 3) return false;
    for (const s of [x.s1, x.s2]) {
      if (!s || s.isConst()) continue;
      const n = stuckSymbolNote(stat, s);
      if (n && !notes.includes(n)) notes.push(n);
    }
  });
  return notes.length ? ` (${notes.join('; ')})` : '';
}

/** Why `sym` can never reach `want` (a value outside its possible set). */
export function whyNever(stat: ValueSets, sym: KSymbol, want: Tri): Blockers {
  const name = sym.name ?? '<choice>';
  const mask = sym.isLogical() ? stat.val.get(sym)! : 1;
  const blocking: Blocking[] = [];
  if (want === 1 && sym.kc.modulesVal === 0 && sym.type === SymbolType.Tristate)
    return { reason: `${name} cannot be m while ${sym.kc.modulesSym.name ?? 'MODULES'} is n`, blocking: [] };
  if (want > highest(mask) || (want === 1 && lowest(mask) < 1)) {
    const most = TRI_LETTER[highest(mask)];
    for (const node of sym.nodes) {
      const dep = node.dep;
      if (dep && highest(stat.exprMask(dep)) < want) {
        for (const t of termsBelow(stat, dep, want))
          blocking.push({ file: node.file.name, line: node.lineno, text: `depends on ${exprValueString(t)}${noteFor(stat, t)}` });
      } else if (node.prompt) {
        const pv = node.prompt.visibleExpr;
        if (pv && highest(stat.exprMask(pv)) < want)
          for (const t of termsBelow(stat, pv, want))
            blocking.push({ file: node.prompt.file.name, line: node.prompt.lineno, text: `prompt only if ${exprValueString(t)}${noteFor(stat, t)}` });
      }
    }
    if (sym.prompts.length === 0) {
      const loc = sym.locations[0];
      const text = `${name} has no prompt: only defaults${sym.selectedBy.length ? ' and selects' : ''} set it, and they give at most ${most}`;
      blocking.push({ file: loc?.file ?? '', line: loc?.line ?? 0, text });
    }
    if (sym.choice && want === 2) {
      const c = sym.choice;
      if (highest(stat.val.get(c) ?? 1) < 2) {
        const node = c.nodes[0];
        if (node) blocking.push({ file: node.file.name, line: node.lineno, text: `its choice "${node.promptText ?? ''}" can never be y` });
      }
    }
    const reason =
      want === 1 && mask & 1 && mask & 4
        ? `${name} can be n or y here, never m: what it depends on allows no m`
        : blocking.length
      ? `${name} can never be ${TRI_LETTER[want]} here: it can be at most ${most}`
      : `${name} can never be ${TRI_LETTER[want]} here: no prompt, default or select can give it more than ${most}`;
    if (!blocking.length) for (const l of sym.locations) blocking.push({ file: l.file, line: l.line, text: `config ${name}` });
    return { reason, blocking };
  }
  // Asked lower than it can go: forced up by selects (or by being a choice's only visible member).
  const least = TRI_LETTER[lowest(mask)];
  for (const rd of sym.selectedBy) {
    const m = stat.val.get(rd.symbol);
    const cond = rd.condition ? stat.exprMask(rd.condition) : 4;
    if (m === undefined) continue;
    if (Math.min(lowest(m), lowest(cond)) > want)
      blocking.push({
        file: rd.property.file.name,
        line: rd.property.lineno,
        text: `selected by ${rd.symbol.name}${rd.condition ? ` if ${exprValueString(rd.condition)}` : ''} (${stuckSymbolNote(stat, rd.symbol) ?? `${rd.symbol.name} is always at least ${TRI_LETTER[lowest(m)]}`})`,
      });
  }
  if (sym.revDep && !blocking.length && lowest(stat.exprMask(sym.revDep)) > want) {
    for (const t of orTerms(sym.revDep).filter((t) => lowest(stat.exprMask(t)) > want)) {
      const loc = sym.locations[0];
      blocking.push({ file: loc?.file ?? '', line: loc?.line ?? 0, text: `selected by ${exprValueString(t)}` });
    }
  }
  if (sym.choice) {
    const node = sym.choice.nodes[0];
    blocking.push({
      file: node?.file.name ?? '',
      line: node?.lineno ?? 0,
      text: `${name} is the only member of its choice that can be selected`,
    });
  }
  if (!blocking.length && sym.prompts.length === 0) {
    const loc = sym.locations[0];
    for (const p of sym.props)
      if (p.type === PropType.Default && lowest(stat.exprMask(p.visibleExpr)) > 0) {
        blocking.push({ file: p.file.name, line: p.lineno, text: `default ${exprToString(p.expr)}${p.visibleExpr ? ` if ${exprValueString(p.visibleExpr)}` : ''}, and ${name} has no prompt` });
        break;
      }
    if (!blocking.length) blocking.push({ file: loc?.file ?? '', line: loc?.line ?? 0, text: `${name} has no prompt` });
  }
  return { reason: `${name} can never be ${TRI_LETTER[want]} here: it is always at least ${least}`, blocking };
}
