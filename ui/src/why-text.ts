/**
 * The why screen's text: the resolver's explanation of the current value,
 * then its plan for the value the user asked for (or why there is none).
 */
import { display } from './entry-text.js';
import type { Overlay } from './menu-state.js';
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
  } else if (plan.ok) {
    const n = plan.changes.length;
    out.push({ text: `Plan: ${n} change${n === 1 ? '' : 's'} set ${name} to ${display(o.value ?? '')} (press p or Enter to apply, u undoes it):`, heading: true });
    for (const c of plan.changes) {
      out.push({ text: `  ${display(c.name)}: ${display(c.from)} -> ${c.to === 'default' ? 'default (no user value)' : display(c.to)}` });
    }
  } else {
    out.push({ text: `No plan: ${display(plan.reason)}`, heading: true });
    for (const b of plan.blocking) out.push({ text: `  ${display(b.file)}:${b.line}: ${display(b.text)}` });
  }
  return out;
}
