/**
 * The conf entry point keeps a V8 code cache of the conf bundle: written by
 * a run that had none, used unchanged by the next, rewritten when V8 turns
 * it down, never written with caching off. The program's results are the
 * same in every case.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/ukconfig.js');

const KCONFIG = `mainmenu "launch"
config A
\tbool "a"
\tdefault y
config B
\tint "b"
\trange 1 9
\tdefault 3
\thelp
\t  Some help.
`;

let dir: string;
let cacheDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kconfig-launch-'));
  cacheDir = join(dir, 'cache');
  writeFileSync(join(dir, 'Kconfig'), KCONFIG);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function conf(env: Record<string, string> = {}) {
  rmSync(join(dir, '.config'), { force: true });
  const r = spawnSync(process.execPath, [BIN, 'conf', '--olddefconfig', 'Kconfig'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, UKCONFIG_CACHE_DIR: cacheDir, ...env },
    encoding: 'latin1',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, config: readFileSync(join(dir, '.config'), 'latin1') };
}

function codeCaches(): string[] {
  try {
    return readdirSync(cacheDir).filter((f) => f.startsWith('conf-code-'));
  } catch {
    return [];
  }
}

/** What tells a rewritten file from the same one: a rewrite renames a new file over it. */
function identity(file: string): string {
  const st = statSync(file);
  return `${st.ino}:${st.mtimeMs}:${st.size}`;
}

describe('conf code cache', () => {
  it('is written by the first run, used as it is by the next, and rewritten when damaged', () => {
    const first = conf();
    expect(first.status).toBe(0);
    expect(first.config).toContain('CONFIG_B=3');
    expect(codeCaches()).toHaveLength(1);
    const file = join(cacheDir, codeCaches()[0]);
    expect(statSync(file).size).toBeGreaterThan(1000);
    const written = identity(file);

    expect(conf()).toEqual(first);
    expect(identity(file)).toBe(written);

    writeFileSync(file, 'not a code cache');
    const damaged = identity(file);
    expect(conf()).toEqual(first);
    expect(codeCaches()).toHaveLength(1);
    expect(identity(file)).not.toBe(damaged);
    expect(statSync(file).size).toBeGreaterThan(1000);
  });

  it('is neither read nor written with caching off', () => {
    const off = conf({ UKCONFIG_CACHE: '0' });
    expect(off.status).toBe(0);
    expect(codeCaches()).toHaveLength(0);
    expect(conf()).toEqual(off);
  });
});
