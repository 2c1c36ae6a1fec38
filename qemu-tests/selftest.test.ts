/**
 * examples/selftest on every (architecture, platform) pair under QEMU TCG:
 * the native libraries check themselves inside the image (libc, allocator,
 * boot, library parameters, init order, memory regions, driver table; with
 * PAGING the paging API). The
 * guest prints "N passed, N failed, N skipped" and returns the failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, removeScratch, runGuest, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

// What examples/selftest/README.md gives: with them, no check is skipped.
const ARGS = ['selftest.num=-42', 'selftest.big=0x10', 'selftest.flag', 'selftest.word=hello', '--', 'alpha', 'beta gamma'];

const PAIRS: { arch: string; runs: { name: string; runArgs: string[] }[] }[] = [
  {
    arch: 'x86_64',
    runs: [
      { name: 'kvm-x86_64 (-M pc)', runArgs: ['--plat', 'kvm', '--machine', 'pc'] },
      { name: 'linuxu-x86_64', runArgs: ['--plat', 'linuxu'] },
    ],
  },
  {
    arch: 'arm64',
    runs: [
      { name: 'kvm-arm64 (-M virt)', runArgs: ['--plat', 'kvm'] },
      { name: 'linuxu-arm64 (qemu-aarch64)', runArgs: ['--plat', 'linuxu'] },
    ],
  },
  {
    arch: 'arm32',
    runs: [
      { name: 'kvm-arm32 (-M virt -cpu cortex-a15)', runArgs: ['--plat', 'kvm'] },
      { name: 'linuxu-arm32 (qemu-arm)', runArgs: ['--plat', 'linuxu'] },
    ],
  },
];

describe.each(PAIRS)('selftest on $arch, kvm and linuxu', ({ arch, runs }) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('selftest');
    const apply = await ukconfig(['-C', app, 'apply', `defconfigs/kvm+linuxu-${arch}`]);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const build = await ukconfig(['-C', app, 'build']);
    expect(build.exitCode, build.stderr).toBe(0);
  });

  it.each(runs)('$name: every check passes, none skipped', async ({ runArgs }) => {
    expectAllPassed(await runGuest(app, runArgs, ARGS), 50); // the checks ran: about 100 of them
  });
});

/** The guest's summary line: no failure, nothing skipped, more than `least` checks passed, status 0. */
function expectAllPassed(r: { stdout: string; exitCode: number }, least: number): void {
  const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(r.stdout);
  expect(summary, r.stdout).not.toBeNull();
  expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual([]);
  expect([Number(summary![2]), Number(summary![3])]).toEqual([0, 0]);
  expect(Number(summary![1])).toBeGreaterThan(least);
  expect(r.exitCode).toBe(0);
}

// With PAGING the paging API checks itself too (test_paging.c): the image's mappings, map,
// protect and unmap of an alias, a block split by a change to one page, stacks with guard pages.
describe.each(['x86_64', 'arm64'])('selftest on kvm-%s with PAGING', (arch) => {
  it('every check passes, the paging checks included', async () => {
    const app = copyExample('selftest');
    for (const step of [['apply', `defconfigs/kvm-paging-${arch}`], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
    // About 105 checks without paging, 45 more with it.
    expectAllPassed(await runGuest(app, [], ARGS), 140);
    // arm64 maps the GiB of RAM holding the image at boot, the rest from the memory map.
    if (arch === 'arm64') expectAllPassed(await runGuest(app, ['--mem', '1536M'], ARGS), 140);
  });
});

// baremetal: a PC booted from the image's CD and from its raw disk (GRUB, multiboot), the
// status from the guest's last line; the PC boot is kvm-x86_64's, PAGING included.
describe('selftest on baremetal-x86_64', () => {
  it.each([
    { defconfig: 'baremetal-x86_64', least: 100 },
    { defconfig: 'baremetal-paging-x86_64', least: 140 },
  ])('$defconfig: every check passes from the CD and from the disk', async ({ defconfig, least }) => {
    const app = copyExample('selftest');
    for (const step of [['apply', `defconfigs/${defconfig}`], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
    for (const medium of ['cd', 'disk']) {
      const r = await runGuest(app, ['--medium', medium], ARGS);
      expectAllPassed(r, least);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('baremetal: halt, status 0');
    }
  });
});
