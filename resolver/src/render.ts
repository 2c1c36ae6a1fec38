/**
 * Plans and explanations as text for terminals and logs.
 */
import type { KSymbol } from 'kconfig-parser-ts';
import type { PlanChange, PlanResult } from './plan.js';
import type { Override } from './user-choices.js';

/** A symbol's name, or `<choice "prompt">` for an unnamed choice. */
export function symbolLabel(s: KSymbol): string {
  if (s.name) return s.name;
  const prompt = s.nodes[0]?.promptText;
  return prompt ? `<choice "${prompt}">` : '<choice>';
}

/** `A=y, B=m` */
export function formatPlanInline(changes: PlanChange[]): string {
  return changes.map((c) => `${symbolLabel(c.symbol)}=${c.to}`).join(', ');
}

/** One change per line: `  A: n -> y`. */
export function formatChanges(changes: PlanChange[], indent = '  '): string {
  return changes.map((c) => `${indent}${symbolLabel(c.symbol)}: ${c.from} -> ${c.to === 'default' ? '(its default: user value removed)' : c.to}\n`).join('');
}

/** `the choice "Architecture" (ARCH_X86_64 -> ARCH_ARM64), PLAT_KVM (y -> n)` */
export function formatOverrides(overrides: Override[]): string {
  return overrides.map(describeOverride).join(', ');
}

export function describeOverride(o: Override): string {
  if (o.kind === 'choice') {
    const prompt = o.symbol.nodes[0]?.promptText;
    const what = prompt ? `the choice "${prompt}"` : `the choice ${symbolLabel(o.symbol)}`;
    return `${what} (${o.from} -> ${o.to})`;
  }
  return `${symbolLabel(o.symbol)} (${o.from || '""'} -> ${o.to || '""'})`;
}

/** The best plan's changes, or why there is none. */
export function formatPlan(p: PlanResult, indent = '  '): string {
  if (p.ok) {
    if (!p.changes.length) return `${indent}nothing to change: ${p.target.name} is already ${p.value}\n`;
    return formatChanges(p.changes, indent);
  }
  if ('impossible' in p) {
    let s = `${indent}impossible: ${p.reason}\n`;
    for (const b of p.blocking) s += `${indent}  ${b.file}:${b.line}: ${b.text}\n`;
    return s;
  }
  return `${indent}${p.reason}\n`;
}
