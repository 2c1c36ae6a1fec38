/**
 * The pieces of `ukconfig run --plat rpi3` that need no guest: the QEMU
 * command, the board's device tree (compiled by the real dtc), and the
 * reading of the halt line shared with baremetal.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuestArgumentError, type GuestSpec } from '../src/guest.js';
import { Problems } from '../src/problems.js';
import { rpi3Command, writeRpi3Dtb } from '../src/rpi3.js';
import { haltLineStatus } from '../src/status-line.js';
import { projectPaths } from '../../workspace/src/index.js';

const spec = (over: Partial<GuestSpec> = {}): GuestSpec => ({
  plat: 'rpi3',
  arch: 'arm64',
  image: '/b/helloworld_rpi3-arm64',
  settings: { debugExitPort: null, semihosting: false },
  args: [],
  ...over,
});

describe('rpi3Command', () => {
  it('boots raspi3b with the image as its kernel, the device tree and the arguments, ending on the guest reset', () => {
    const c = rpi3Command(spec({ args: ['helloworld.status=5', '--', 'a', 'b c'] }), 'qemu-system-aarch64', '/b/rpi3-arm64/raspi3b.dtb');
    expect(c.file).toBe('qemu-system-aarch64');
    const at = (o: string) => c.args[c.args.indexOf(o) + 1];
    expect(at('-M')).toBe('raspi3b');
    expect(at('-kernel')).toBe('/b/helloworld_rpi3-arm64');
    expect(at('-dtb')).toBe('/b/rpi3-arm64/raspi3b.dtb');
    expect(at('-append')).toBe('helloworld.status=5 -- a "b c"');
    expect(at('-serial')).toBe('stdio');
    expect(c.args).toContain('-no-reboot');
    expect(c.args).not.toContain('-m');
    expect(c.args).not.toContain('-initrd');
  });

  it('passes --initrd and --gdb as QEMU options', () => {
    const c = rpi3Command(spec({ initrd: '/tmp/i.cpio', gdbPort: 1234 }), 'qemu-system-aarch64', '/d.dtb');
    expect(c.args.join(' ')).toContain('-initrd /tmp/i.cpio');
    expect(c.args.join(' ')).toContain('-S -gdb tcp:127.0.0.1:1234');
  });

  it('takes --mem 1G only: the machine has no other size', () => {
    expect(() => rpi3Command(spec({ memory: '1G' }), 'q', '/d.dtb')).not.toThrow();
    expect(() => rpi3Command(spec({ memory: '64M' }), 'q', '/d.dtb')).toThrow(GuestArgumentError);
    expect(() => rpi3Command(spec({ memory: '64M' }), 'q', '/d.dtb')).toThrow(/raspi3b has 1G of memory, fixed/);
  });
});

describe('writeRpi3Dtb', () => {
  it("compiles the board's tree: a memory node and /chosen for QEMU to fill in", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-rpi3-dtb-'));
    try {
      const dtb = join(dir, 'raspi3b.dtb');
      await writeRpi3Dtb(join(projectPaths().pools, 'plat', 'rpi3', 'qemu-raspi3b.dts'), dtb);
      const dts = execFileSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', dtb], { encoding: 'utf8' });
      expect(dts).toMatch(/memory@0 \{\s*device_type = "memory";/);
      expect(dts).toMatch(/chosen \{/);
      expect(dts).toContain('brcm,bcm2837');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what dtc could not compile, and leaves no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-rpi3-dtb-'));
    try {
      writeFileSync(join(dir, 'bad.dts'), '/dts-v1/;\n/ { oops\n');
      const dtb = join(dir, 'out.dtb');
      await expect(writeRpi3Dtb(join(dir, 'bad.dts'), dtb)).rejects.toThrow(Problems);
      expect(existsSync(dtb)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('haltLineStatus', () => {
  it("reads the platform's own halt line only", () => {
    expect(haltLineStatus('rpi3', 'rpi3: halt, status 5')).toEqual({ status: 5, note: null });
    expect(haltLineStatus('rpi3', 'rpi3: crash, status 255')?.note).toMatch(/crashed/);
    expect(haltLineStatus('baremetal', 'baremetal: halt, status 0')).toEqual({ status: 0, note: null });
    expect(haltLineStatus('rpi3', 'baremetal: halt, status 0')).toBeNull();
    expect(haltLineStatus('rpi3', 'say rpi3: halt, status 5')).toBeNull();
    expect(haltLineStatus('rpi3', 'rpi3: halt, status 5 and more')).toBeNull();
  });
});
