/**
 * `ukconfig enable SYMBOL[=value] [--apply[=N]] [--keep SYM,...]` and
 * `ukconfig disable SYMBOL ...`: the best plans (up to three, best first)
 * that give the symbol the value, each checked on the engine and marked
 * with what it changes that the user chose; with --apply the first (or the
 * N-th) is made and the configuration is written.
 *
 * Exit status: 0 a plan (applied with --apply) or nothing to do; 3 the value
 * is impossible (the blocking constraints are listed), out of range, or not
 * a value of the symbol's type; 4 no plan found (too complex within the time
 * limit, or none the engine confirms); 1 unknown symbol, unreadable tree or
 * unwritable configuration; 2 usage.
 */
import type { Kconfig, KSymbol } from 'kconfig-parser-ts';
import { CommandFailure, UsageError, type Command, type CommandArgs, type OptionSpec, type Workspace } from '../../../workspace/src/index.js';
import { EXIT, findSymbol, openConfigured, toJson } from '../command-support.js';
import { applyPlan, MAX_PLANS, pickAlternative, plan, type PlanChange, type PlanResult } from '../plan.js';
import { formatChanges, formatPlan, formatOverrides } from '../render.js';
import type { Override } from '../user-choices.js';

interface Parsed {
  name: string;
  value: string;
  /** The plan to make (1-based), or null. */
  apply: number | null;
  keep: string[];
  timeoutMs: number | undefined;
}

/** The options of enable and disable. */
export const PLAN_OPTIONS: OptionSpec[] = [
  { name: '--apply', value: 'N', optionalValue: true, help: 'make the first plan (or the N-th) and write the configuration' },
  { name: '--keep', value: 'SYM[,SYM...]', help: 'plans must leave these symbols as they are (repeatable)' },
  { name: '--timeout', value: 'MS', help: 'give up planning after MS milliseconds (exit status 4)' },
];

export const PLAN_HELP =
  'Up to three plans, best first, each marked with what it changes of what you chose.\n' +
  'Exit status: 0 a plan (made with --apply) or nothing to do; 3 the value is impossible\n' +
  '(what blocks it is listed), out of range, or not a value of the symbol\'s type; 4 no plan\n' +
  'found (too complex in time, or none the engine confirms); 1 unknown symbol, or the tree\n' +
  'or configuration cannot be read or written; 2 usage.';

function parseArgs(cmd: 'enable' | 'disable', args: CommandArgs): Parsed {
  const applyOpt = args.options.get('--apply');
  let apply: number | null = null;
  if (applyOpt === true) apply = 1;
  else if (applyOpt !== undefined) {
    if (!/^[1-9]\d*$/.test(applyOpt)) throw new UsageError('--apply=N needs the number of a plan (1, 2, ...)');
    apply = Number(applyOpt);
  }
  const timeout = args.options.get('--timeout');
  if (timeout !== undefined && !/^\d+$/.test(String(timeout))) throw new UsageError('--timeout needs a number of milliseconds');
  const timeoutMs = timeout === undefined ? undefined : Number(timeout);
  const keep: string[] = [];
  for (const v of args.allValues.get('--keep') ?? []) {
    if (v.startsWith('-')) throw new UsageError('--keep needs symbol names (--keep A,B or --keep A --keep B)');
    keep.push(...v.split(',').filter(Boolean));
  }
  const [spec] = args.operands;
  const eq = spec.indexOf('=');
  if (cmd === 'disable' && eq >= 0) throw new UsageError('disable takes a symbol without a value');
  const name = eq >= 0 ? spec.slice(0, eq) : spec;
  const value = cmd === 'disable' ? 'n' : eq >= 0 ? unquote(spec.slice(eq + 1)) : 'y';
  if (!name) throw new UsageError();
  return { name, value, apply, keep, timeoutMs };
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

export const command: Command = {
  summary: 'the best plans that give SYMBOL[=value] (default y); --apply makes one',
  globals: ['dir', 'kconfig', 'config'],
  options: PLAN_OPTIONS,
  operands: { text: 'SYMBOL[=value]', min: 1, max: 1, complete: 'none' },
  help: PLAN_HELP,
  run: (args, ws) => planCommand('enable', args, ws),
};

/** enable and disable (commands/disable.ts): plan, and with --apply make the changes. */
export async function planCommand(cmd: 'enable' | 'disable', args: CommandArgs, ws: Workspace): Promise<number> {
  const a = parseArgs(cmd, args);
  const { kc, configRead } = await openConfigured(ws);
  const sym = findSymbol(kc, a.name);
  const keep = keptSymbols(kc, sym, a.keep);
  const p = plan(kc, sym, a.value, { timeoutMs: a.timeoutMs, alternatives: MAX_PLANS, keep });
  let applied: number | null = null;
  if (p.ok && a.apply !== null && p.changes.length) {
    if (a.apply > p.alternatives.length) throw new CommandFailure(`there is no plan ${a.apply}: ${describeCount(p.alternatives.length)} found`);
    if (!applyPlan(kc, pickAlternative(p, a.apply - 1))) throw new CommandFailure(`the plan did not take when applied (please report this)`);
    ws.writeConfig(kc);
    applied = a.apply;
  }
  const status = p.ok ? EXIT.ok : 'impossible' in p ? EXIT.impossible : EXIT.noPlan;
  const out = { cmd, name: sym.name!, value: a.value, keep, applied, wantApply: a.apply !== null };
  if (ws.json) process.stdout.write(toJson(report(out, p, configRead ? ws.configFile : null)));
  else process.stdout.write(describe(out, p, ws.configFile));
  return status;
}

function keptSymbols(kc: Kconfig, target: KSymbol, names: string[]): KSymbol[] {
  const keep = names.map((n) => findSymbol(kc, n));
  if (keep.includes(target)) throw new UsageError(`${target.name} is what the plan changes: it cannot be kept`);
  return [...new Set(keep)];
}

interface Outcome {
  cmd: string;
  name: string;
  value: string;
  keep: KSymbol[];
  /** The plan made (1-based), or null. */
  applied: number | null;
  wantApply: boolean;
}

function changeJson(c: PlanChange) {
  return { symbol: c.symbol.name, prompt: c.symbol.name ? null : c.symbol.nodes[0]?.promptText ?? null, from: c.from, to: c.to };
}

function overrideJson(o: Override) {
  return { kind: o.kind, symbol: o.symbol.name, prompt: o.symbol.name ? null : o.symbol.nodes[0]?.promptText ?? null, from: o.from, to: o.to };
}

function report(o: Outcome, p: PlanResult, config: string | null) {
  const base = { command: o.cmd, symbol: o.name, value: o.value, config, ...(o.keep.length ? { keep: o.keep.map((k) => k.name) } : {}) };
  if (p.ok) {
    return {
      ...base,
      result: p.changes.length ? 'plan' : 'nothing-to-do',
      changes: p.changes.map(changeJson),
      overrides: p.overrides.map(overrideJson),
      smallest: p.smallest,
      applied: o.applied !== null,
      ...(o.applied !== null ? { appliedPlan: o.applied } : {}),
      alternatives: p.alternatives.map((a) => ({ changes: a.changes.map(changeJson), overrides: a.overrides.map(overrideJson), smallest: a.smallest })),
    };
  }
  if ('impossible' in p) return { ...base, result: 'impossible', reason: p.reason, blocking: p.blocking };
  if ('unconfirmed' in p) return { ...base, result: 'no-plan', reason: p.reason };
  return { ...base, result: 'too-complex', reason: p.reason };
}

function describeCount(n: number): string {
  return `${n} plan${n === 1 ? '' : 's'}`;
}

function describe(o: Outcome, p: PlanResult, config: string): string {
  const goal = `${o.name}=${o.value}`;
  if (p.ok) {
    if (!p.changes.length) return `${o.name} is already ${o.value}: nothing to change\n`;
    const plans = p.alternatives;
    let s = '';
    if (plans.length === 1) {
      const n = p.changes.length;
      s += `${goal} needs ${n} change${n > 1 ? 's' : ''}${p.smallest ? '' : ' (minimal; a better plan was not ruled out in time)'}:\n`;
      s += formatChanges(p.changes);
      if (p.overrides.length) s += `it changes what you chose: ${formatOverrides(p.overrides)}\n`;
    } else {
      s += `${goal}: ${describeCount(plans.length)}, best first (those that change less of what you chose come first)\n`;
      plans.forEach((a, i) => {
        const n = a.changes.length;
        const chosen = a.overrides.length ? `changes what you chose: ${formatOverrides(a.overrides)}` : 'changes nothing you chose';
        s += `plan ${i + 1}: ${n} change${n > 1 ? 's' : ''}; ${chosen}\n${formatChanges(a.changes)}`;
      });
    }
    if (o.applied !== null) s += `applied${plans.length > 1 ? ` plan ${o.applied}` : ''}; configuration written to ${config}\n`;
    else if (!o.wantApply) s += plans.length > 1 ? `run again with --apply to make plan 1, or --apply=N to make plan N\n` : 'run again with --apply to make these changes\n';
    return s;
  }
  if ('impossible' in p) return `${goal} is not possible:\n${formatPlan(p)}`;
  return `${goal}: no plan found: ${p.reason}\n`;
}
