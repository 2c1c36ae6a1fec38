/**
 * The why screen: the resolver's explanation of an entry's value, its plan
 * for the value wanted, and applying that plan as one undoable change.
 */
import type { KSymbol, MenuNode } from 'kconfig-parser-ts';
import { nameOf, type MenuController } from './controller.js';
import { display } from './entry-text.js';
import { recordOps } from './history.js';
import { topOverlay, type PlanView } from './menu-state.js';
import type { PlanResult, Reasoner } from './reasoning.js';
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
    plan = r.plan(c.session.kc, sym, value, { timeoutMs: PLAN_TIMEOUT_MS });
  } catch (e) {
    return { ok: false, reason: `the resolver failed: ${(e as Error).message}`, blocking: [] };
  }
  if (!plan.ok) return { ok: false, reason: plan.reason, blocking: 'blocking' in plan ? plan.blocking.map((b) => ({ file: b.file, line: b.line, text: b.text })) : [] };
  return {
    ok: true,
    id: c.session.registerPlan(plan),
    changes: plan.changes.map((c) => ({ name: c.symbol.name ?? '<choice>', from: c.from, to: c.to })),
  };
}

/** x: why the selected entry has its value; for bool and tristate also the plan for the other value. */
export function explainSelected(c: MenuController): void {
  const node = c.selectedNode();
  const sym = node?.sym;
  if (!node || !sym) return;
  const logical = sym.typeName === 'bool' || sym.typeName === 'tristate';
  openWhy(c, node, logical ? (sym.triValue === 2 ? 'n' : 'y') : null, false);
}

export function applyPlan(c: MenuController): void {
  const o = topOverlay(c.state);
  if (o?.kind !== 'why' || !o.plan || !o.plan.ok || o.value === null) return;
  const view = o.plan;
  const sym = o.node.sym!;
  const op: Op = { kind: 'plan', id: view.id, name: sym.name ?? '', value: o.value, changes: view.changes };
  if (!c.session.tryApply(op)) {
    c.say('The plan did not give the value asked for: nothing was changed', 'error');
    return;
  }
  c.close();
  recordOps(c.store, `plan for ${nameOf(sym)}=${display(o.value)}`, [op]);
  const n = view.changes.length;
  afterChange(c, `Plan applied: ${n} change${n === 1 ? '' : 's'}; ${nameOf(sym)} is now ${display(sym.strValue)} (u undoes it)`);
}
