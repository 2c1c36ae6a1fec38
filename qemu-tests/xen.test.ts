/**
 * The xen platform (arm64): examples/helloworld and examples/selftest as
 * dom0less domUs of Xen 4.17 running under qemu-system-aarch64 (TCG),
 * booted by `ukconfig run --plat xen`, which fetches Debian's hypervisor
 * into the cache when it is missing, adds the domain to QEMU's device tree
 * and reads the guest's console and final status line out of Xen's
 * console. (Faults on xen are in faults.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHypervisor, readHypervisorManifest, runXen, writeDomuDtb, xenCommand } from '../buildgen/src/xen.js';
import { Problems } from '../buildgen/src/problems.js';
import { configureAndBuild, copyExample, removeScratch, ROOT, runGuest, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const lines = (out: string) => out.split('\n').filter((l) => l !== '');

describe('helloworld on xen-arm64', () => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('helloworld');
    await configureAndBuild(app, 'xen-arm64');
  });

  it('boots as a domU, receives arguments and library parameters, exits with main\'s status', async () => {
    const r = await runGuest(app, ['--plat', 'xen'], ['helloworld.status=5', 'helloworld.greeting=Hi there', '--', 'a', 'b c']);
    const out = lines(r.stdout);
    expect(out).toContain('Hi there');
    const argvAt = out.indexOf('argv[0]: helloworld');
    expect(out.slice(argvAt, argvAt + 3)).toEqual(['argv[0]: helloworld', 'argv[1]: a', 'argv[2]: b c']);
    expect(r.stdout).toMatch(/^boot: \d+\.\d us to main/m);
    // The guest's console only: Xen's own lines stay out of it.
    expect(r.stdout).not.toContain('(XEN)');
    expect(out.at(-1)).toBe('xen: shutdown poweroff, status 5');
    expect(r.exitCode).toBe(5);
  });

  it('without arguments: the default greeting and status 0', async () => {
    const r = await runGuest(app, ['--plat', 'xen'], []);
    expect(lines(r.stdout)).toContain('Hello world!');
    expect(r.exitCode).toBe(0);
  });

  it('carries statuses above 124 too, as kvm-arm64 does', async () => {
    const r = await runGuest(app, ['--plat', 'xen'], ['helloworld.status=200', '--']);
    expect(r.exitCode).toBe(200);
  });

  it("takes its memory map from the device tree Xen builds for the domain (--mem sets the domain's size)", async () => {
    for (const [mem, end] of [
      ['16M', '0x41000000'],
      ['32M', '0x42000000'],
    ]) {
      const r = await runGuest(app, ['--plat', 'xen', '--mem', mem], ['ukdebug.level=4', '--']);
      expect(r.exitCode, r.stderr).toBe(0);
      // Xen's domU RAM starts at 0x40000000 (GUEST_RAM0_BASE); the image is loaded at text_offset 0x1000.
      expect(r.stdout).toMatch(/\[ukplat\] mem 0x40001000-0x[0-9a-f]+ image$/m);
      expect(r.stdout).toMatch(/\[ukplat\] mem 0x[0-9a-f]+-0x[0-9a-f]+ device tree$/m);
      expect(r.stdout).toMatch(new RegExp(`\\[ukplat\\] mem 0x[0-9a-f]+-${end} ram \\(free\\)$`, 'm'));
      expect(r.stdout).toMatch(/\[xen\] entered \d+ us after the domain was created$/m);
    }
  });

  it('--dry-run prints the QEMU command: Xen as the kernel, the domain tree, the image as a loader blob', async () => {
    const r = await ukconfig(['-C', app, 'run', '--plat', 'xen', '--dry-run']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^qemu-system-aarch64 -M virt,gic-version=3,virtualization=true .* -kernel \S+\/xen\/xen-\S+-arm64 -dtb \S+\/build\/xen-arm64\/domu\.dtb -device loader,file=\S+\/build\/helloworld_xen-arm64,addr=0x50000000,force-raw=on$/);
  });

  it('a domain without the vpl011 writes through the console_io hypercall', async () => {
    const manifest = readHypervisorManifest(join(ROOT, 'pools', 'plat', 'xen', 'hypervisor.json'));
    const hypervisor = await ensureHypervisor(manifest, process.env, () => {});
    const spec = {
      arch: 'arm64',
      plat: 'xen',
      image: join(app, 'build', 'helloworld_xen-arm64'),
      settings: { debugExitPort: null, semihosting: false },
      args: ['helloworld.status=7', '--', 'via', 'console_io'],
    };
    const dtb = join(app, 'build', 'xen-arm64', 'no-vpl011.dtb');
    await writeDomuDtb(spec, 'qemu-system-aarch64', dtb, { vpl011: false });
    const [out, err] = [new PassThrough(), new PassThrough()];
    const text = (s: PassThrough) => String(s.read() ?? '');
    const exit = await runXen(xenCommand(spec, 'qemu-system-aarch64', hypervisor, dtb), 60, out, err);
    const console = text(out);
    expect(exit, text(err)).toEqual({ status: 7, note: null });
    expect(lines(console)).toEqual(expect.arrayContaining(['Hello world!', 'argv[1]: via', 'argv[2]: console_io', 'xen: shutdown poweroff, status 7']));
  });

  it('refuses --gdb, --smp, --initrd and a domain too small for Xen, with a reason', async () => {
    const gdb = await ukconfig(['-C', app, 'run', '--plat', 'xen', '--gdb']);
    expect(gdb.exitCode).toBe(125);
    expect(gdb.stderr).toContain('--gdb: xen images run under Xen');
    const smp = await ukconfig(['-C', app, 'run', '--plat', 'xen', '--smp', '2']);
    expect(smp.exitCode).not.toBe(0);
    expect(smp.stderr).toContain('--smp applies to kvm images only');
    const initrd = await ukconfig(['-C', app, 'run', '--plat', 'xen', '--initrd', join(app, 'Config.uk')]);
    expect(initrd.exitCode).not.toBe(0);
    expect(initrd.stderr).toContain('--initrd applies to kvm and linuxu images only');
    const small = await ukconfig(['-C', app, 'run', '--plat', 'xen', '--mem', '4M']);
    expect(small.exitCode).toBe(125);
    expect(small.stderr).toContain('a Xen domU needs at least 8M');
  });
});

// The arm64 Image boot is shared with kvm: with PAGING it builds the page table and turns the MMU on under Xen too.
describe('helloworld on xen-arm64 with PAGING', () => {
  it('boots with the MMU on, its page table built at entry, and exits with main\'s status', async () => {
    const app = copyExample('helloworld');
    writeFileSync(join(app, 'defconfigs', 'xen-paging-arm64'), readFileSync(join(app, 'defconfigs', 'xen-arm64'), 'utf8') + 'CONFIG_PAGING=y\n');
    await configureAndBuild(app, 'xen-paging-arm64');
    const r = await runGuest(app, ['--plat', 'xen'], ['ukdebug.level=4', 'helloworld.status=9', '--', 'paged']);
    expect(r.stdout).toMatch(/\[ukplat\] boot page table built in \d+ ticks$/m);
    expect(lines(r.stdout)).toEqual(expect.arrayContaining(['Hello world!', 'argv[1]: paged', 'xen: shutdown poweroff, status 9']));
    expect(r.exitCode).toBe(9);
  });
});

describe('selftest on xen-arm64', () => {
  it('every check passes, none skipped', async () => {
    const app = copyExample('selftest');
    await configureAndBuild(app, 'xen-arm64');
    const args = ['selftest.num=-42', 'selftest.big=0x10', 'selftest.flag', 'selftest.word=hello', '--', 'alpha', 'beta gamma'];
    const r = await runGuest(app, ['--plat', 'xen'], args);
    const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(r.stdout);
    expect(summary, r.stdout).not.toBeNull();
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual([]);
    expect([Number(summary![2]), Number(summary![3])]).toEqual([0, 0]);
    expect(Number(summary![1])).toBeGreaterThan(50);
    expect(r.exitCode).toBe(0);
  });
});

describe('fetching the hypervisor', () => {
  const manifest = readHypervisorManifest(join(ROOT, 'pools', 'plat', 'xen', 'hypervisor.json'));
  let cache: string;
  beforeAll(() => {
    cache = mkdtempSync(join(tmpdir(), 'ukconfig-xen-cache-'));
  });
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('names the package and what apt-get needs when the version cannot be fetched', async () => {
    const bad = { ...manifest, version: '0.0-not-in-debian' };
    const err = await ensureHypervisor(bad, { ...process.env, UKCONFIG_CACHE_DIR: cache }, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Problems);
    expect((err as Problems).messages[0]).toMatch(/^cannot fetch the Xen hypervisor: apt-get download xen-hypervisor-4\.17-arm64:arm64=0\.0-not-in-debian failed \(E: .*\)\. It needs Debian's arm64 package lists/);
  });

  it('refuses a package whose checksum differs from the manifest, keeping nothing', async () => {
    const wrong = { ...manifest, sha256: '0'.repeat(64) };
    const env = { ...process.env, UKCONFIG_CACHE_DIR: cache };
    const err = await ensureHypervisor(wrong, env, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Problems);
    expect((err as Problems).messages[0]).toMatch(/: sha256 [0-9a-f]{64} differs from the 0{64} that pools\/plat\/xen\/hypervisor\.json records$/);
    // The manifest's real checksum is what the package has: fetched again, it is kept.
    const got = await ensureHypervisor(manifest, env, () => {});
    expect(readFileSync(got).readUInt32LE(56)).toBe(0x644d5241); // the arm64 Image magic "ARM\x64": Xen boots as a Linux Image
  });

  it('the hypervisor manifest is checked when read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-xen-manifest-'));
    try {
      const f = join(dir, 'hypervisor.json');
      writeFileSync(f, JSON.stringify({ ...manifest, sha256: '' }));
      expect(() => readHypervisorManifest(f)).toThrow(Problems);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
