/**
 * Plans and explanations as text for terminals and logs.
 */
import type { PlanChange, PlanResult } from './plan.js';

function label(c: PlanChange): string {
  const s = c.symbol;
  if (s.name) return s.name;
  const prompt = s.nodes[0]?.promptText;
  return prompt ? `<choice "${prompt}">` : '<choice>';
}

/** `A=y, B=m` */
export function formatPlanInline(changes: PlanChange[]): string {
  return changes.map((c) => `${label(c)}=${c.to}`).join(', ');
}

/** One change per line: `  A: n -> y`. */
export function formatPlan(p: PlanResult, indent = '  '): string {
  if (p.ok) {
    if (!p.changes.length) return `${indent}nothing to change: ${p.target.name} is already ${p.value}\n`;
    return p.changes.map((c) => `${indent}${label(c)}: ${c.from} -> ${c.to === 'default' ? '(its default: user value removed)' : c.to}\n`).join('');
  }
  if ('impossible' in p) {
    let s = `${indent}impossible: ${p.reason}\n`;
    for (const b of p.blocking) s += `${indent}  ${b.file}:${b.line}: ${b.text}\n`;
    return s;
  }
  return `${indent}${p.reason}\n`;
}
