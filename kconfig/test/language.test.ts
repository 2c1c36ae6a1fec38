/**
 * Every language feature and diagnostic on a small tree of its own, compared
 * byte for byte with what the real Linux 6.1 conf printed and wrote for it
 * (cases/expected.json, recorded by cases/record.mjs).
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runConf } from '../src/cli/conf.js';
import { CASES } from './cases/catalog.mjs';
import { caseEnv, collectOutputs, materialize } from './cases/harness.mjs';

interface Recorded {
  rc: number;
  stdout: string;
  stderr: string;
  files: Record<string, string | null>;
}

const here = dirname(fileURLToPath(import.meta.url));
const expected: Record<string, Recorded> = JSON.parse(readFileSync(join(here, 'cases/expected.json'), 'utf8'));

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

export function runCase(c: (typeof CASES)[number]): Recorded {
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

describe('Kconfig language, against Linux 6.1 conf', () => {
  it('has a recording for every case', () => {
    expect(CASES.map((c) => c.name).filter((n) => !(n in expected))).toEqual([]);
  });
  for (const c of CASES) {
    it(c.name, () => {
      const want = expected[c.name];
      const got = runCase(c);
      expect(got.stderr).toBe(want.stderr);
      expect(got.stdout).toBe(want.stdout);
      expect(got.files).toEqual(want.files);
      expect(got.rc).toBe(want.rc);
    });
  }
});
