/**
 * The why screen's text: the resolver's explanation of the current value,
 * then its plan for the value the user asked for (or why there is none).
 */
import { display } from './entry-text.js';
import type { Overlay, PlanChoice } from './menu-state.js';
import type { InfoLine } from './symbol-info.js';

type WhyOverlay = Extract<Overlay, { kind: 'why' }>;

export function whyLines(o: WhyOverlay): InfoLine[] {
  const sym = o.node.sym!;
  const name = sym.name ? display(sym.name) : '<choice>';
  const now = `${name} = ${display(sym.strValue)}`;
  const head = o.value === null ? now : o.asked ? `${now}; you asked for ${display(o.value)}` : `${now}; below: a plan for ${display(o.value)}`;
  const out: InfoLine[] = [{ text: head, heading: true }, { text: '' }];
  for (const l of display(o.text).replace(/\n+$/, '').split('\n')) out.push({ text: l });
  out.push({ text: '' });
  const plan = o.plan;
  if (plan === null) {
    out.push({ text: 'Plan: working it out…', heading: true });
  } else if (plan.ok && plan.plans.length === 1) {
    const [only] = plan.plans;
    const n = only.changes.length;
    out.push({ text: `Plan: ${n} change${n === 1 ? '' : 's'} set ${name} to ${display(o.value ?? '')} (press p or Enter to apply, u undoes it):`, heading: true });
    out.push(...changeLines(only));
    if (only.overrides.length) out.push({ text: `  it changes what you chose: ${display(only.overrides.join(', '))}` });
  } else if (plan.ok) {
    const k = plan.plans.length;
    out.push({ text: `Plans: ${k} set ${name} to ${display(o.value ?? '')}, best first (press 1${k > 2 ? `-${k}` : ` or ${k}`} to apply one, p or Enter the first; u undoes it)`, heading: true });
    plan.plans.forEach((p, i) => {
      const n = p.changes.length;
      const chosen = p.overrides.length ? `changes what you chose: ${display(p.overrides.join(', '))}` : 'changes nothing you chose';
      out.push({ text: `Plan ${i + 1}: ${n} change${n === 1 ? '' : 's'}; ${chosen}`, heading: true });
      out.push(...changeLines(p));
    });
  } else {
    out.push({ text: `No plan: ${display(plan.reason)}`, heading: true });
    for (const b of plan.blocking) out.push({ text: `  ${display(b.file)}:${b.line}: ${display(b.text)}` });
  }
  return out;
}

function changeLines(p: PlanChoice): InfoLine[] {
  return p.changes.map((c) => ({ text: `  ${display(c.name)}: ${display(c.from)} -> ${c.to === 'default' ? 'default (no user value)' : display(c.to)}` }));
}
