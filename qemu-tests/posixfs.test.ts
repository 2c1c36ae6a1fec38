/**
 * Files, folders and devices (posix-fdtab, vfscore, ramfs, devfs, initrd)
 * with musl: examples/posixfs prints what the same main.c built by the
 * host's gcc prints in a scratch folder (differential), on kvm-x86_64,
 * kvm-arm64, linuxu-x86_64 and linuxu-arm64. The example's rootfs/ folder
 * is the initrd (`ukconfig run --initrd`), which the host run gets as a
 * copy; without an initrd the image is compared with a host run without it.
 */
import { execa } from 'execa';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packFolder } from '../buildgen/src/cpio.js';
import { copyExample, copyTestApp, removeScratch, runGuest, tempDir, ukconfig, type Result } from './ukconfig.js';

afterAll(removeScratch);

const MUSL_BUILD_MS = 900_000;

/** Console lines of the program: boot messages dropped. */
const programLines = (stdout: string) => stdout.split('\n').filter((l) => !/^(Warn|Info|boot): /.test(l));

let hostExe: string;

async function hostRun(withInitrd: boolean): Promise<string[]> {
  const dir = tempDir('posixfs-host-run');
  if (withInitrd) cpSync(join(copyExample('posixfs'), 'rootfs'), dir, { recursive: true });
  const r = await execa(hostExe, [dir]);
  return programLines(String(r.stdout));
}

beforeAll(async () => {
  hostExe = join(tempDir('posixfs-host'), 'posixfs');
  await execa('gcc', ['-O1', '-o', hostExe, join(copyExample('posixfs'), 'main.c')]);
});

async function build(arch: string): Promise<string> {
  const app = copyExample('posixfs');
  const apply = await ukconfig(['-C', app, 'apply', `defconfigs/kvm+linuxu-${arch}`]);
  expect(apply.exitCode, apply.stderr).toBe(0);
  const b: Result = await ukconfig(['-C', app, 'build'], { timeoutMs: MUSL_BUILD_MS });
  expect(b.exitCode, b.stdout + b.stderr).toBe(0);
  return app;
}

describe.each(['x86_64', 'arm64'])('posixfs on %s', (arch) => {
  let app: string;

  beforeAll(async () => {
    app = await build(arch);
  }, MUSL_BUILD_MS);

  it('the image has the file system libraries and not posix-console', () => {
    const mk = readFileSync(join(app, 'build', `kvm-${arch}`, 'Makefile'), 'utf8');
    const libs = /^UK_LIBS := (.*)$/m.exec(mk)![1].split(' ');
    expect(libs).toEqual(expect.arrayContaining(['posix_fdtab', 'vfscore', 'ramfs', 'devfs', 'initrd', 'musl']));
    expect(libs).not.toContain('posix_console');
  });

  it(`kvm-${arch}: with the initrd, prints what the host build prints`, async () => {
    const expected = await hostRun(true);
    // The check can fail: the host read the initrd's files.
    expect(expected).toContain('cat data/greeting.txt (23 bytes): Hello from the initrd.');
    // Record locks of one process always succeed and F_GETLK finds none; bad requests are refused.
    expect(expected).toEqual(expect.arrayContaining(['F_GETLK write lock: 0 0', '  found F_UNLCK', 'F_SETLK write lock, read-only: -1 EBADF', 'fchown to its owner: 0 0']));
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M', '--initrd', join(app, 'rootfs')], ['/']);
    expect(programLines(r.stdout)).toEqual(expected);
    expect(r.exitCode).toBe(0);
  });

  if (arch === 'x86_64') {
    it('kvm-x86_64 on microvm: the initrd arrives as a PVH module, with the same result', async () => {
      const r = await runGuest(app, ['--plat', 'kvm', '--machine', 'microvm', '--mem', '16M', '--initrd', join(app, 'rootfs')], ['/']);
      expect(programLines(r.stdout)).toEqual(await hostRun(true));
      expect(r.exitCode).toBe(0);
    });
  }

  it(`kvm-${arch}: a cpio file given as a file (not a folder) gives the same`, async () => {
    const archive = join(tempDir('posixfs-cpio'), 'rootfs.cpio');
    writeFileSync(archive, packFolder(join(app, 'rootfs')));
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M', '--initrd', archive], ['/']);
    expect(programLines(r.stdout).slice(0, 4)).toEqual((await hostRun(true)).slice(0, 4));
  });

  it(`kvm-${arch}: a malformed initrd stops the boot with the reason`, async () => {
    const archive = join(tempDir('posixfs-bad'), 'bad.cpio');
    writeFileSync(archive, Buffer.from('070701' + 'zz'.repeat(60)));
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M', '--initrd', archive], ['/']);
    expect(r.stdout).toMatch(/initrd: offset 0: a header field is malformed/);
    expect(r.stdout).not.toMatch(/^== initrd$/m);
    expect(r.exitCode).not.toBe(0);
  });

  it(`linuxu-${arch}: with the initrd (a host file it maps), prints what the host build prints`, async () => {
    const r = await runGuest(app, ['--plat', 'linuxu', '--initrd', join(app, 'rootfs')], ['/']);
    expect(programLines(r.stdout)).toEqual(await hostRun(true));
    expect(r.exitCode).toBe(0);
  });

  it(`linuxu-${arch}: without an initrd, prints what the host build prints without one`, async () => {
    const expected = await hostRun(false);
    expect(expected).toContain('cat data/greeting.txt: ENOENT');
    const r = await runGuest(app, ['--plat', 'linuxu'], ['/']);
    expect(programLines(r.stdout)).toEqual(expected);
    expect(r.exitCode).toBe(0);
  });
});

/*
 * nolibc has no file functions: the test application calls the system
 * calls directly and prints their raw results (a value or -errno), which
 * are Linux's for the same calls (written out here: EBADF 9, ENOENT 2;
 * ENOSPC 28 where Linux's tmpfs would say EFBIG, for a file larger than RAM).
 */
describe('the file system libraries under nolibc (x86_64)', () => {
  const expected = [
    'mkdirat /tmp: 0',
    'chdir /tmp: 0',
    'getcwd: 5 /tmp',
    'openat f: 3',
    'write: 6',
    'lseek: 2',
    'read: 4 libc',
    'fstat: 0 size 6',
    'pwrite64 at the end of the offsets: -28',
    'close: 0',
    'close again: -9',
    'openat missing: -2',
    'unlinkat f: 0',
    'read /dev/zero: 8 zeros 1',
  ];
  let app: string;

  beforeAll(async () => {
    app = copyTestApp('fsnolibc');
    const apply = await ukconfig(['-C', app, 'apply', 'defconfigs/kvm+linuxu-x86_64']);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const b = await ukconfig(['-C', app, 'build']);
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
  }, 300_000);

  it('kvm: the calls answer, and a file of the initrd reads back', async () => {
    const root = tempDir('fsnolibc-initrd');
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc', 'motd'), 'from the initrd\n');
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', '8M', '--initrd', root], ['/etc/motd']);
    expect(programLines(r.stdout)).toEqual([...expected, 'read /etc/motd: 16 from the initrd']);
    expect(r.exitCode).toBe(0);
  });

  it('linuxu: the same calls answer the same', async () => {
    const r = await runGuest(app, ['--plat', 'linuxu'], []);
    expect(programLines(r.stdout)).toEqual(expected);
    expect(r.exitCode).toBe(0);
  });
});
