/**
 * Conditions as small boolean formulas over Kconfig expressions, written
 * back as Kconfig expression text for the engine to parse. Constants fold
 * away as the formulas are built, so a condition that is always true stays
 * `true` and costs no question to the solver.
 */

/** true, false, a Kconfig expression (text), or a combination. */
export type Formula = boolean | { expr: string } | { not: Formula } | { and: Formula[] } | { or: Formula[] };

export function expr(text: string): Formula {
  return { expr: text };
}

export function not(f: Formula): Formula {
  if (typeof f === 'boolean') return !f;
  if ('not' in f) return f.not;
  return { not: f };
}

export function and(...fs: Formula[]): Formula {
  const parts: Formula[] = [];
  for (const f of fs) {
    if (f === false) return false;
    if (f === true) continue;
    for (const p of typeof f === 'object' && 'and' in f ? f.and : [f]) if (!parts.some((q) => same(p, q))) parts.push(p);
  }
  return parts.length === 0 ? true : parts.length === 1 ? parts[0] : { and: parts };
}

export function or(...fs: Formula[]): Formula {
  const parts: Formula[] = [];
  for (const f of fs) {
    if (f === true) return true;
    if (f === false) continue;
    for (const p of typeof f === 'object' && 'or' in f ? f.or : [f]) if (!parts.some((q) => same(p, q))) parts.push(p);
  }
  return parts.length === 0 ? false : parts.length === 1 ? parts[0] : { or: parts };
}

function same(a: Formula, b: Formula): boolean {
  return a === b || text(a) === text(b);
}

const texts = new WeakMap<object, string>();

/** Kconfig expression text: `y`/`n` for the constants. */
export function text(f: Formula): string {
  if (f === true) return 'y';
  if (f === false) return 'n';
  if ('expr' in f) return f.expr;
  let t = texts.get(f);
  if (t === undefined) {
    if ('not' in f) t = `!${wrap(f.not)}`;
    else if ('and' in f) t = f.and.map(wrap).join(' && ');
    else t = f.or.map((p) => (typeof p === 'object' && 'and' in p ? text(p) : wrap(p))).join(' || ');
    texts.set(f, t);
  }
  return t;
}

/** Parenthesised unless it is one symbol, a negation or a constant. */
function wrap(f: Formula): string {
  const t = text(f);
  return /^!?[A-Za-z0-9_]+$/.test(t) || (typeof f === 'object' && 'not' in f && /^!\(/.test(t)) ? t : `(${t})`;
}

/** The operands of a top-level conjunction. */
export function conjuncts(f: Formula): Formula[] {
  if (f === true) return [];
  return typeof f === 'object' && 'and' in f ? f.and : [f];
}
