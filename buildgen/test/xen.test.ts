/**
 * The pieces of `ukconfig run --plat xen` that need no Xen: the domain's
 * device-tree node (compiled by the real dtc), the QEMU command, the
 * reading of Xen's console and of the guest's status line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GuestArgumentError, type GuestSpec } from '../src/guest.js';
import {
  domuMemoryKiB,
  domuNode,
  guestLine,
  hypervisorPath,
  MODULE_ADDRESS,
  runXen,
  statusOf,
  VPL011_PIECE,
  XEN_BOOTARGS,
  xenCommand,
} from '../src/xen.js';

const spec = (over: Partial<GuestSpec> = {}): GuestSpec => ({
  plat: 'xen',
  arch: 'arm64',
  image: '/b/helloworld_xen-arm64',
  settings: { debugExitPort: null, semihosting: false },
  args: [],
  ...over,
});

describe('domuNode', () => {
  it('merges into /chosen of a tree and compiles with dtc, strings escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-xen-dts-'));
    try {
      const base = '/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tchosen {\n\t\tstdout-path = "/pl011@9000000";\n\t};\n};\n';
      const src = join(dir, 't.dts');
      writeFileSync(src, base + domuNode({ imageSize: 28736, bootargs: 'a.b=1 "x=Hi there" back\\slash', memoryKiB: 16384 }));
      execFileSync('dtc', ['-q', '-I', 'dts', '-O', 'dtb', '-o', join(dir, 't.dtb'), src]);
      const back = execFileSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', join(dir, 't.dtb')], { encoding: 'utf8' });
      // One /chosen holding both the old property and the domain.
      expect(back.match(/chosen \{/g)).toHaveLength(1);
      expect(back).toContain('stdout-path = "/pl011@9000000";');
      expect(back).toContain(`xen,xen-bootargs = "${XEN_BOOTARGS}";`);
      expect(back).toMatch(/domU1 \{[^}]*compatible = "xen,domain";[^}]*memory = <0x00 0x4000>;[^}]*vpl011;/s);
      expect(back).toContain(`module@${MODULE_ADDRESS.toString(16)} {`);
      expect(back).toContain('reg = <0x00 0x50000000 0x00 0x7040>;');
      expect(back).toContain('bootargs = "a.b=1 \\"x=Hi there\\" back\\\\slash";');
      // Without the vpl011 the domain has no UART (the guest uses console_io).
      writeFileSync(src, base + domuNode({ imageSize: 1, bootargs: '', memoryKiB: 16384, vpl011: false }));
      execFileSync('dtc', ['-q', '-I', 'dts', '-O', 'dtb', '-o', join(dir, 't.dtb'), src]);
      expect(execFileSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', join(dir, 't.dtb')], { encoding: 'utf8' })).not.toContain('vpl011');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('domuMemoryKiB', () => {
  it('is 16M by default, --mem in QEMU units, refused below 8M', () => {
    expect(domuMemoryKiB(spec())).toBe(16384);
    expect(domuMemoryKiB(spec({ memory: '32M' }))).toBe(32768);
    expect(domuMemoryKiB(spec({ memory: '9216K' }))).toBe(9216);
    expect(domuMemoryKiB(spec({ memory: '1G' }))).toBe(1048576);
    expect(() => domuMemoryKiB(spec({ memory: '4M' }))).toThrow(/at least 8M/);
  });
});

describe('xenCommand', () => {
  it('boots Xen with the domain tree and loads the image where the tree says', () => {
    const c = xenCommand(spec(), 'qemu-system-aarch64', '/cache/xen', '/b/xen-arm64/domu.dtb');
    expect(c.file).toBe('qemu-system-aarch64');
    expect(c.args.slice(0, 2)).toEqual(['-M', 'virt,gic-version=3,virtualization=true']);
    const at = (o: string) => c.args[c.args.indexOf(o) + 1];
    expect(at('-kernel')).toBe('/cache/xen');
    expect(at('-dtb')).toBe('/b/xen-arm64/domu.dtb');
    expect(at('-device')).toBe('loader,file=/b/helloworld_xen-arm64,addr=0x50000000,force-raw=on');
    expect(at('-serial')).toBe('stdio');
    expect(c.args).toContain('-no-reboot');
  });
  it('refuses --gdb', () => {
    expect(() => xenCommand(spec({ gdbPort: 1234 }), 'q', 'x', 'd')).toThrow(GuestArgumentError);
  });
});

describe("reading Xen's console", () => {
  it('takes the guest text of vpl011 and console_io lines, not Xen\'s own', () => {
    expect(guestLine('(XEN) DOM1: Hello world!')).toBe('Hello world!');
    expect(guestLine('(XEN) DOM1: ')).toBe('');
    expect(guestLine('(d1) argv[0]: helloworld')).toBe('argv[0]: helloworld');
    expect(guestLine('(XEN) *** LOADING DOMU cpus=1 memory=4000KB ***')).toBeNull();
    expect(guestLine('(XEN) DOM2: other')).toBeNull();
  });
  it('joins the pieces Xen cuts a long vpl011 line into, and leaves Xen\'s own lines out', async () => {
    const long = 'CRASH: [xen] ' + 'x'.repeat(200);
    const exact = 'y'.repeat(VPL011_PIECE);
    const xen = [
      '(XEN) DOM1: ' + long.slice(0, VPL011_PIECE),
      '(XEN) Xen between the pieces',
      '(XEN) DOM1: ' + long.slice(VPL011_PIECE),
      '(XEN) DOM1: ' + exact,
      '(XEN) DOM1: ',
      '(XEN) DOM1: xen: shutdown crash, status 255',
    ];
    const script = xen.map((l) => `printf '%s\\n' '${l}'`).join('; ');
    const out = new PassThrough();
    const exit = await runXen({ file: 'sh', args: ['-c', script] }, 20, out, new PassThrough());
    expect(exit.status).toBe(255);
    expect(String(out.read())).toBe(`${long}\n${exact}\nxen: shutdown crash, status 255\n`);
  });
  it("maps the guest's status line to main's status, crash to 255", () => {
    expect(statusOf('xen: shutdown poweroff, status 5')).toEqual({ status: 5, note: null });
    expect(statusOf('xen: shutdown poweroff, status 0')).toEqual({ status: 0, note: null });
    expect(statusOf('xen: shutdown crash, status 255')?.status).toBe(255);
    expect(statusOf('xen: shutdown crash, status 255')?.note).toMatch(/crashed/);
    expect(statusOf('say xen: shutdown poweroff, status 5')).toBeNull();
    expect(statusOf('xen: shutdown poweroff, status 5 and more')).toBeNull();
  });
});

describe('hypervisorPath', () => {
  it("is one file per version in the ukconfig cache's xen folder", () => {
    const m = { package: 'p:arm64', version: '4.17.7+13-g2445b30a44-0+deb12u1', sha256: 'x', file: 'boot/xen' };
    expect(hypervisorPath(m, { UKCONFIG_CACHE_DIR: '/c' })).toBe('/c/xen/xen-4.17.7+13-g2445b30a44-0+deb12u1-arm64');
    expect(hypervisorPath(m, { XDG_CACHE_HOME: '/x' })).toBe('/x/ukconfig/xen/xen-4.17.7+13-g2445b30a44-0+deb12u1-arm64');
  });
});
