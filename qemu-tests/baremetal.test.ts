/**
 * plat/baremetal: x86_64 images a PC boots from a CD or a disk through
 * GRUB, without a hypervisor. examples/helloworld with kvm, baremetal and
 * linuxu in one configuration: one `ukconfig build` makes the three
 * images and the baremetal image's boot media; `ukconfig run --plat P`
 * boots each. QEMU boots the media as a plain PC (`-M pc`, SeaBIOS, no
 * `-kernel`); the exit status comes from the guest's last line. The VGA
 * text screen is read back from the machine's memory.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, GUEST_TIMEOUT_S, removeScratch, runGuest, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const ARGS = ['helloworld.status=5', 'helloworld.greeting=Hi there', '--', 'a', 'b c'];
const IMAGE = (app: string, plat: string) => join(app, 'build', `helloworld_${plat}-x86_64`);

describe('helloworld on x86_64, kvm, baremetal and linuxu from one configuration', () => {
  let app: string;
  let build: { exitCode: number; stdout: string; stderr: string };

  beforeAll(async () => {
    app = copyExample('helloworld');
    const apply = await ukconfig(['-C', app, 'apply', 'defconfigs/kvm+baremetal+linuxu-x86_64']);
    expect(apply.exitCode, apply.stderr).toBe(0);
    build = await ukconfig(['-C', app, 'build']);
  });

  it('one ukconfig build makes the three images, and the CD and disk of the baremetal one', () => {
    expect(build.stderr).toBe('');
    expect(build.exitCode).toBe(0);
    for (const plat of ['kvm', 'baremetal', 'linuxu']) {
      expect(existsSync(IMAGE(app, plat))).toBe(true);
      expect(build.stdout).toContain(`[${plat}-x86_64] build/helloworld_${plat}-x86_64: `);
    }
    // The same multiboot ELF as kvm's, but its own platform library.
    const libs = (plat: string) => /^UK_LIBS := (.*)$/m.exec(readFileSync(join(app, 'build', `${plat}-x86_64`, 'Makefile'), 'utf8'))![1].split(' ');
    expect(libs('baremetal')).toEqual(expect.arrayContaining(['baremetal', 'ukplat', 'ns16550', 'vgatext']));
    expect(libs('baremetal')).not.toContain('kvm');
    expect(libs('kvm')).not.toContain('baremetal');
    expect(libs('kvm')).not.toContain('vgatext');

    const iso = readFileSync(IMAGE(app, 'baremetal') + '.iso');
    expect(iso.subarray(0x8001, 0x8006).toString('latin1')).toBe('CD001'); // ISO 9660 primary volume descriptor
    const disk = readFileSync(IMAGE(app, 'baremetal') + '.disk');
    expect(disk.readUInt16LE(510)).toBe(0xaa55);
    expect(disk[446]).toBe(0x80); // the partition is active,
    expect(disk[446 + 4]).toBe(0x0e); // FAT16 with LBA,
    expect(disk.readUInt32LE(446 + 8)).toBe(2048); // from sector 2048, to the disk's end
    expect((disk.readUInt32LE(446 + 8) + disk.readUInt32LE(446 + 12)) * 512).toBe(disk.length);
    // The partition holds the image and GRUB's configuration (read with mtools, as a user would).
    const inPartition = (path: string) => execFileSync('mtype', ['-i', `${IMAGE(app, 'baremetal')}.disk@@1M`, path], { encoding: 'latin1' });
    expect(inPartition('::/boot/grub/grub.cfg')).toContain('multiboot /boot/unikernel unikernel');
    expect(Buffer.from(inPartition('::/boot/unikernel'), 'latin1').equals(readFileSync(IMAGE(app, 'baremetal')))).toBe(true);
  });

  it.each(['kvm', 'baremetal', 'linuxu'])('ukconfig run --plat %s boots it with arguments and gives main\'s status', async (plat) => {
    const r = await runGuest(app, ['--plat', plat], ARGS);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('Hi there');
    expect(lines).toContain('argv[1]: a');
    expect(lines).toContain('argv[2]: b c');
    expect(r.exitCode, r.stdout + r.stderr).toBe(5);
    if (plat === 'baremetal') expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('baremetal: halt, status 5');
  });

  it('the raw disk boots too (--medium disk), and without arguments the built medium is booted', async () => {
    const r = await runGuest(app, ['--plat', 'baremetal', '--medium', 'disk'], ['helloworld.status=7', '--']);
    expect(r.stdout.split('\n')).toContain('Hello world!');
    expect(r.exitCode, r.stdout + r.stderr).toBe(7);
    const plain = await ukconfig(['-C', app, 'run', '--plat', 'baremetal', '--timeout', String(GUEST_TIMEOUT_S)]);
    expect(plain.stdout.replace(/\r/g, '').split('\n')).toContain('Hello world!');
    expect(plain.exitCode).toBe(0);
  });

  it('the command is a plain PC: BIOS, the CD or disk, no -kernel', async () => {
    for (const [medium, drive] of [
      ['cd', `-cdrom ${IMAGE(app, 'baremetal')}.iso`],
      ['disk', `-drive format=raw,file=${IMAGE(app, 'baremetal')}.disk`],
    ]) {
      const r = await ukconfig(['-C', app, 'run', '--plat', 'baremetal', '--medium', medium, '--dry-run']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^qemu-system-x86_64 -M pc /);
      expect(r.stdout).toContain(drive);
      expect(r.stdout).not.toContain('-kernel');
    }
  });

  it('refuses what GRUB would change or drop, and options of other platforms', async () => {
    for (const bad of ['say "hi"', 'back\\slash', "it's", '']) {
      const r = await runGuest(app, ['--plat', 'baremetal'], ['--', bad]);
      expect(r.exitCode).toBe(125);
      expect(r.stderr).toMatch(/ukconfig run: a baremetal guest argument cannot/);
    }
    const r = await ukconfig(['-C', app, 'run', '--plat', 'kvm', '--medium', 'disk']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--medium applies to baremetal images only');
  });

  it('the VGA text screen shows the console', async () => {
    const screen = await vgaScreen(IMAGE(app, 'baremetal') + '.iso');
    expect(screen).toContain('Hello world!');
    expect(screen).toContain('argv[0]: helloworld');
    expect(screen.at(-1)).toBe('baremetal: halt, status 0');
  });
});

describe('BAREMETAL_DEBUG_EXIT', () => {
  it("QEMU's isa-debug-exit gets the status too, encoded as kvm-x86_64's", async () => {
    const app = copyExample('helloworld');
    writeFileSync(join(app, 'debug-exit'), 'CONFIG_PLAT_BAREMETAL=y\nCONFIG_BAREMETAL_DEBUG_EXIT=y\nCONFIG_UK_NAME="helloworld"\n');
    for (const step of [['apply', 'debug-exit'], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
    const { code, serial } = await qemuPc(IMAGE(app, 'baremetal') + '.iso', ['-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']);
    expect(serial).toContain('baremetal: halt, status 0');
    expect(code).toBe(3); // (status + 1) << 1 | 1
  });
});

/** Boots `iso` as a PC with QEMU directly; its exit code and serial text. */
async function qemuPc(iso: string, extra: string[]): Promise<{ code: number | null; serial: string }> {
  const child = spawn('timeout', [String(GUEST_TIMEOUT_S), 'qemu-system-x86_64', '-M', 'pc', '-accel', 'tcg', '-nodefaults', '-display', 'none', '-serial', 'stdio', '-no-reboot', '-m', '32M', '-cdrom', iso, ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let serial = '';
  child.stdout.on('data', (d: Buffer) => (serial += d.toString('latin1')));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, serial: serial.replace(/\r/g, '') };
}

/**
 * The text rows of the VGA screen once the guest has powered off: QEMU with
 * a VGA card, kept alive after the power off (-no-shutdown), its monitor
 * asked for the 80x25 cells at 0xB8000.
 */
async function vgaScreen(iso: string): Promise<string[]> {
  const dir = tempDir('vga');
  const dump = join(dir, 'screen.bin');
  const child = spawn('timeout', [String(GUEST_TIMEOUT_S), 'qemu-system-x86_64', '-M', 'pc', '-accel', 'tcg', '-nodefaults', '-vga', 'std', '-display', 'none', '-serial', `file:${join(dir, 'serial.txt')}`, '-monitor', 'stdio', '-no-shutdown', '-m', '32M', '-cdrom', iso], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let monitor = '';
  child.stdout.on('data', (d: Buffer) => (monitor += d.toString('latin1')));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // Powered off: QEMU says so in its status, and the screen no longer changes.
  const poll = setInterval(() => child.stdin.write('info status\n'), 200);
  while (!monitor.includes('(shutdown)') && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  clearInterval(poll);
  child.stdin.write(`pmemsave 0xb8000 4000 "${dump}"\nquit\n`);
  await closed;
  expect(existsSync(dump), monitor).toBe(true);
  const cells = readFileSync(dump);
  const rows: string[] = [];
  for (let r = 0; r < 25; r++) {
    let row = '';
    for (let c = 0; c < 80; c++) row += String.fromCharCode(cells[(r * 80 + c) * 2]);
    rows.push(row.trimEnd());
  }
  while (rows.length && rows.at(-1) === '') rows.pop();
  return rows;
}

describe('--initrd on baremetal', () => {
  it("the archive reaches the guest as GRUB's first multiboot module, from the CD and from the disk", async () => {
    const app = copyExample('posixfs');
    writeFileSync(join(app, 'baremetal'), 'CONFIG_PLAT_BAREMETAL=y\nCONFIG_LIBC_MUSL=y\nCONFIG_UK_NAME="posixfs"\n');
    for (const step of [['apply', 'baremetal'], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
    const greeting = 'cat data/greeting.txt (23 bytes): Hello from the initrd.';
    for (const medium of ['cd', 'disk']) {
      const r = await runGuest(app, ['--medium', medium, '--initrd', join(app, 'rootfs')], ['/']);
      expect(r.stdout.split('\n'), medium).toContain(greeting);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
    // Without it the file is not there: the check above can fail.
    const bare = await runGuest(app, [], ['/']);
    expect(bare.stdout).not.toContain('Hello from the initrd');
  });
});
