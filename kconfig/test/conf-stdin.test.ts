/**
 * conf spools a piped standard input from its first moments (stdin-spool.ts)
 * only in the modes that read answers from it: oldaskconfig (the default),
 * oldconfig and syncconfig. The others never read it, and a spool costs a
 * child process and Node's child_process module on every run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayReadInput } from '../src/cli/conf-args.js';

const BIN = join(import.meta.dirname, '../../bin/ukconfig.js');

describe('mayReadInput', () => {
  it('is true for the asking modes, oldaskconfig being the default', () => {
    expect(mayReadInput(['Kconfig'])).toBe(true);
    expect(mayReadInput(['--oldconfig', 'Kconfig'])).toBe(true);
    expect(mayReadInput(['-s', '--syncconfig', 'Kconfig'])).toBe(true);
    expect(mayReadInput(['--oldask', 'Kconfig'])).toBe(true);
    // The last mode given counts, as in conf.
    expect(mayReadInput(['--olddefconfig', '--oldconfig', 'Kconfig'])).toBe(true);
  });

  it('is false for the modes that never ask, and when help ends the run first', () => {
    for (const mode of ['olddefconfig', 'defconfig=x', 'savedefconfig=x', 'allnoconfig', 'randconfig', 'listnewconfig', 'helpnewconfig', 'mod2noconfig']) {
      expect(mayReadInput([`--${mode}`, 'Kconfig']), mode).toBe(false);
    }
    // Abbreviated, and with the argument as the next word (it is no mode of its own).
    expect(mayReadInput(['--olddef', 'Kconfig'])).toBe(false);
    expect(mayReadInput(['--defconfig', '--oldconfig', 'Kconfig'])).toBe(false);
    expect(mayReadInput(['--oldconfig', '-h', 'Kconfig'])).toBe(false);
    expect(mayReadInput(['--oldconfig', '--help'])).toBe(false);
    // Options conf rejects change nothing.
    expect(mayReadInput(['--olddefconfig', '--old', '--bogus', '-x', 'Kconfig'])).toBe(false);
    expect(mayReadInput(['--olddefconfig', '--', '--oldconfig'])).toBe(false);
  });
});

describe('the standard input spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kconfig-stdin-'));
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool "a"\n\tdefault y\nconfig B\n\tbool "b"\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function conf(args: string[], input: string) {
    const env = { PATH: process.env.PATH, HOME: dir, TMPDIR: join(dir, 'tmp'), UKCONFIG_CACHE: '0' };
    const r = spawnSync(process.execPath, [BIN, 'conf', ...args, 'Kconfig'], { cwd: dir, env, input, encoding: 'latin1' });
    return { status: r.status, stdout: r.stdout, config: readFileSync(join(dir, '.config'), 'latin1') };
  }
  const spools = () => readdirSync(join(dir, 'tmp')).filter((f) => f.startsWith('ukconfig-stdin-'));

  it('is not made for olddefconfig, though its input is a pipe', () => {
    const r = conf(['--olddefconfig'], 'y\n');
    expect(r.status).toBe(0);
    expect(r.config).toMatch(/^CONFIG_A=y$/m);
    expect(spools()).toEqual([]);
  });

  it('still takes the answers of an asking mode from the pipe', () => {
    writeFileSync(join(dir, '.config'), 'CONFIG_A=y\n');
    const r = conf(['--oldconfig'], 'y\n');
    expect(r.status).toBe(0);
    expect(r.config).toMatch(/^CONFIG_B=y$/m);
  });
});
