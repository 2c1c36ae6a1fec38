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
import type { GlobalOptions } from '../../../cli/globals.js';
import { UsageError } from '../../../cli/globals.js';
import { parseGoal } from '../goal.js';
import { applyPlan, plan, type PlanResult } from '../plan.js';
import { formatPlan } from '../render.js';
import { CommandError, EXIT, findSymbol, openConfigured, toJson } from './common.js';

interface Parsed {
  name: string;
  value: string;
  apply: boolean;
  timeoutMs: number | undefined;
}

function parseArgs(cmd: 'enable' | 'disable', args: string[]): Parsed {
  const usage =
    cmd === 'enable'
      ? 'usage: ukconfig enable [--kconfig FILE] [--config FILE] [--json] [--apply] [--timeout MS] SYMBOL[=value]'
      : 'usage: ukconfig disable [--kconfig FILE] [--config FILE] [--json] [--apply] [--timeout MS] SYMBOL';
  let apply = false;
  let timeoutMs: number | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--apply') apply = true;
    else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!v || !/^\d+$/.test(v)) throw new UsageError(`--timeout needs a number of milliseconds\n${usage}`);
      timeoutMs = Number(v);
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${usage}`);
    else rest.push(a);
  }
  if (rest.length !== 1) throw new UsageError(usage);
  const [spec] = rest;
  const eq = spec.indexOf('=');
  if (cmd === 'disable' && eq >= 0) throw new UsageError(`disable takes a symbol without a value\n${usage}`);
  const name = eq >= 0 ? spec.slice(0, eq) : spec;
  const value = cmd === 'disable' ? 'n' : eq >= 0 ? unquote(spec.slice(eq + 1)) : 'y';
  if (!name) throw new UsageError(usage);
  return { name, value, apply, timeoutMs };
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

export function enableCommand(args: string[], globals: GlobalOptions): Promise<number> {
  return run('enable', args, globals);
}

export function disableCommand(args: string[], globals: GlobalOptions): Promise<number> {
  return run('disable', args, globals);
}

async function run(cmd: 'enable' | 'disable', args: string[], globals: GlobalOptions): Promise<number> {
  const a = parseArgs(cmd, args);
  try {
    const { kc, configRead } = await openConfigured(globals);
    const sym = findSymbol(kc, a.name);
    const goal = parseGoal(sym, a.value);
    if ('error' in goal) throw new CommandError(goal.error);
    const p = plan(kc, sym, a.value, { timeoutMs: a.timeoutMs });
    let applied = false;
    if (p.ok && a.apply && p.changes.length) {
      if (!applyPlan(kc, p)) throw new CommandError(`the plan did not take when applied (please report this)`);
      if (!kc.writeConfig(globals.config)) throw new CommandError(`cannot write ${globals.config}`);
      applied = true;
    }
    const status = p.ok ? EXIT.ok : 'impossible' in p ? EXIT.impossible : EXIT.tooComplex;
    if (globals.json) process.stdout.write(toJson(report(cmd, sym.name!, a.value, p, applied, configRead ? globals.config : null)));
    else process.stdout.write(describe(sym.name!, a.value, p, a.apply, applied, globals.config));
    return status;
  } catch (err) {
    if (err instanceof CommandError) {
      process.stderr.write(`ukconfig ${cmd}: ${err.message}\n`);
      return err.status;
    }
    throw err;
  }
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
