/** The why, enable, disable and apply commands, run as a user runs them. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
      overrides: [],
      smallest: true,
      applied: false,
      alternatives: [
        {
          changes: [
            { symbol: 'BUS', prompt: null, from: 'n', to: 'y' },
            { symbol: 'A', prompt: null, from: 'n', to: 'y' },
          ],
          overrides: [],
          smallest: true,
        },
      ],
    });
    const imp = ukconfig(dir, 'enable', '--json', 'ARMONLY');
    expect(imp.status).toBe(3);
    expect(JSON.parse(imp.out)).toMatchObject({
      result: 'impossible',
      blocking: [{ file: 'Kconfig', line: 6, text: 'depends on ARM (ARM is not defined in this tree)' }],
    });
    const off = ukconfig(dir, 'disable', 'SEL');
    expect(off.status).toBe(0);
    // S=y is the user's: the only plan changes it, and says so.
    expect(off.out).toBe('SEL=n needs 1 change:\n  S: y -> n\nit changes what you chose: S (y -> n)\nrun again with --apply to make these changes\n');
  });

  it('bad input: unknown symbol, usage; a value of the wrong type is not possible (status 3)', () => {
    const dir = app();
    const unknown = ukconfig(dir, 'enable', 'NOPE');
    expect([unknown.status, unknown.err]).toEqual([1, 'ukconfig enable: NOPE is not a symbol of this tree\n']);
    const wrong = ukconfig(dir, 'enable', 'A=m');
    expect([wrong.status, wrong.out, wrong.err]).toEqual([3, 'A=m is not possible:\n  impossible: A is a bool: m is not a possible value\n', '']);
    const text = ukconfig(dir, 'enable', 'N=abc');
    expect([text.status, text.out]).toEqual([3, "N=abc is not possible:\n  impossible: 'abc' is not a valid integer value for N: an integer is written in decimal, e.g. 3 or -1\n"]);
    expect(JSON.parse(ukconfig(dir, 'enable', '--json', 'N=0x10').out)).toMatchObject({ result: 'impossible', reason: expect.stringContaining("'0x10' is not a valid integer") });
    expect(ukconfig(dir, 'enable', 'A', '--keep', 'A').status).toBe(2);
    expect(ukconfig(dir, 'enable', 'A', '--keep').status).toBe(2);
    expect(ukconfig(dir, 'enable', 'A', '--keep', 'NOPE').status).toBe(1);
    expect(ukconfig(dir, 'enable', 'A', '--apply=0').status).toBe(2);
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

/** A copy of examples/helloworld configured from one of its defconfigs. */
function helloworld(defconfig: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'resolver-hello-'));
  cpSync(join(REPO, 'examples/helloworld'), dir, { recursive: true });
  const r = ukconfig(dir, 'apply', `defconfigs/${defconfig}`);
  if (r.status !== 0) throw new Error(`apply ${defconfig}: ${r.out}${r.err}`);
  return dir;
}

describe('plans users accept (helloworld on kvm-x86_64)', () => {
  it('disable LIBNS16550 turns off the platform before it changes the architecture, and says what each plan changes of what was chosen', () => {
    const dir = helloworld('kvm-x86_64');
    const r = ukconfig(dir, 'disable', 'LIBNS16550');
    expect(r.status).toBe(0);
    expect(r.out).toBe(
      'LIBNS16550=n: 3 plans, best first (those that change less of what you chose come first)\n' +
        'plan 1: 2 changes; changes what you chose: PLAT_KVM (y -> n)\n' +
        '  PLAT_KVM: y -> n\n' +
        '  LIBNS16550: y -> n\n' +
        'plan 2: 1 change; changes what you chose: the choice "Architecture" (ARCH_X86_64 -> ARCH_ARM32)\n' +
        '  ARCH_ARM32: n -> y\n' +
        'plan 3: 1 change; changes what you chose: the choice "Architecture" (ARCH_X86_64 -> ARCH_ARM64)\n' +
        '  ARCH_ARM64: n -> y\n' +
        'run again with --apply to make plan 1, or --apply=N to make plan N\n',
    );
    const a = ukconfig(dir, 'disable', 'LIBNS16550', '--apply');
    expect(a.status).toBe(0);
    expect(a.out).toContain('applied plan 1; configuration written to .config\n');
    const config = readFileSync(join(dir, '.config'), 'utf8');
    expect(config).toContain('CONFIG_ARCH_X86_64=y\n');
    expect(config).toContain('# CONFIG_LIBNS16550 is not set\n');
  });

  it('--apply=3 makes the third plan; --json carries every plan with what it changes of what was chosen', () => {
    const dir = helloworld('kvm-x86_64');
    const j = JSON.parse(ukconfig(dir, 'disable', '--json', 'LIBNS16550').out);
    expect(j.result).toBe('plan');
    expect(j.changes.map((c: { symbol: string }) => c.symbol)).toEqual(['PLAT_KVM', 'LIBNS16550']);
    expect(j.overrides).toEqual([{ kind: 'value', symbol: 'PLAT_KVM', prompt: null, from: 'y', to: 'n' }]);
    expect(j.alternatives).toHaveLength(3);
    expect(j.alternatives[1].changes).toEqual([{ symbol: 'ARCH_ARM32', prompt: null, from: 'n', to: 'y' }]);
    expect(j.alternatives[2]).toEqual({
      changes: [{ symbol: 'ARCH_ARM64', prompt: null, from: 'n', to: 'y' }],
      overrides: [{ kind: 'choice', symbol: null, prompt: 'Architecture', from: 'ARCH_X86_64', to: 'ARCH_ARM64' }],
      smallest: true,
    });
    const a = ukconfig(dir, 'disable', 'LIBNS16550', '--apply=3');
    expect(a.status).toBe(0);
    expect(a.out).toContain('applied plan 3; configuration written to .config\n');
    const config = readFileSync(join(dir, '.config'), 'utf8');
    expect(config).toContain('CONFIG_ARCH_ARM64=y\n');
    expect(config).toContain('CONFIG_PLAT_KVM=y\n');
    // LIBPL011=n has 3 plans (PLAT_KVM off; x86_64; mips without kvm): there is no fourth.
    expect(ukconfig(dir, 'disable', 'LIBPL011', '--apply=4').status).toBe(1);
  });

  it('--keep locks values: the plans left change something else, or none is possible (status 3)', () => {
    const dir = helloworld('kvm-x86_64');
    const k = JSON.parse(ukconfig(dir, 'disable', '--json', '--keep', 'PLAT_KVM', 'LIBNS16550').out);
    expect(k.keep).toEqual(['PLAT_KVM']);
    expect(k.alternatives.map((a: { changes: { symbol: string }[] }) => a.changes.map((c) => c.symbol))).toEqual([['ARCH_ARM32'], ['ARCH_ARM64']]);
    const both = ukconfig(dir, 'disable', '--keep', 'PLAT_KVM,ARCH_X86_64', 'LIBNS16550');
    expect(both.status).toBe(3);
    expect(both.out).toContain('impossible: no plan gives LIBNS16550=n without changing what is kept (PLAT_KVM, ARCH_X86_64)');
  });

  it('an int out of its range is not possible (status 3, with the range); a malformed one neither', () => {
    const dir = helloworld('kvm-x86_64');
    const r = ukconfig(dir, 'enable', 'UKDEBUG_LEVEL=9');
    expect(r.status).toBe(3);
    expect(r.out).toMatch(/^UKDEBUG_LEVEL=9 is not possible:\n  impossible: 9 is out of range: UKDEBUG_LEVEL must be within 1\.\.5\n    .*ukdebug\/Config\.uk:\d+: range 1 5/);
    const j = JSON.parse(ukconfig(dir, 'enable', '--json', 'UKDEBUG_LEVEL=0').out);
    expect(j).toMatchObject({ result: 'impossible', reason: '0 is out of range: UKDEBUG_LEVEL must be within 1..5' });
    expect(ukconfig(dir, 'enable', 'UKDEBUG_LEVEL=x').status).toBe(3);
    const ok = ukconfig(dir, 'enable', 'UKDEBUG_LEVEL=5');
    expect([ok.status, ok.out]).toEqual([0, 'UKDEBUG_LEVEL=5 needs 1 change:\n  UKDEBUG_LEVEL: 3 -> 5\nrun again with --apply to make these changes\n']);
  });
});
