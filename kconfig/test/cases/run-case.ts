/** Runs a case of the language catalog (catalog.mjs) through our conf, in process. */
import { rmSync } from 'node:fs';
import { runConf } from '../../src/cli/conf.js';
import type { CASES } from './catalog.mjs';
import { caseEnv, collectOutputs, materialize } from './harness.mjs';
import { textInput } from '../../src/cli/line-input.js';

export interface CaseResult {
  rc: number;
  stdout: string;
  stderr: string;
  files: Record<string, string | null>;
}

export function runCase(c: (typeof CASES)[number]): CaseResult {
  const dir = materialize(c);
  let stdout = '';
  let stderr = '';
  try {
    const rc = runConf(c.args, {
      out: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      input: textInput(c.stdin ?? ''),
      tty: false,
      env: caseEnv(c),
      cwd: dir,
      progname: 'conf',
    });
    return { rc, stdout, stderr, files: collectOutputs(c, dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
