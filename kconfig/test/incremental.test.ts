/**
 * Incremental recomputation (front ends, resolver) must give exactly the
 * values a full recomputation gives, after any sequence of user changes.
 */
import { describe, expect, it } from 'vitest';
import { loadKconfig, type Kconfig } from '../src/index.js';
import { CASES } from './cases/catalog.mjs';
import { materialize } from './cases/harness.mjs';
import { loadOracle, kernelEnv, skipOracleRequested } from './conformance/oracle.js';
import { RecordedShell } from '../src/shell.js';
import { readFileSync } from 'node:fs';

// Trees that load: the recorded conf run succeeded on them.
const recorded: Record<string, { rc: number }> = JSON.parse(
  readFileSync(new URL('./cases/expected.json', import.meta.url), 'utf8'),
);

const silent = { stdout: () => {}, stderr: () => {} };

/** Everything a front end reads: value, visibility, write flag, user value. */
function snapshot(kc: Kconfig): string[] {
  return kc.allSymbols().map((s) => {
    s.calcValue();
    return `${s.name}=${s.stringValue()} v${s.visible} w${s.flags & 0x200} u${s.userValue}`;
  });
}

/** Applies the same random changes to two trees, one incremental; compares after each. */
function compareRandomChanges(make: (incremental: boolean) => Kconfig, steps: number, seed: number): number {
  const full = make(false);
  const inc = make(true);
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
  const names = full.definedSymbols().map((s) => s.name!);
  let applied = 0;
  for (let i = 0; i < steps && names.length; i++) {
    const name = names[rnd(names.length)];
    const a = full.symbol(name)!;
    const b = inc.symbol(name)!;
    let value: string;
    if (a.isLogical()) value = 'nmy'[rnd(3)];
    else if (a.typeName === 'integer') value = String(rnd(20));
    else if (a.typeName === 'hex') value = '0x' + rnd(256).toString(16);
    else value = 'v' + rnd(3);
    const unset = rnd(8) === 0;
    if (unset) {
      a.unsetValue();
      b.unsetValue();
    } else {
      expect(b.setValue(value)).toBe(a.setValue(value));
    }
    applied++;
    expect(snapshot(inc)).toEqual(snapshot(full));
  }
  return applied;
}

describe('incremental recomputation', () => {
  for (const c of CASES.filter((c) => c.files.Kconfig && recorded[c.name]?.rc === 0)) {
    it(`matches full recomputation: ${c.name}`, () => {
      // Each tree is parsed in its own copy of the case: a tree's commands may change its folder
      // (macro/repeated-references counts its $(shell) runs in a file).
      const make = (incremental: boolean) =>
        loadKconfig('Kconfig', { cwd: materialize(c), env: { PATH: process.env.PATH, ...(c.env ?? {}) }, output: silent, incremental });
      compareRandomChanges(make, 30, c.name.length * 7919);
    });
  }

  it('matches full recomputation on the Linux 6.1 x86_64 tree', () => {
    const oracle = loadOracle();
    if ('problem' in oracle) {
      if (skipOracleRequested()) return;
      throw new Error(oracle.problem);
    }
    const m = oracle.manifest;
    const env = { ...kernelEnv(m, 'x86_64') };
    const make = (incremental: boolean) => {
      const kc = loadKconfig('Kconfig', {
        cwd: m.linux,
        env,
        output: silent,
        incremental,
        shell: new RecordedShell(m.probes.x86_64, env as NodeJS.ProcessEnv, m.linux),
      });
      kc.readConfig('arch/x86/configs/x86_64_defconfig');
      return kc;
    };
    expect(compareRandomChanges(make, 150, 12345)).toBe(150);
  }, 300_000);
});
