/**
 * The rpi3 platform (arm64): examples/helloworld and examples/selftest on
 * QEMU's Raspberry Pi 3 (`-M raspi3b`), booted by `ukconfig run --plat
 * rpi3` with the board's device tree, the status read from the guest's
 * last line; the image booted without a tree too (QEMU's plain -kernel),
 * taking its memory from the firmware's mailbox; and one configuration
 * with kvm, xen, rpi3 and linuxu that builds the four images in one build,
 * each of which boots; an initrd given with --initrd. (Faults on rpi3 are
 * in faults.test.ts, its timer in timers.test.ts.)
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, GUEST_TIMEOUT_S, removeScratch, runGuest, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

// QEMU's serial output ends lines with \r\n; ukconfig run's with \n.
const lines = (out: string) => out.split(/\r?\n/).filter((l) => l !== '');

describe('helloworld on rpi3-arm64', () => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('helloworld');
    await configureAndBuild(app, 'rpi3-arm64');
  });

  it('is a Linux arm64 Image for 0x80000: text_offset 0x80000 in its header, linked there', () => {
    const image = readFileSync(join(app, 'build', 'helloworld_rpi3-arm64'));
    expect(image.readUInt32LE(56)).toBe(0x644d5241); // "ARM\x64"
    expect(image.readBigUInt64LE(8)).toBe(0x80000n);
    const dbg = readFileSync(join(app, 'build', 'helloworld_rpi3-arm64.dbg'));
    expect(dbg.readBigUInt64LE(24)).toBe(0x80000n); // e_entry
  });

  it('boots, receives arguments and library parameters, ends with its status line and main\'s status', async () => {
    const r = await runGuest(app, ['--plat', 'rpi3'], ['helloworld.status=5', 'helloworld.greeting=Hi there', '--', 'a', 'b c']);
    const out = lines(r.stdout);
    expect(out).toContain('Hi there');
    const argvAt = out.indexOf('argv[0]: helloworld');
    expect(out.slice(argvAt, argvAt + 3)).toEqual(['argv[0]: helloworld', 'argv[1]: a', 'argv[2]: b c']);
    expect(r.stdout).toMatch(/^boot: \d+\.\d us to main/m);
    expect(out.at(-1)).toBe('rpi3: halt, status 5');
    expect(r.exitCode).toBe(5);
  });

  it('carries statuses above 124 too, as kvm-arm64 does', async () => {
    const r = await runGuest(app, ['--plat', 'rpi3'], ['helloworld.status=200', '--']);
    expect(lines(r.stdout).at(-1)).toBe('rpi3: halt, status 200');
    expect(r.exitCode).toBe(200);
  });

  it("takes its memory from the device tree QEMU fills in: the ARM's share, not the mailbox's", async () => {
    const r = await runGuest(app, ['--plat', 'rpi3'], ['ukdebug.level=4', '--']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[ukplat\] mem 0x00080000-0x[0-9a-f]+ image$/m);
    expect(r.stdout).toMatch(/\[ukplat\] mem 0x[0-9a-f]+-0x[0-9a-f]+ device tree$/m);
    // raspi3b: 1 GiB, of which the last 64 MiB are the GPU's (and hold the peripherals at 0x3f000000).
    expect(r.stdout).toMatch(/\[ukplat\] mem 0x[0-9a-f]+-0x3c000000 ram \(free\)$/m);
    expect(r.stdout).not.toContain("memory from the firmware's mailbox");
  });

  it('boots without a device tree (QEMU -kernel alone): memory from the mailbox, the PL011 console, the status line', async () => {
    // The same image, a configuration that prints the memory map at every boot: no tree, no command line.
    const verbose = copyExample('helloworld');
    writeFileSync(join(verbose, 'defconfigs', 'rpi3-verbose-arm64'), readFileSync(join(verbose, 'defconfigs', 'rpi3-arm64'), 'utf8') + 'CONFIG_UKDEBUG_LEVEL=4\n');
    await configureAndBuild(verbose, 'rpi3-verbose-arm64');
    const image = join(verbose, 'build', 'helloworld_rpi3-arm64');
    const { stdout } = await promisify(execFile)(
      'qemu-system-aarch64',
      ['-M', 'raspi3b', '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot', '-kernel', image],
      { timeout: GUEST_TIMEOUT_S * 1000 },
    );
    expect(stdout).toMatch(/\[rpi3\] memory from the firmware's mailbox: 0x3c000000 bytes at 0$/m);
    expect(stdout).toMatch(/\[ukplat\] mem 0x[0-9a-f]+-0x3c000000 ram \(free\)$/m);
    expect(stdout).not.toContain('device tree');
    expect(lines(stdout)).toEqual(expect.arrayContaining(['Hello world!', 'argv[0]: helloworld']));
    expect(lines(stdout).at(-1)).toBe('rpi3: halt, status 0');
  });

  it('--dry-run prints the QEMU command: raspi3b, the image as its kernel, the board\'s device tree', async () => {
    const r = await ukconfig(['-C', app, 'run', '--plat', 'rpi3', '--dry-run', '--', 'x']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^qemu-system-aarch64 -M raspi3b .*-no-reboot -kernel \S+\/build\/helloworld_rpi3-arm64 -dtb \S+\/build\/rpi3-arm64\/raspi3b\.dtb -append x$/);
  });

  it('refuses what the board cannot have', async () => {
    const mem = await ukconfig(['-C', app, 'run', '--plat', 'rpi3', '--mem', '64M']);
    expect(mem.exitCode).toBe(125);
    expect(mem.stderr).toContain("--mem: QEMU's raspi3b has 1G of memory, fixed");
    const smp = await ukconfig(['-C', app, 'run', '--plat', 'rpi3', '--smp', '2']);
    expect(smp.stderr).toContain('--smp applies to kvm images only');
  });
});

// With PAGING the selftest adds the paging API's checks: the boot page table on a board whose RAM and devices share the first GiB.
describe('selftest on rpi3-arm64', () => {
  it.each([
    { defconfig: 'rpi3-arm64', least: 100 },
    { defconfig: 'rpi3-paging-arm64', least: 150 },
  ])('$defconfig: every check passes, none skipped', async ({ defconfig, least }) => {
    const app = copyExample('selftest');
    await configureAndBuild(app, defconfig);
    const args = ['selftest.num=-42', 'selftest.big=0x10', 'selftest.flag', 'selftest.word=hello', '--', 'alpha', 'beta gamma'];
    const r = await runGuest(app, ['--plat', 'rpi3'], args);
    const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(r.stdout);
    expect(summary, r.stdout).not.toBeNull();
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual([]);
    expect([Number(summary![2]), Number(summary![3])]).toEqual([0, 0]);
    expect(Number(summary![1])).toBeGreaterThanOrEqual(least);
    expect(lines(r.stdout).at(-1)).toBe('rpi3: halt, status 0');
    expect(r.exitCode).toBe(0);
  });
});

describe('helloworld on arm64, kvm, xen, rpi3 and linuxu from one configuration', () => {
  const PLATS = ['kvm', 'xen', 'rpi3', 'linuxu'];
  let app: string;

  beforeAll(async () => {
    app = copyExample('helloworld');
    await configureAndBuild(app, 'kvm+xen+rpi3+linuxu-arm64');
  });

  it('one ukconfig build makes the four images, each with only its own platform', () => {
    for (const plat of PLATS) expect(existsSync(join(app, 'build', `helloworld_${plat}-arm64`)), plat).toBe(true);
    const libs = (plat: string) => /^UK_LIBS := (.*)$/m.exec(readFileSync(join(app, 'build', `${plat}-arm64`, 'Makefile'), 'utf8'))![1].split(' ');
    expect(libs('rpi3')).toEqual(expect.arrayContaining(['rpi3', 'ukplat', 'pl011']));
    for (const other of PLATS.filter((p) => p !== 'rpi3')) {
      expect(libs('rpi3')).not.toContain(other);
      expect(libs(other)).not.toContain('rpi3');
    }
  });

  it.each(PLATS)('ukconfig run --plat %s boots it with arguments and gives main\'s status', async (plat) => {
    const r = await runGuest(app, ['--plat', plat], ['helloworld.status=6', '--', 'one']);
    expect(lines(r.stdout)).toEqual(expect.arrayContaining(['Hello world!', 'argv[1]: one']));
    expect(r.exitCode, r.stderr).toBe(6);
  });
});

describe('--initrd on rpi3', () => {
  it('the archive reaches the guest through the device tree QEMU fills in (/chosen linux,initrd-*)', async () => {
    const app = copyExample('posixfs');
    writeFileSync(join(app, 'defconfigs', 'rpi3-musl-arm64'), 'CONFIG_ARCH_ARM64=y\nCONFIG_PLAT_RPI3=y\nCONFIG_LIBC_MUSL=y\nCONFIG_UK_NAME="posixfs"\n');
    await configureAndBuild(app, 'rpi3-musl-arm64');
    const r = await runGuest(app, ['--plat', 'rpi3', '--initrd', join(app, 'rootfs')], ['/']);
    expect(lines(r.stdout)).toContain('cat data/greeting.txt (23 bytes): Hello from the initrd.');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    // Without it the file is not there: the check above can fail.
    const bare = await runGuest(app, ['--plat', 'rpi3'], ['/']);
    expect(bare.stdout).not.toContain('Hello from the initrd');
  });
});
