/**
 * `ukconfig enable SYMBOL[=value] [--apply]` and `ukconfig disable SYMBOL
 * [--apply]`: the fewest changes that give the symbol the value, checked on
 * the engine; with --apply they are made and the configuration is written.
 *
 * Exit status: 0 a plan (applied with --apply) or nothing to do; 3 the value
 * is impossible (the blocking constraints are listed); 4 too complex to plan
 * within the time limit; 1 bad input (unknown symbol, value of the wrong
 * type), unreadable tree or unwritable configuration; 2 usage.
 */
import { CommandFailure, UsageError, type Command, type CommandArgs, type OptionSpec, type Workspace } from '../../../workspace/src/index.js';
import { EXIT, findSymbol, openConfigured, toJson } from '../command-support.js';
import { parseGoal } from '../goal.js';
import { applyPlan, plan, type PlanResult } from '../plan.js';
import { formatPlan } from '../render.js';

interface Parsed {
  name: string;
  value: string;
  apply: boolean;
  timeoutMs: number | undefined;
}

/** The options of enable and disable. */
export const PLAN_OPTIONS: OptionSpec[] = [
  { name: '--apply', help: 'make the changes and write the configuration' },
  { name: '--timeout', value: 'MS', help: 'give up planning after MS milliseconds (exit status 4)' },
];

export const PLAN_HELP =
  'Exit status: 0 a plan (made with --apply) or nothing to do; 3 the value is impossible\n' +
  '(what blocks it is listed); 4 too complex to plan in time; 1 bad input, or the tree or\n' +
  'configuration cannot be read or written; 2 usage.';

function parseArgs(cmd: 'enable' | 'disable', args: CommandArgs): Parsed {
  const apply = args.options.has('--apply');
  const timeout = args.options.get('--timeout');
  if (timeout !== undefined && !/^\d+$/.test(String(timeout))) throw new UsageError('--timeout needs a number of milliseconds');
  const timeoutMs = timeout === undefined ? undefined : Number(timeout);
  const [spec] = args.operands;
  const eq = spec.indexOf('=');
  if (cmd === 'disable' && eq >= 0) throw new UsageError('disable takes a symbol without a value');
  const name = eq >= 0 ? spec.slice(0, eq) : spec;
  const value = cmd === 'disable' ? 'n' : eq >= 0 ? unquote(spec.slice(eq + 1)) : 'y';
  if (!name) throw new UsageError();
  return { name, value, apply, timeoutMs };
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

export const command: Command = {
  summary: 'the fewest changes that give SYMBOL[=value] (default y); --apply makes them',
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
  const goal = parseGoal(sym, a.value);
  if ('error' in goal) throw new CommandFailure(goal.error);
  const p = plan(kc, sym, a.value, { timeoutMs: a.timeoutMs });
  let applied = false;
  if (p.ok && a.apply && p.changes.length) {
    if (!applyPlan(kc, p)) throw new CommandFailure(`the plan did not take when applied (please report this)`);
    ws.writeConfig(kc);
    applied = true;
  }
  const status = p.ok ? EXIT.ok : 'impossible' in p ? EXIT.impossible : EXIT.tooComplex;
  if (ws.json) process.stdout.write(toJson(report(cmd, sym.name!, a.value, p, applied, configRead ? ws.configFile : null)));
  else process.stdout.write(describe(sym.name!, a.value, p, a.apply, applied, ws.configFile));
  return status;
}

function report(cmd: string, name: string, value: string, p: PlanResult, applied: boolean, config: string | null) {
  const base = { command: cmd, symbol: name, value, config };
  if (p.ok) {
    return {
      ...base,
      result: p.changes.length ? 'plan' : 'nothing-to-do',
      changes: p.changes.map((c) => ({ symbol: c.symbol.name, prompt: c.symbol.name ? null : c.symbol.nodes[0]?.promptText ?? null, from: c.from, to: c.to })),
      smallest: p.smallest,
      applied,
    };
  }
  if ('impossible' in p) return { ...base, result: 'impossible', reason: p.reason, blocking: p.blocking };
  return { ...base, result: 'too-complex', reason: p.reason };
}

function describe(name: string, value: string, p: PlanResult, wantApply: boolean, applied: boolean, config: string): string {
  if (p.ok) {
    if (!p.changes.length) return `${name} is already ${value}: nothing to change\n`;
    const n = p.changes.length;
    let s = `${name}=${value} needs ${n} change${n > 1 ? 's' : ''}${p.smallest ? '' : ' (minimal; a smaller plan was not ruled out in time)'}:\n`;
    s += formatPlan(p);
    if (applied) s += `applied; configuration written to ${config}\n`;
    else if (!wantApply) s += 'run again with --apply to make these changes\n';
    return s;
  }
  if ('impossible' in p) return `${name}=${value} is not possible:\n${formatPlan(p)}`;
  return `${name}=${value}: no plan: ${p.reason}\n`;
}
