// The Linux kernel's own Kconfig tests (scripts/kconfig/tests, 17 pytest
// tests) run against our conf through kconfig/test/oracle/run-kernel-tests.sh.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { loadOracle, ORACLE_SCRIPTS, skipOracleRequested } from './oracle.js';
import { parsePytestSummary } from './pytest-summary.js';

const EXPECTED_PASSED = 17;

const oracle = loadOracle();
if (skipOracleRequested()) {
  test.skip('kernel Kconfig self-tests (skipped: UKCONFIG_SKIP_ORACLE=1)', () => {});
} else {
  test(`kernel scripts/kconfig/tests: ${EXPECTED_PASSED} passed with our conf`, async () => {
    if ('problem' in oracle) throw new Error(oracle.problem);
    let output: string;
    let status = 0;
    try {
      const r = await promisify(execFile)('bash', [join(ORACLE_SCRIPTS, 'run-kernel-tests.sh'), oracle.manifest.linux, '-rfE'], {
        maxBuffer: 64 << 20,
        timeout: 300_000,
      });
      output = r.stdout + r.stderr;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; code?: number };
      output = (err.stdout ?? '') + (err.stderr ?? '');
      status = typeof err.code === 'number' ? err.code : -1;
    }
    const counts = parsePytestSummary(output);
    const ok = status === 0 && counts.passed === EXPECTED_PASSED && !counts.failed && !counts.error && !counts.errors;
    if (!ok) {
      const brokenPipe = /BrokenPipeError/.test(output)
        ? '\nNote: BrokenPipeError comes from the tests\' runner, which writes "\\n" to stdin in a busy loop; the tool has to drain' +
          ' stdin from its first ~50 ms (or try UKCONFIG_KERNEL_TESTS_STDIN_BUFFER=1 to confirm that this is the only problem).'
        : '';
      const lines = output.split('\n');
      const failedLines = lines.filter((l) => /^(FAILED|ERROR) /.test(l));
      const assertLines = lines.filter((l) => /^E /.test(l)).slice(0, 30);
      throw new Error(
        `run-kernel-tests.sh exited ${status}, summary ${JSON.stringify(counts)}${brokenPipe}\n` +
          `${failedLines.join('\n')}\n--- assertion lines ---\n${assertLines.join('\n')}\n` +
          `--- last lines of pytest output ---\n${lines.slice(-40).join('\n')}`,
      );
    }
    expect(counts.passed).toBe(EXPECTED_PASSED);
  }, 320_000);
}
