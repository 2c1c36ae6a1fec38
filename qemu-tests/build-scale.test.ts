/**
 * Builds that scale past one folder and one machine: the same configuration
 * gives byte-identical images in two folders (no path of the build in them),
 * through ccache (a second clean build served from the cache) and through
 * a distcc daemon on 127.0.0.1; a missing launcher stops the build before
 * it starts; `build --matrix` builds every defconfig of an example under one
 * jobserver and reports a planted failure.
 */
import { execa, type ResultPromise } from 'execa';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../buildgen/src/tools.js';
import { copyExample, removeScratch, ROOT, tempDir, ukconfig } from './ukconfig.js';

// Builds on a loaded machine take minutes: each test gets this, not the suite's default minute.
const BUILD_TIMEOUT = 600_000;
const DEFCONFIG = 'kvm+linuxu-x86_64';
const IMAGES = ['helloworld_kvm-x86_64', 'helloworld_linuxu-x86_64'];
let reference: string;

afterAll(removeScratch);

async function build(app: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = await ukconfig(['-C', app, 'build', '-j', '2', ...args], { env: { ...process.env, ...env }, timeoutMs: BUILD_TIMEOUT });
  if (r.exitCode !== 0) throw new Error(`build failed (${r.exitCode}):\n${r.stdout}${r.stderr}`);
  return r;
}

/** A copy of helloworld, configured, at a path of its own (another length than the others). */
async function configuredCopy(depth: number): Promise<string> {
  const app = join(tempDir('scale'), ...Array.from({ length: depth }, (_, i) => `d${i}`), 'hello');
  mkdirSync(join(app, '..'), { recursive: true });
  cpSync(copyExample('helloworld'), app, { recursive: true });
  expect((await ukconfig(['-C', app, 'apply', `defconfigs/${DEFCONFIG}`])).exitCode).toBe(0);
  return app;
}

function expectSameImages(app: string, withDebug: boolean) {
  for (const image of IMAGES) {
    for (const file of withDebug ? [image, `${image}.dbg`] : [image]) {
      expect(readFileSync(join(app, 'build', file)).equals(readFileSync(join(reference, 'build', file))), `${file} differs`).toBe(true);
    }
  }
}

beforeAll(async () => {
  reference = await configuredCopy(1);
  await build(reference);
}, BUILD_TIMEOUT);

describe('reproducible images', () => {
  it('the same configuration built in two folders gives byte-identical images, with symbols too', { timeout: BUILD_TIMEOUT }, async () => {
    const other = await configuredCopy(3);
    await build(other);
    expectSameImages(other, true);
  });

  it('no folder of the build is named in the images or their debug information', () => {
    for (const file of IMAGES.flatMap((i) => [i, `${i}.dbg`])) {
      const text = readFileSync(join(reference, 'build', file), 'latin1');
      for (const folder of [reference, ROOT.replace(/\/$/, '')]) expect(text.includes(folder), `${file} names ${folder}`).toBe(false);
    }
    const dbg = readFileSync(join(reference, 'build', `${IMAGES[0]}.dbg`), 'latin1');
    expect(dbg).toContain('/app/main.c');
    expect(dbg).toContain('/ukconfig/pools/');
  });
});

describe('compiler launchers', () => {
  it('ccache: a second clean build is served from the cache and gives the same image', { timeout: BUILD_TIMEOUT }, async () => {
    const app = await configuredCopy(2);
    const env = { CCACHE_DIR: tempDir('ccache') };
    const stats = async () => {
      const out = (await execa('ccache', ['--print-stats'], { env: { ...process.env, ...env } })).stdout;
      const get = (k: string) => Number(new RegExp(`^${k}\\t(\\d+)$`, 'm').exec(out)?.[1] ?? NaN);
      return { hits: get('direct_cache_hit') + get('preprocessed_cache_hit'), misses: get('cache_miss') };
    };
    const first = await build(app, ['--cc-launcher', 'ccache'], env);
    expect(first.stdout).toContain('through ccache');
    const cold = await stats();
    expect(cold.hits).toBe(0);
    expect(cold.misses).toBeGreaterThan(20);
    rmSync(join(app, 'build'), { recursive: true });
    await build(app, ['--cc-launcher', 'ccache'], env);
    const warm = await stats();
    expect(warm.hits).toBe(cold.misses);
    expect(warm.misses).toBe(cold.misses);
    expectSameImages(app, true);
    // Editors get the plain compiler; make got the launcher.
    const db = JSON.parse(readFileSync(join(app, 'build', 'compile_commands.json'), 'utf8')) as { command: string }[];
    expect(db.length).toBeGreaterThan(20);
    for (const e of db) expect(e.command).toMatch(/^gcc /);
    expect(readFileSync(join(app, 'build', 'kvm-x86_64', 'Makefile'), 'utf8')).toMatch(/^UK_CC_LAUNCHER := ccache$/m);
  });

  it('distcc: a build compiles through a daemon on 127.0.0.1, -j follows its slots, the image is the same', { timeout: BUILD_TIMEOUT }, async () => {
    const app = await configuredCopy(4);
    const dir = tempDir('distccd');
    chmodSync(dir, 0o777); // distccd started by root runs as its own user, and writes its log here
    const log = join(dir, 'log');
    const port = await freePort();
    const daemon: ResultPromise = execa(
      'distccd',
      ['--daemon', '--no-detach', '--allow', '127.0.0.1', '--listen', '127.0.0.1', '--port', String(port), '--log-file', log, '--log-level', 'info', '--jobs', '2'],
      { detached: true, reject: false, stdin: 'ignore' },
    );
    try {
      for (let i = 0; i < 100 && !(existsSync(log) && readFileSync(log, 'utf8').includes('listening')); i++) await new Promise((r) => setTimeout(r, 100));
      // /3: three job slots on this host, which the build's -j follows; no fallback to compiling here.
      const env = { UK_CC_LAUNCHER: 'distcc', DISTCC_HOSTS: `127.0.0.1:${port}/3`, DISTCC_FALLBACK: '0' };
      const r = await ukconfig(['-C', app, 'build'], { env: { ...process.env, ...env }, timeoutMs: BUILD_TIMEOUT });
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('with 3 jobs each through distcc');
      const jobs = readFileSync(log, 'utf8').match(/COMPILE_OK .*\.c$/gm) ?? [];
      expect(jobs.some((j) => j.endsWith(join(app, 'main.c')))).toBe(true);
      expect(jobs.length).toBeGreaterThan(20);
      // distcc compiles preprocessed text: the code is the same, the line tables of the debug information are not.
      expectSameImages(app, false);
    } finally {
      process.kill(-daemon.pid!, 'SIGTERM');
      await daemon;
    }
  });

  it('a launcher that is not there is an error before anything is built, naming it and where it was set', { timeout: BUILD_TIMEOUT }, async () => {
    const app = await configuredCopy(1);
    let r = await ukconfig(['-C', app, 'build', '--cc-launcher', 'no-such-ccache --flag']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("compiler launcher 'no-such-ccache' (--cc-launcher) not found on PATH");
    expect(existsSync(join(app, 'build'))).toBe(false);
    appendFileSync(join(app, '.config'), 'CONFIG_UK_CC_LAUNCHER="no-such-distcc"\n');
    r = await ukconfig(['-C', app, 'build']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("compiler launcher 'no-such-distcc' (CONFIG_UK_CC_LAUNCHER in .config) not found on PATH");
    r = await ukconfig(['-C', app, 'build'], { env: { ...process.env, UK_CC_LAUNCHER: 'no-such-icecc' } });
    expect(r.stderr).toContain("compiler launcher 'no-such-icecc' (UK_CC_LAUNCHER in the environment) not found on PATH");
    r = await ukconfig(['-C', app, 'build', '--matrix', '--cc-launcher', 'no-such-ccache']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("compiler launcher 'no-such-ccache' (--cc-launcher) not found on PATH");
    expect(existsSync(join(app, 'build'))).toBe(false);
  });
});

describe('build --matrix', () => {
  let app: string;

  it('builds every defconfig of helloworld, each in its own folder, without touching .config', async () => {
    app = await configuredCopy(1);
    const config = readFileSync(join(app, '.config'));
    const r = await ukconfig(['-C', app, '--json', 'build', '--matrix', '-j', '2'], { timeoutMs: BUILD_TIMEOUT });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { configurations: { name: string; status: string; images: { id: string; bytes: number }[] }[]; failed: number };
    const names = readdirSync(join(app, 'defconfigs')).sort();
    expect(report.configurations.map((c) => c.name)).toEqual(names);
    expect(report.failed).toBe(0);
    for (const c of report.configurations) {
      expect(c.status).toBe('ok');
      // Named <variant->plat[+plat...]-arch (musl-kvm+linuxu-arm64) or plat-<variant>-arch (kvm-paging-x86_64).
      const arch = c.name.slice(c.name.lastIndexOf('-') + 1);
      const plats = c.name.split('-').find((w) => w.split('+').every((p) => ['kvm', 'linuxu', 'xen', 'baremetal', 'rpi3', 'malta'].includes(p)))!;
      expect(c.images.map((i) => i.id).sort()).toEqual(plats.split('+').map((p) => `${p}-${arch}`).sort());
      for (const i of c.images) expect(i.bytes).toBeGreaterThan(1000);
    }
    expect(readFileSync(join(app, '.config')).equals(config)).toBe(true);
    // The matrix's folder is mapped like the usual one: its image is the same as a plain build's.
    expect(readFileSync(join(app, 'build', 'matrix', DEFCONFIG, IMAGES[0])).equals(readFileSync(join(reference, 'build', IMAGES[0])))).toBe(true);
  }, BUILD_TIMEOUT);

  it('reports a failed compile and a bad configuration with their first error, the others ok, exit status 1', async () => {
    appendFileSync(join(app, 'Config.uk'), '\nconfig HELLOWORLD_PLANTED_FAILURE\n\tbool "planted failure"\n');
    appendFileSync(join(app, 'main.c'), '\n#ifdef CONFIG_HELLOWORLD_PLANTED_FAILURE\n#error planted failure\n#endif\n');
    mkdirSync(join(app, 'planted'));
    writeFileSync(join(app, 'planted', 'broken'), 'CONFIG_PLAT_LINUXU=y\nCONFIG_HELLOWORLD_PLANTED_FAILURE=y\n');
    writeFileSync(join(app, 'planted', 'badname'), 'CONFIG_PLAT_LINUXU=y\nCONFIG_UK_NAME="bad name"\n');
    const r = await ukconfig(['-C', app, 'build', '--matrix', '-j', '2', 'planted', 'defconfigs/linuxu-x86_64'], { timeoutMs: BUILD_TIMEOUT });
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('FAILED  badname'))).toMatch(/UK_NAME "bad name" is not usable as a file name/);
    expect(lines.find((l) => l.startsWith('FAILED  broken'))).toMatch(/linuxu-x86_64: .*main\.c:\d+:\d+: error: #error planted failure/);
    expect(lines.find((l) => l.startsWith('ok      linuxu-x86_64'))).toMatch(/linuxu-x86_64 [\d,]+ bytes/);
    expect(r.stderr).toContain('ukconfig build --matrix: 1 of 3 configurations built, 2 failed');
  }, BUILD_TIMEOUT);
});
