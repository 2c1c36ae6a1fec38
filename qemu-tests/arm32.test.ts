/**
 * The arm32 architecture (ARMv7-A): examples/helloworld on kvm-arm32,
 * QEMU virt with a Cortex-A15, booted with `ukconfig run`: the console
 * read back, arguments and library parameters, main's status carried by
 * semihosting (SYS_EXIT_EXTENDED); and the crash reports of faults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, copyTestApp, removeScratch, runGuest, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const lines = (s: string) => s.split('\n');

describe('helloworld on kvm-arm32', () => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('helloworld');
    await configureAndBuild(app, 'kvm-arm32');
  });

  it('is a flat 32-bit ARM image with a zImage header, linked where QEMU virt loads it', () => {
    const image = readFileSync(join(app, 'build', 'helloworld_kvm-arm32'));
    expect(image.readUInt32LE(0x24)).toBe(0x016f2818);
    expect(image.readUInt32LE(0x28)).toBe(0x40010000);
    const dbg = readFileSync(join(app, 'build', 'helloworld_kvm-arm32.dbg'));
    // ELF32, little endian, machine EM_ARM (40).
    expect([dbg[4], dbg[5], dbg.readUInt16LE(18)]).toEqual([1, 1, 40]);
  });

  it('boots, receives arguments and library parameters, exits with main\'s status', async () => {
    const r = await runGuest(app, ['--plat', 'kvm'], ['helloworld.status=5', 'helloworld.greeting=Hi there', '--', 'a', 'b c']);
    const out = lines(r.stdout);
    expect(out).toContain('Hi there');
    const at = out.indexOf('argv[0]: helloworld');
    expect(out.slice(at, at + 3)).toEqual(['argv[0]: helloworld', 'argv[1]: a', 'argv[2]: b c']);
    // The guest's own clock (the generic timer through CP15).
    expect(r.stdout).toMatch(/^boot: \d+\.\d us to main \(\d+ ticks at \d+ kHz, cntfrq\)$/m);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(5);
  });

  it('without arguments: the default greeting and status 0', async () => {
    const r = await runGuest(app, ['--plat', 'kvm'], []);
    expect(lines(r.stdout)).toContain('Hello world!');
    expect(r.exitCode).toBe(0);
  });

  it('carries statuses above 124 too, as kvm-arm64 does', async () => {
    const r = await runGuest(app, ['--plat', 'kvm'], ['helloworld.status=200', '--']);
    expect(r.exitCode).toBe(200);
  });

  it('--dry-run prints the QEMU command: virt, a Cortex-A15, semihosting', async () => {
    const r = await ukconfig(['-C', app, 'run', '--dry-run']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^qemu-system-arm -M virt -cpu cortex-a15 .* -semihosting -m 8M -kernel \S+helloworld_kvm-arm32 /m);
  });
});

// qemu-tests/apps/faults: each fault two calls below main(), in a function named after it.
describe('faults on kvm-arm32 end in the crash report', () => {
  let app: string;

  beforeAll(async () => {
    app = copyTestApp('faults');
    await configureAndBuild(app, 'kvm-arm32');
  });

  const fault = async (kind: string) => {
    const r = await runGuest(app, ['--plat', 'kvm'], [`faults.kind=${kind}`, '--']);
    expect(r.stdout).not.toContain('faults: survived');
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain('the guest crashed');
    return r.stdout;
  };

  it('an undefined instruction: the vector, the function, the registers and the backtrace', async () => {
    const out = await fault('undefined');
    expect(out).toMatch(/^CRASH: \[kvm\] undefined instruction at 0x4001[0-9a-f]{4} \(fault_undefined\+0x[0-9a-f]+\)$/m);
    expect(out).toMatch(/^ {2}r0 {2}[0-9a-f]{8} r1 /m);
    expect(out).toMatch(/^ {2}cpsr [0-9a-f]{8} fsr /m);
    // 32-bit addresses, the chain from the fault up to the boot entry.
    const frames = out.split('\n').filter((l) => /^ {2}0x[0-9a-f]{8} /.test(l)).map((l) => l.split(' ')[3].split('+')[0]);
    expect(frames).toEqual(['fault_undefined', 'trigger', 'main', 'uk_boot_entry', 'uk_boot_entry_cmdline', 'plat_arm64_boot', 'entry']);
  });

  it('a load where nothing answers: a data abort with its address and cause', async () => {
    const out = await fault('badaddr');
    expect(out).toMatch(
      /^CRASH: \[kvm\] data abort at 0x[0-9a-f]+ \(fault_badaddr\+0x[0-9a-f]+\), address 0xf0000000, fsr 0x8: read of an address nothing answers \(external abort\)$/m,
    );
  });

  it('a division by zero stops in libgcc\'s hook, the division named in the backtrace', async () => {
    const out = await fault('divide');
    expect(out).toMatch(/^CRASH: \[kvm\] undefined instruction at 0x[0-9a-f]+ \(__aeabi_idiv0\+0x[0-9a-f]+\)$/m);
    expect(out).toMatch(/^ {2}0x[0-9a-f]{8} fault_divide\+0x[0-9a-f]+$/m);
  });

  it('UK_CRASH from the application', async () => {
    const out = await fault('crash');
    expect(out).toMatch(/^CRASH: \[faults\] \/app\/main\.c:\d+: crash requested by the application$/m);
  });
});
