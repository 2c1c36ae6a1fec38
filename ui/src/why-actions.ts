/**
 * The why screen: the resolver's explanation of an entry's value, its plan
 * for the value wanted, and applying that plan as one undoable change.
 */
import type { KSymbol, MenuNode } from 'kconfig-parser-ts';
import { nameOf, type MenuController } from './controller.js';
import { display } from './entry-text.js';
import { recordOps } from './history.js';
import { topOverlay, type PlanView } from './menu-state.js';
import { describeOverride, MAX_PLANS, type PlanResult, type Reasoner } from './reasoning.js';
import type { Op } from './session.js';
import { symbolInfo } from './symbol-info.js';
import { afterChange } from './value-actions.js';

/** How long the resolver may search for a plan before it reports "too complex". */
const PLAN_TIMEOUT_MS = 3000;

/**
 * Shows why the entry has its value and, when `value` is given, the
 * resolver's plan for it (computed once the screen is up). `asked`: the
 * user tried to set `value` and the engine refused.
 */
export function openWhy(c: MenuController, node: MenuNode, value: string | null, asked = true): void {
  const sym = node.sym;
  if (!sym) return;
  const r = c.reasoner;
  let text: string;
  try {
    text = r
      ? r.explain(c.session.kc, sym).text
      : [`The resolver is not available (${c.state.resolverProblem ?? 'not loaded'}): no explanation or plan.`, '', ...symbolInfo(node).map((l) => l.text)].join('\n');
  } catch (e) {
    text = `The resolver failed to explain ${nameOf(sym)}: ${(e as Error).message}`;
  }
  const plan: PlanView | null = !r ? { ok: false, reason: 'the resolver is not available', blocking: [] } : value === null ? { ok: false, reason: 'x explains text and number values; set one with Enter', blocking: [] } : null;
  c.pushOverlay({ kind: 'why', node, value, asked: asked && value !== null, scroll: 0, text, plan });
  if (!r || value === null) return;
  setImmediate(() => {
    const o = topOverlay(c.state);
    if (o?.kind !== 'why' || o.node !== node) return;
    const view = planView(c, r, sym, value);
    c.edit('why', (d) => {
      d.plan = view;
    });
  });
}

function planView(c: MenuController, r: Reasoner, sym: KSymbol, value: string): PlanView {
  let plan: PlanResult;
  try {
    const choices = r.userChoices(c.session.kc, sessionSymbols(c));
    plan = r.plan(c.session.kc, sym, value, { timeoutMs: PLAN_TIMEOUT_MS, alternatives: MAX_PLANS, choices });
  } catch (e) {
    return { ok: false, reason: `the resolver failed: ${(e as Error).message}`, blocking: [] };
  }
  if (!plan.ok) return { ok: false, reason: plan.reason, blocking: 'blocking' in plan ? plan.blocking.map((b) => ({ file: b.file, line: b.line, text: b.text })) : [] };
  const ready = plan;
  if (ready.alternatives.length === 0) return { ok: false, reason: `${nameOf(sym)} is already ${display(value)}: nothing to change`, blocking: [] };
  return {
    ok: true,
    plans: ready.alternatives.map((a, i) => ({
      id: c.session.registerPlan(r.pickAlternative(ready, i)),
      changes: a.changes.map((ch) => ({ name: ch.symbol.name ?? '<choice>', from: ch.from, to: ch.to })),
      overrides: a.overrides.map(describeOverride),
    })),
  };
}

/** The symbols the user set in this session (what plans should keep, besides the configuration's own choices). */
function sessionSymbols(c: MenuController): KSymbol[] {
  const names = new Set<string>();
  for (const op of c.state.ops) {
    if (op.kind === 'set') names.add(op.name);
    else for (const ch of op.changes) names.add(ch.name);
  }
  return [...names].map((n) => c.session.kc.symbol(n)).filter((s): s is KSymbol => s !== null);
}

/** x: why the selected entry has its value; for bool and tristate also the plan for the other value. */
export function explainSelected(c: MenuController): void {
  const node = c.selectedNode();
  const sym = node?.sym;
  if (!node || !sym) return;
  const logical = sym.typeName === 'bool' || sym.typeName === 'tristate';
  openWhy(c, node, logical ? (sym.triValue === 2 ? 'n' : 'y') : null, false);
}

/** Applies plan `index` (0: the best) of the why screen as one undoable change. */
export function applyPlan(c: MenuController, index = 0): void {
  const o = topOverlay(c.state);
  if (o?.kind !== 'why' || !o.plan || !o.plan.ok || o.value === null) return;
  const chosen = o.plan.plans[index];
  if (!chosen) return;
  const sym = o.node.sym!;
  const op: Op = { kind: 'plan', id: chosen.id, name: sym.name ?? '', value: o.value, changes: chosen.changes };
  if (!c.session.tryApply(op)) {
    c.say('The plan did not give the value asked for: nothing was changed', 'error');
    return;
  }
  c.close();
  const which = o.plan.plans.length > 1 ? ` (plan ${index + 1})` : '';
  recordOps(c.store, `plan for ${nameOf(sym)}=${display(o.value)}${which}`, [op]);
  const n = chosen.changes.length;
  afterChange(c, `Plan${which ? ` ${index + 1}` : ''} applied: ${n} change${n === 1 ? '' : 's'}; ${nameOf(sym)} is now ${display(sym.strValue)} (u undoes it)`);
}
