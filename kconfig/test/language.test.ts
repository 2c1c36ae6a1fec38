/**
 * Every language feature and diagnostic on a small tree of its own, compared
 * byte for byte with what the real Linux 6.1 conf printed and wrote for it
 * (cases/expected.json, recorded by cases/record.mjs).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASES } from './cases/catalog.mjs';
import { runCase } from './cases/run-case.js';

interface Recorded {
  rc: number;
  stdout: string;
  stderr: string;
  files: Record<string, string | null>;
}

const here = dirname(fileURLToPath(import.meta.url));
const expected: Record<string, Recorded> = JSON.parse(readFileSync(join(here, 'cases/expected.json'), 'utf8'));

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
