/**
 * What only the arm32 architecture (ARMv7-A) has: the kvm-arm32 image's
 * form (a zImage header, linked where QEMU virt loads a 32-bit ARM
 * kernel), the QEMU command `ukconfig run` gives it, and its power off
 * without semihosting. helloworld, the selftest and the faults boot on
 * kvm-arm32 and linuxu-arm32 with the other architectures
 * (helloworld.test.ts, selftest.test.ts, faults.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestCommand } from '../buildgen/src/guest.js';
import { configureAndBuild, copyExample, GUEST_TIMEOUT_S, removeScratch, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

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

  it('--dry-run prints the QEMU command: virt, a Cortex-A15, semihosting', async () => {
    const r = await ukconfig(['-C', app, 'run', '--dry-run']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^qemu-system-arm -M virt -cpu cortex-a15 .* -semihosting -m 8M -kernel \S+helloworld_kvm-arm32 /m);
  });

  it('without -semihosting the exit call traps: a warning, then PSCI SYSTEM_OFF (status lost)', () => {
    const image = join(app, 'build', 'helloworld_kvm-arm32');
    const cmd = guestCommand({ arch: 'arm32', plat: 'kvm', image, settings: { debugExitPort: null, semihosting: false }, args: ['helloworld.status=7', '--'] });
    expect(cmd.args).not.toContain('-semihosting');
    // Exits 0 (execFileSync throws otherwise): PSCI carries no status.
    const out = execFileSync(cmd.file, cmd.args, { encoding: 'utf8', timeout: GUEST_TIMEOUT_S * 1000 });
    expect(out).toContain('Hello world!');
    expect(out).toMatch(/^Warn: \[kvm\] semihosting unavailable \(QEMU needs -semihosting\): powering off without an exit status\r?$/m);
  });
});
