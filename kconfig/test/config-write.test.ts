/**
 * Writing .config (case 14 of the issue): at every step of the write,
 * .config is there, whole (conf, and this engine before, renamed it away
 * first: a kill in between left none); the previous file is kept as
 * .config.old; a failed write (a full disk) keeps the old file and leaves
 * no temporary file behind. The file system calls are watched in process.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadKconfig } from '../src/load.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, renameSync: vi.fn(real.renameSync), linkSync: vi.fn(real.linkSync), writeFileSync: vi.fn(real.writeFileSync), rmSync: vi.fn(real.rmSync) };
});
const real = await vi.importActual<typeof import('node:fs')>('node:fs');

let dir: string;
beforeEach(() => {
  dir = real.mkdtempSync(join(tmpdir(), 'kconfig-write-'));
  real.writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool "a"\n\tdefault y\n');
  real.writeFileSync(join(dir, '.config'), '# CONFIG_A is not set\n');
});
afterEach(() => {
  vi.mocked(fs.writeFileSync).mockImplementation(real.writeFileSync);
  vi.mocked(fs.renameSync).mockImplementation(real.renameSync);
  vi.mocked(fs.linkSync).mockImplementation(real.linkSync);
  vi.mocked(fs.rmSync).mockImplementation(real.rmSync);
  real.rmSync(dir, { recursive: true, force: true });
});

function tree() {
  const kc = loadKconfig('Kconfig', { cwd: dir, env: { UKCONFIG_CACHE: '0' }, output: { stdout() {}, stderr() {} } });
  kc.readConfig('.config');
  kc.symbol('A')!.setValue('y');
  return kc;
}

describe('writing .config', () => {
  it('has a whole .config at every step, and keeps the previous one as .config.old', () => {
    const kc = tree();
    const target = join(dir, '.config');
    const seen: (string | null)[] = [];
    const watch = <A extends unknown[]>(f: (...a: A) => unknown) => (...a: A) => {
      const r = f(...a);
      seen.push(real.existsSync(target) ? real.readFileSync(target, 'latin1') : null);
      return r;
    };
    vi.mocked(fs.renameSync).mockImplementation(watch(real.renameSync));
    vi.mocked(fs.linkSync).mockImplementation(watch(real.linkSync));
    vi.mocked(fs.rmSync).mockImplementation(watch(real.rmSync));
    vi.mocked(fs.writeFileSync).mockImplementation(watch(real.writeFileSync) as typeof fs.writeFileSync);
    expect(kc.writeConfig('.config')).toBe(true);
    const written = real.readFileSync(target, 'latin1');
    expect(written).toContain('CONFIG_A=y\n');
    expect(seen.length).toBeGreaterThan(0);
    for (const state of seen) expect([written, '# CONFIG_A is not set\n']).toContain(state);
    expect(real.readFileSync(join(dir, '.config.old'), 'latin1')).toBe('# CONFIG_A is not set\n');
    expect(real.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('on a full disk keeps the old file and leaves no temporary file', () => {
    const kc = tree();
    vi.mocked(fs.writeFileSync).mockImplementation(((path: fs.PathOrFileDescriptor, data: string) => {
      // Half the data reaches the disk, then it is full.
      real.writeFileSync(path, data.slice(0, data.length >> 1), 'latin1');
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }) as typeof fs.writeFileSync);
    expect(kc.writeConfig('.config')).toBe(false);
    expect(real.readFileSync(join(dir, '.config'), 'latin1')).toBe('# CONFIG_A is not set\n');
    expect(real.readdirSync(dir).sort()).toEqual(['.config', 'Kconfig']);
  });
});
