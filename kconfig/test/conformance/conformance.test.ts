// Differential conformance: every case runs the real Linux 6.1 conf and ours
// (UKCONFIG_CONF_CMD, default `node bin/ukconfig.js conf`) from identical
// directories with identical environments and probes replayed from the same
// cache, then compares exit status, stdout, stderr and all files byte for byte.
//
// Needs the oracle from kconfig/test/oracle/setup.sh. Knobs: UKCONFIG_ORACLE_DIR,
// UKCONFIG_CONF_CMD, UKCONFIG_JOBS, UKCONFIG_RANDCONFIG_SEEDS (default 50),
// UKCONFIG_CONF_TIMEOUT_MS, UKCONFIG_ARTIFACTS_DIR, UKCONFIG_SKIP_ORACLE=1.
import { afterAll, describe, test } from 'vitest';
import { buildCatalog } from './case-catalog.js';
import { caseCommandLine } from './conf-case.js';
import { CaseRunner, type CaseReport } from './case-runner.js';
import { loadOracle, skipOracleRequested } from './oracle.js';
import { defaultJobs, Slots } from './process-slots.js';

const CASE_TIMEOUT_MS = 600_000;
const oracle = loadOracle();

if (skipOracleRequested()) {
  test.skip('conformance against Linux 6.1 conf (skipped: UKCONFIG_SKIP_ORACLE=1)', () => {});
} else if ('problem' in oracle) {
  test('conformance against Linux 6.1 conf: oracle available', () => {
    throw new Error(oracle.problem);
  });
} else {
  const seeds = Number(process.env.UKCONFIG_RANDCONFIG_SEEDS) || 50;
  const cases = buildCatalog(oracle.manifest, { seeds });
  const runner = new CaseRunner(oracle.manifest, new Slots(defaultJobs()), cases);
  const reports: CaseReport[] = [];

  afterAll(() => {
    const kept = runner.finish();
    const failed = reports.filter((r) => r.problems.length > 0);
    const sum = (f: (r: CaseReport) => number) => (reports.reduce((t, r) => t + f(r), 0) / 1000).toFixed(1);
    console.log(
      `kconfig conformance: ${reports.length - failed.length}/${reports.length} cases identical to conf` +
        ` (conf ${sum((r) => r.confMs)} s, ours ${sum((r) => r.oursMs)} s of tool wall time; ours = ${runner.oursCommandLine()})` +
        (kept ? `\nartifacts of failing cases kept in ${runner.root}` : ''),
    );
  });

  describe.concurrent(`kconfig conformance vs Linux ${oracle.manifest.kernelversion} conf`, () => {
    for (const c of cases) {
      test(
        c.id,
        async () => {
          const report = await runner.compare(c);
          reports.push(report);
          if (report.problems.length === 0) return;
          throw new Error(
            [
              `${c.id}: ours differs from the real conf`,
              `  case:      ${caseCommandLine(c)}${c.base ? `  (starting from the result of ${c.base.id})` : ''}`,
              `  ours:      ${runner.oursCommandLine()}`,
              `  artifacts: ${report.artifacts}  (input/, conf/, ours/, repro.sh)`,
              ...report.problems.map((p) => `  - ${p}`),
            ].join('\n'),
          );
        },
        CASE_TIMEOUT_MS,
      );
    }
  });
}
