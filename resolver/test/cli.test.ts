/** The why, enable, disable and apply commands, run as a user runs them. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './linux-tree.js';
import { writeTree } from './helpers.js';

const BIN = join(REPO, 'bin/ukconfig.js');

const KCONFIG =
  'config BUS\n\tbool "bus"\nconfig A\n\tbool "a"\n\tdepends on BUS\nconfig ARMONLY\n\tbool "arm only"\n\tdepends on ARM\nconfig N\n\tint "n"\n\tdefault 3\nconfig S\n\tbool "s"\n\tselect SEL\nconfig SEL\n\tbool "sel"\n';

function ukconfig(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--stack-size=7800', BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, UKCONFIG_CACHE: '0' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function app(config = ''): string {
  const dir = writeTree({ Kconfig: KCONFIG });
  writeFileSync(join(dir, '.config'), config);
  return dir;
}

describe('ukconfig why', () => {
  it('explains a symbol, as text and as JSON', () => {
    const dir = app();
    const t = ukconfig(dir, 'why', 'A');
    expect(t.status).toBe(0);
    expect(t.out).toContain('A = n  [bool]');
    expect(t.out).toContain('unmet: BUS [=n]');
    const j = ukconfig(dir, 'why', '--json', 'CONFIG_A');
    expect(j.status).toBe(0);
    const e = JSON.parse(j.out);
    expect(e).toMatchObject({ name: 'A', value: 'n', changeable: false, config: '.config' });
    expect(e.dependsOn.unmet).toEqual([{ expr: 'BUS [=n]', value: 'n' }]);
  });

  it('an unknown symbol is an error; a missing argument a usage error', () => {
    const dir = app();
    const r = ukconfig(dir, 'why', 'NOPE');
    expect(r.status).toBe(1);
    expect(r.err).toBe('ukconfig why: NOPE is not a symbol of this tree\n');
    expect(ukconfig(dir, 'why').status).toBe(2);
  });
});

describe('ukconfig enable / disable', () => {
  it('prints the plan without changing anything, applies it with --apply', () => {
    const dir = app('# CONFIG_BUS is not set\n');
    const before = readFileSync(join(dir, '.config'), 'utf8');
    const p = ukconfig(dir, 'enable', 'A');
    expect(p.status).toBe(0);
    expect(p.out).toBe('A=y needs 2 changes:\n  BUS: n -> y\n  A: n -> y\nrun again with --apply to make these changes\n');
    expect(readFileSync(join(dir, '.config'), 'utf8')).toBe(before);
    const a = ukconfig(dir, 'enable', 'A', '--apply');
    expect(a.status).toBe(0);
    expect(a.out).toContain('applied; configuration written to .config');
    const config = readFileSync(join(dir, '.config'), 'utf8');
    expect(config).toContain('CONFIG_BUS=y\n');
    expect(config).toContain('CONFIG_A=y\n');
    expect(existsSync(join(dir, '.config.old'))).toBe(true);
    expect(ukconfig(dir, 'enable', 'A').out).toBe('A is already y: nothing to change\n');
  });

  it('JSON for a plan, for an impossible value and for a symbol turned off through its selector', () => {
    const dir = app('CONFIG_S=y\n');
    const plan = JSON.parse(ukconfig(dir, 'enable', '--json', 'A=y').out);
    expect(plan).toEqual({
      command: 'enable',
      symbol: 'A',
      value: 'y',
      config: '.config',
      result: 'plan',
      changes: [
        { symbol: 'BUS', prompt: null, from: 'n', to: 'y' },
        { symbol: 'A', prompt: null, from: 'n', to: 'y' },
      ],
      smallest: true,
      applied: false,
    });
    const imp = ukconfig(dir, 'enable', '--json', 'ARMONLY');
    expect(imp.status).toBe(3);
    expect(JSON.parse(imp.out)).toMatchObject({
      result: 'impossible',
      blocking: [{ file: 'Kconfig', line: 6, text: 'depends on ARM (ARM is not defined in this tree)' }],
    });
    const off = ukconfig(dir, 'disable', 'SEL');
    expect(off.status).toBe(0);
    expect(off.out).toBe('SEL=n needs 1 change:\n  S: y -> n\nrun again with --apply to make these changes\n');
  });

  it('bad input: unknown symbol, value of the wrong type, usage', () => {
    const dir = app();
    const unknown = ukconfig(dir, 'enable', 'NOPE');
    expect([unknown.status, unknown.err]).toEqual([1, 'ukconfig enable: NOPE is not a symbol of this tree\n']);
    const wrong = ukconfig(dir, 'enable', 'A=m');
    expect([wrong.status, wrong.err]).toEqual([1, 'ukconfig enable: A is a bool: m is not a possible value\n']);
    const text = ukconfig(dir, 'enable', 'N=abc');
    expect([text.status, text.err]).toEqual([1, "ukconfig enable: 'abc' is not a valid integer value for N\n"]);
    expect(ukconfig(dir, 'disable', 'A=n').status).toBe(2);
    expect(ukconfig(dir, 'enable').status).toBe(2);
    expect(ukconfig(dir, 'enable', 'A', '--bogus').status).toBe(2);
    const imp = ukconfig(dir, 'enable', 'ARMONLY');
    expect(imp.status).toBe(3);
    expect(imp.out).toBe('ARMONLY=y is not possible:\n  impossible: ARMONLY can never be y here: it can be at most n\n    Kconfig:6: depends on ARM (ARM is not defined in this tree)\n');
  });

  it('honours --kconfig and --config', () => {
    const dir = app();
    writeFileSync(join(dir, 'other.config'), 'CONFIG_BUS=y\n');
    const r = ukconfig(dir, 'enable', '--kconfig', join(dir, 'Kconfig'), '--config', 'other.config', 'A');
    expect(r.out).toBe('A=y needs 1 change:\n  A: n -> y\nrun again with --apply to make these changes\n');
  });
});

describe('ukconfig apply', () => {
  it('offers a plan under each value that did not take (exit 3)', () => {
    const dir = app();
    writeFileSync(join(dir, 'defconfig'), 'CONFIG_A=y\n');
    const r = ukconfig(dir, 'apply', 'defconfig');
    expect(r.status).toBe(3);
    expect(r.out).toContain('defconfig:1: CONFIG_A=y did not take (got n)\n');
    expect(r.out).toContain('    plan: set CONFIG_BUS=y\n');
    const j = ukconfig(dir, 'apply', '--json', 'defconfig');
    expect(j.status).toBe(3);
    expect(JSON.parse(j.out).failures[0].plan).toEqual({ result: 'plan', changes: [{ symbol: 'BUS', from: 'n', to: 'y' }], smallest: true });
  });

  it('says what a select forces past unmet dependencies, with the fix', () => {
    const dir = writeTree({ Kconfig: 'config S\n\tbool "s"\n\tselect A\nconfig A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n' });
    writeFileSync(join(dir, 'defconfig'), 'CONFIG_S=y\n');
    const r = ukconfig(dir, 'apply', 'defconfig');
    expect(r.status).toBe(0);
    expect(r.err).toBe(
      'warning: A is y because S [=y] selects it, but its dependencies are not met: B [=n]\n  fix: enable B (ukconfig enable B), or stop selecting it: disable S (ukconfig disable A plans that)\n',
    );
  });
});
