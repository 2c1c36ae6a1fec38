/**
 * `ukconfig apply <defconfig> [fragment ...]`: configure without questions.
 *
 * Exit status: 0 every requested value took; 3 some did not (each is
 * listed with what blocked it); 1 the tree or a file could not be read or
 * written; 2 usage error.
 */
import { applyConfigs, formatFailure, KconfigFatal } from 'kconfig-parser-ts';
import { configurationFindings, planJson, planLine, plansForFailures } from '../resolver/src/cli/apply-findings.js';
import { UsageError, type GlobalOptions } from './globals.js';
import { chooseTree, openTree } from './tree.js';

export const APPLY_NOT_TAKEN = 3;

export async function applyCommand(args: string[], globals: GlobalOptions): Promise<number> {
  if (args.length === 0 || args.some((a) => a.startsWith('-'))) {
    throw new UsageError('usage: ukconfig apply [--kconfig FILE] [--config FILE] [--json] <defconfig> [fragment ...]');
  }
  const [defconfig, ...fragments] = args;
  // conf prints an unmet-dependency warning each time the symbol is recomputed;
  // the resolver's findings (printed once, with a fix) replace them.
  const output = {
    stdout: (t: string) => process.stdout.write(t),
    stderr: (t: string) => {
      if (!t.startsWith('\nWARNING: unmet direct dependencies')) process.stderr.write(t);
    },
  };
  let kc;
  try {
    kc = await openTree(chooseTree(globals), output);
  } catch (e) {
    // Already printed by the engine (through `output`).
    if (e instanceof KconfigFatal) return 1;
    throw e;
  }
  const result = applyConfigs(kc, defconfig, fragments);
  if (result.missing) {
    process.stderr.write(`ukconfig apply: cannot read ${result.missing}\n`);
    return 1;
  }
  if (!kc.writeConfig(globals.config)) {
    process.stderr.write(`ukconfig apply: cannot write ${globals.config}\n`);
    return 1;
  }
  const findings = configurationFindings(kc);
  for (const d of findings) process.stderr.write(`warning: ${d.message}${d.fix ? `\n  fix: ${d.fix}` : ''}\n`);
  const plans = plansForFailures(kc, result);
  const prefix = kc.configPrefix;
  if (globals.json) {
    const report = {
      config: globals.config,
      requested: result.requests.length,
      failures: result.failures.map((f, i) => ({
        symbol: f.name,
        asked: f.asked,
        got: f.got,
        file: f.request.file,
        line: f.request.line,
        reasons: f.reasons,
        plan: planJson(plans[i].plan),
      })),
      diagnostics: findings,
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    process.stdout.write(`configuration written to ${globals.config}\n`);
    if (result.failures.length) {
      process.stdout.write(`${result.failures.length} of ${result.requests.length} requested values did not take:\n`);
      result.failures.forEach((f, i) => {
        process.stdout.write(formatFailure(f, prefix) + '\n');
        const line = planLine(plans[i].plan, prefix);
        if (line) process.stdout.write(line + '\n');
      });
    }
  }
  return result.failures.length ? APPLY_NOT_TAKEN : 0;
}
