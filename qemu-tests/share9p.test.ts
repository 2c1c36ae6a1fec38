/**
 * Host folders shared into kvm guests (`ukconfig run --share`, lib/9pfs
 * over drivers/virtio/virtio-9p): qemu-tests/apps/share9p runs on the
 * host in one copy of a folder and in the image on another copy shared at
 * /mnt, on x86_64 pc (virtio-pci), x86_64 microvm and arm64 virt
 * (virtio-mmio). Both must print the same (the host's files read back,
 * a few-MB one by its hash; writing, renaming, removing; the errno of bad
 * paths) and leave the same files, byte for byte, in their folders. A
 * read-only share refuses writes with EROFS and stays as it was; a tag
 * without a device, a missing host folder and an image without 9pfs are
 * said clearly; names of 255 bytes work and longer ones are ENAMETOOLONG,
 * as on the host.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, copyTestApp, removeScratch, ROOT, runGuest, tempDir, ukconfig, type Result } from './ukconfig.js';

afterAll(removeScratch);

const MUSL_BUILD_MS = 900_000;
const MEM = '64M';

/** Console lines of the program: boot messages dropped. */
const programLines = (stdout: string) => stdout.split('\n').filter((l) => !/^(Warn|Info|boot|ERR): /.test(l));

/** Every entry under `dir`: its kind, permission bits, and a file's bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const r = rel + e.name;
      const mode = (statSync(p).mode & 0o777).toString(8);
      if (e.isDirectory()) {
        out.set(r, `dir ${mode}`);
        walk(p, r + '/');
      } else out.set(r, `file ${mode} ${readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir, '');
  return out;
}

let source: string;
let hostExe: string;
let expected: string[];
let hostAfter: Map<string, string>;

/** A fresh copy of the starting folder. */
function copyOfSource(name: string): string {
  const dir = tempDir(name);
  cpSync(source, dir, { recursive: true });
  chmodSync(join(dir, 'data', 'readonly.txt'), 0o444);
  return dir;
}

beforeAll(async () => {
  source = tempDir('share9p-source');
  mkdirSync(join(source, 'data'));
  writeFileSync(join(source, 'data', 'hello.txt'), 'Hello over 9P.\n');
  writeFileSync(join(source, 'data', 'big.bin'), randomBytes(3 * 1024 * 1024 + 4567));
  writeFileSync(join(source, 'data', 'remove-me'), 'x\n');
  writeFileSync(join(source, 'data', 'readonly.txt'), 'ro\n');
  hostExe = join(tempDir('share9p-host'), 'share9p');
  await execa('gcc', ['-O1', '-o', hostExe, join(ROOT, 'qemu-tests', 'apps', 'share9p', 'main.c')]);
  const dir = copyOfSource('share9p-host-run');
  const r = await execa(hostExe, [dir]);
  expected = programLines(String(r.stdout));
  hostAfter = snapshot(dir);
});

it('the host run reads, writes and fails as the guest must', () => {
  // The checks can fail: the program did its work on the host.
  expect(expected[2]).toMatch(/^hash data\/big\.bin: 3150295 bytes [0-9a-f]{16} end 3150295$/);
  expect(expected).toContain('rmdir a full folder: ENOTEMPTY');
  expect(expected).toContain('open data/hello.txt for appending: ok');
  expect(expected).toContain('create a 255-byte name: ok');
  expect(expected).toContain('rename to a 256-byte name: ENAMETOOLONG');
  expect(hostAfter.get('out/big.out')).toMatch(/^file 644 /);
  expect(hostAfter.has('data/remove-me')).toBe(false);
});

async function build(defconfig: string): Promise<string> {
  const app = copyTestApp('share9p');
  const apply = await ukconfig(['-C', app, 'apply', `defconfigs/${defconfig}`]);
  expect(apply.exitCode, apply.stderr).toBe(0);
  const b: Result = await ukconfig(['-C', app, 'build'], { timeoutMs: MUSL_BUILD_MS });
  expect(b.exitCode, b.stdout + b.stderr).toBe(0);
  return app;
}

const MACHINES = [
  { arch: 'x86_64', machine: [] as string[], name: 'pc (virtio-pci)' },
  { arch: 'x86_64', machine: ['--machine', 'microvm'], name: 'microvm (virtio-mmio)' },
  { arch: 'arm64', machine: [] as string[], name: 'virt (virtio-mmio)' },
];

describe.each(['x86_64', 'arm64'])('share9p on kvm-%s', (arch) => {
  let app: string;

  beforeAll(async () => {
    app = await build(`kvm-${arch}`);
  }, MUSL_BUILD_MS);

  it.each(MACHINES.filter((m) => m.arch === arch))('$name: the same output as the host, and the same files left in the folder', async ({ machine }) => {
    const dir = copyOfSource('share9p-guest');
    const r = await runGuest(app, ['--plat', 'kvm', ...machine, '--mem', MEM, '--share', `${dir}:/mnt`], ['/mnt']);
    expect(programLines(r.stdout)).toEqual(expected);
    expect(r.exitCode).toBe(0);
    expect(snapshot(dir)).toEqual(hostAfter);
  });

  it('a read-only share (:ro): reading works, every change is EROFS, the folder stays as it was', async () => {
    const dir = copyOfSource('share9p-ro');
    const before = snapshot(dir);
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', MEM, '--share', `${dir}:/mnt:ro`], ['/mnt']);
    const lines = programLines(r.stdout);
    expect(lines.slice(0, 4)).toEqual(expected.slice(0, 4));
    expect(lines).toContain('mkdir out: EROFS');
    expect(lines).toContain('create out/a.txt: ENOENT');
    expect(lines).toContain('unlink data/remove-me: EROFS');
    expect(lines).toContain('open data/hello.txt for appending: EROFS');
    expect(lines).toContain('truncate data/hello.txt to its size: EROFS');
    expect(r.exitCode).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('two shares at once, each at its own path', async () => {
    const [one, two] = [copyOfSource('share9p-one'), copyOfSource('share9p-two')];
    writeFileSync(join(two, 'data', 'hello.txt'), 'The second folder.\n');
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', MEM, '--share', `${one}:/mnt`, '--share', `${two}:/srv/two`], ['/srv/two']);
    expect(programLines(r.stdout)[0]).toBe('cat data/hello.txt: [The second folder.');
    expect(r.exitCode).toBe(0);
    expect(readdirSync(one).sort()).toEqual(['data']);
    expect(readdirSync(two).sort()).toEqual(['data', 'out']);
  });

  it('a host folder that does not exist, or is a file: said before QEMU starts, status 125', async () => {
    const missing = await ukconfig(['-C', app, 'run', '--share', '/nonexistent/folder:/mnt', '--', '/mnt']);
    expect(missing.stderr).toMatch(/--share: \/nonexistent\/folder does not exist/);
    expect(missing.exitCode).toBe(125);
    const file = join(source, 'data', 'hello.txt');
    const notFolder = await ukconfig(['-C', app, 'run', '--share', `${file}:/mnt`, '--', '/mnt']);
    expect(notFolder.stderr).toContain(`--share: ${file} is not a folder`);
    expect(notFolder.exitCode).toBe(125);
  });

  it('a tag no device has: said on the console, the program finds no folder, no crash', async () => {
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', MEM], ['9pfs.mount=share0:/mnt', '--', '/mnt']);
    expect(r.stdout).toMatch(/9pfs: no 9P device with tag share0/);
    expect(programLines(r.stdout)).toEqual(['usage: share9p FOLDER']);
    expect(r.stdout).not.toMatch(/CRASH/);
    expect(r.exitCode).toBe(2);
  });
});

describe('what ukconfig run refuses', () => {
  let plain: string;

  beforeAll(async () => {
    plain = copyExample('helloworld');
    const apply = await ukconfig(['-C', plain, 'apply', 'defconfigs/kvm-x86_64']);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const b = await ukconfig(['-C', plain, 'build']);
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
  }, 300_000);

  it('an image without 9pfs: which option to enable, status 125', async () => {
    const r = await ukconfig(['-C', plain, 'run', '--share', `${source}:/mnt`]);
    expect(r.stderr).toMatch(/--share: .* cannot mount shared folders: enable LIB9PFS \(File systems > 9pfs\)/);
    expect(r.exitCode).toBe(125);
  });

  it('a malformed --share: checked before the image is (none is built here)', async () => {
    const app = copyTestApp('share9p');
    expect((await ukconfig(['-C', app, 'apply', 'defconfigs/kvm-x86_64'])).exitCode).toBe(0);
    const bad = await ukconfig(['-C', app, 'run', '--share', `${source}`]);
    expect(bad.stderr).toMatch(/--share takes HOSTDIR:GUESTPATH/);
    expect(bad.exitCode).toBe(2);
    const relative = await ukconfig(['-C', app, 'run', '--share', `${source}:mnt`]);
    expect(relative.stderr).toMatch(/GUESTPATH absolute/);
    expect(relative.exitCode).toBe(2);
  });
});
