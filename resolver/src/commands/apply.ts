/**
 * `ukconfig apply <defconfig> [fragment ...]`: configure without questions,
 * then report what did not take: for each requested value that did not, a
 * plan (relative to the configuration just written: the changes to add to
 * the fragments); and the resolver's findings on unmet dependencies and
 * choice conflicts.
 *
 * Exit status: 0 every requested value took; 3 some did not (each is
 * listed with what blocked it); 1 the tree or a file could not be read or
 * written; 2 usage error.
 */
import { applyConfigs, formatFailure, type ApplyResult, type Kconfig } from 'kconfig-parser-ts';
import { CommandFailure, TreeLoadError, type Command } from '../../../workspace/src/index.js';
import { choiceConflicts, unmetDependencies, type ResolverDiagnostic } from '../diagnostics.js';
import { plan, type PlanResult } from '../plan.js';
import { formatPlanInline } from '../render.js';
import { userChoices, type UserChoices } from '../user-choices.js';

const APPLY_NOT_TAKEN = 3;

export const command: Command = {
  summary: 'configure from a defconfig and fragments, report values that did not take',
  globals: ['dir', 'kconfig', 'config'],
  options: [],
  operands: { text: '<defconfig> [fragment ...]', min: 1, max: Infinity, complete: 'file' },
  help:
    'Fragments are read after the defconfig, in order (later values win).\n' +
    'Exit status: 0 every requested value took; 3 some did not (each is listed with what\n' +
    'blocked it); 1 the tree or a file cannot be read or written; 2 usage.',
  async run({ operands: [defconfig, ...fragments] }, ws) {
    let kc;
    try {
      // conf prints an unmet-dependency warning each time the symbol is recomputed;
      // the resolver's findings (printed once, with a fix) replace them.
      kc = await ws.load({ messages: 'print-except-unmet' });
    } catch (e) {
      if (e instanceof TreeLoadError) return 1;
      throw e;
    }
    const result = applyConfigs(kc, defconfig, fragments);
    if (result.missing) throw new CommandFailure(`cannot read ${result.missing}`);
    ws.writeConfig(kc);
    const findings = configurationFindings(kc);
    for (const d of findings) process.stderr.write(`warning: ${d.message}${d.fix ? `\n  fix: ${d.fix}` : ''}\n`);
    const plans = plansForFailures(kc, result);
    const prefix = kc.configPrefix;
    if (ws.json) {
      const report = {
        config: ws.configFile,
        requested: result.requests.length,
        failures: result.failures.map((f, i) => ({
          symbol: f.name,
          asked: f.asked,
          got: f.got,
          file: f.request.file,
          line: f.request.line,
          reasons: f.reasons,
          plan: planJson(plans[i]),
        })),
        diagnostics: findings,
      };
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      process.stdout.write(`configuration written to ${ws.configFile}\n`);
      if (result.failures.length) {
        process.stdout.write(`${result.failures.length} of ${result.requests.length} requested values did not take:\n`);
        result.failures.forEach((f, i) => {
          process.stdout.write(formatFailure(f, prefix) + '\n');
          const line = planLine(plans[i], prefix);
          if (line) process.stdout.write(line + '\n');
        });
      }
    }
    return result.failures.length ? APPLY_NOT_TAKEN : 0;
  },
};

/** Per failure, in order: its plan (null when the symbol is not defined). */
function plansForFailures(kc: Kconfig, result: ApplyResult, timeoutMs = 1000): (PlanResult | null)[] {
  // What the user chose is the same for every plan: the configuration just written.
  let choices: UserChoices | undefined;
  return result.failures.map((f) => {
    const s = f.symbol;
    if (!s || !s.isDefined) return null;
    choices ??= userChoices(kc);
    return plan(kc, s, f.asked, { timeoutMs, choices });
  });
}

/** Unmet dependencies and choice conflicts of the configuration as it now stands. */
function configurationFindings(kc: Kconfig): ResolverDiagnostic[] {
  return [...unmetDependencies(kc), ...choiceConflicts(kc)];
}

/** The plan line printed under a failure. */
function planLine(p: PlanResult | null, prefix: string): string | null {
  if (!p) return null;
  if (p.ok) return p.changes.length ? `    plan: set ${formatPlanInline(p.changes).replace(/(^|, )(?=[A-Za-z0-9_])/g, `$1${prefix}`)}` : null;
  return `    no plan: ${p.reason}`;
}

/** A plan as JSON (symbols by name). */
function planJson(p: PlanResult | null): unknown {
  if (!p) return null;
  if (p.ok) return { result: 'plan', changes: p.changes.map((c) => ({ symbol: c.symbol.name, from: c.from, to: c.to })), smallest: p.smallest };
  if ('impossible' in p) return { result: 'impossible', reason: p.reason, blocking: p.blocking };
  return { result: 'too-complex', reason: p.reason };
}
