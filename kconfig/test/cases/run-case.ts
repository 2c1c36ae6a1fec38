/** Runs a case of the language catalog (catalog.mjs) through our conf, in process. */
import { rmSync } from 'node:fs';
import { runConf } from '../../src/cli/conf.js';
import type { CASES } from './catalog.mjs';
import { caseEnv, collectOutputs, materialize } from './harness.mjs';

export interface CaseResult {
  rc: number;
  stdout: string;
  stderr: string;
  files: Record<string, string | null>;
}

/** Standard input from a string, line by line, like fgets. */
function stringInput(text: string) {
  let pos = 0;
  return {
    readLine(max: number): string | null {
      if (pos >= text.length) return null;
      const nl = text.indexOf('\n', pos);
      const end = Math.min(nl < 0 ? text.length : nl + 1, pos + max);
      const line = text.slice(pos, end);
      pos = end;
      return line;
    },
  };
}

export function runCase(c: (typeof CASES)[number]): CaseResult {
  const dir = materialize(c);
  let stdout = '';
  let stderr = '';
  try {
    const rc = runConf(c.args, {
      out: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      input: stringInput(c.stdin ?? ''),
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
