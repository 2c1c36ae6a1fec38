/**
 * Interrupts and time on every controller: examples/timers (sleeps, five
 * timers firing while main() spins, cancel, re-arm, all checked by the
 * guest against its clock) on kvm-x86_64 with the APIC (-M pc), the 8259
 * PIC and PIT (-M pc,acpi=off), microvm's APIC, kvm-arm64 with GICv2 and
 * GICv3, xen-arm64 (a domU on Xen's virtual GICv3), rpi3-arm64 (QEMU's
 * Raspberry Pi 3: the BCM2836 local controller), both built in the same
 * configuration as kvm and linuxu, kvm-arm32 (GICv2 on a Cortex-A15), and
 * linuxu (a POSIX timer's signal). The test reads the guest's
 * own report and checks the figures it printed again, and the wall clock
 * against the host's; and that values held in the vector registers
 * (FP/SIMD, SSE, arm32's VFP) survive timer interrupts whose handlers overwrite them. The platform describes the devices it knows in its
 * order of preference and the driver table decides: an image without the
 * APIC driver gets the next controller the PC has.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, configureAndBuild, removeScratch, runGuest } from './ukconfig.js';

afterAll(removeScratch);

interface Run {
  name: string;
  runArgs: string[];
  controller: string | null;
  device: string;
  wallClock: string | null;
}

const ARCHES: { arch: string; defconfig: string; runs: Run[] }[] = [
  {
    arch: 'x86_64',
    defconfig: 'kvm+baremetal+linuxu-x86_64',
    runs: [
      { name: 'kvm -M pc: local APIC, its timer, CMOS RTC', runArgs: ['--plat', 'kvm'], controller: 'apic', device: 'lapic', wallClock: 'mc146818' },
      // The same drivers on a PC booted from the image's CD by its BIOS and GRUB.
      { name: 'baremetal (a PC from its CD): local APIC, its timer, CMOS RTC', runArgs: ['--plat', 'baremetal'], controller: 'apic', device: 'lapic', wallClock: 'mc146818' },
      {
        name: 'kvm -M pc,acpi=off: no MADT, so the 8259 PIC and the PIT',
        runArgs: ['--plat', 'kvm', '--machine', 'pc,acpi=off'],
        controller: 'pic',
        device: 'pit',
        wallClock: 'mc146818',
      },
      { name: 'kvm -M microvm: its APIC, no RTC', runArgs: ['--plat', 'kvm', '--machine', 'microvm'], controller: 'apic', device: 'lapic', wallClock: null },
      { name: 'linuxu: SIGALRM of a POSIX timer', runArgs: ['--plat', 'linuxu'], controller: null, device: 'linuxu', wallClock: 'linuxu' },
    ],
  },
  {
    arch: 'arm64',
    defconfig: 'kvm+xen+rpi3+linuxu-arm64',
    runs: [
      { name: 'kvm -M virt: GICv2, generic timer, PL031', runArgs: ['--plat', 'kvm'], controller: 'gicv2', device: 'armgt', wallClock: 'pl031' },
      {
        name: 'kvm -M virt,gic-version=3: GICv3',
        runArgs: ['--plat', 'kvm', '--machine', 'virt,gic-version=3'],
        controller: 'gicv3',
        device: 'armgt',
        wallClock: 'pl031',
      },
      // The same drivers on Xen's virtual GICv3 and the domain's generic timer; a domU has no RTC.
      { name: 'xen domU: GICv3, generic timer', runArgs: ['--plat', 'xen'], controller: 'gicv3', device: 'armgt', wallClock: null },
      // The same timer driver, its line through the BCM2836 local controller; a Raspberry Pi has no RTC.
      { name: 'rpi3 (-M raspi3b): BCM2836 local controller, generic timer', runArgs: ['--plat', 'rpi3'], controller: 'bcm2836', device: 'armgt', wallClock: null },
      { name: 'linuxu (qemu-aarch64)', runArgs: ['--plat', 'linuxu'], controller: null, device: 'linuxu', wallClock: 'linuxu' },
    ],
  },
  {
    arch: 'arm32',
    defconfig: 'kvm+linuxu-arm32',
    runs: [
      { name: 'kvm -M virt -cpu cortex-a15: GICv2, generic timer, PL031', runArgs: ['--plat', 'kvm'], controller: 'gicv2', device: 'armgt', wallClock: 'pl031' },
      { name: 'linuxu (qemu-arm)', runArgs: ['--plat', 'linuxu'], controller: null, device: 'linuxu', wallClock: 'linuxu' },
    ],
  },
];

/** The wake-up latency allowed: a TCG guest on a shared host is late by tens of milliseconds. */
const SLACK_MS = 400;

describe.each(ARCHES)('timers on $arch', ({ defconfig, runs }) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('timers');
    await configureAndBuild(app, defconfig);
  });

  for (const run of runs) {
    it(run.name, async () => {
      const started = Date.now() / 1000;
      const r = await runGuest(app, run.runArgs, [`timers.slack_ms=${SLACK_MS}`, '--']);
      const out = r.stdout;
      expect(out).toMatch(/^timers: \d+ passed, 0 failed$/m);
      expect(r.exitCode, out).toBe(0);
      if (run.controller) expect(out).toContain(`interrupt controller: ${run.controller}\n`);
      expect(out).toContain(`timer device: ${run.device}, wall clock: ${run.wallClock ?? 'none'}\n`);

      // Never early, at most SLACK_MS late, for each sleep the guest reports.
      const sleeps = [...out.matchAll(/^sleep (\d+) ms: (\d+) us$/gm)].map((m) => [Number(m[1]) * 1000, Number(m[2])]);
      expect(sleeps.map(([asked]) => asked)).toEqual([10_000, 30_000, 100_000]);
      for (const [asked, took] of sleeps) {
        expect(took).toBeGreaterThanOrEqual(asked);
        expect(took).toBeLessThanOrEqual(asked + SLACK_MS * 1000);
      }
      // The five timers fired in deadline order, each at or after it.
      const shots = [...out.matchAll(/^timer (\d+) ms: fired (\d+) us after arming, #(\d)$/gm)];
      expect(shots).toHaveLength(5);
      for (const [, after, at, rank] of shots) {
        expect(Number(rank)).toBe(Number(after) / 10 - 1);
        expect(Number(at)).toBeGreaterThanOrEqual(Number(after) * 1000);
      }
      expect(out).toContain('re-armed timer: fired 5 times\n');
      // Values in every vector register survive interrupts whose handlers overwrite them all.
      const vregs = /^vector registers: (\d+) of (\d+) kept across (\d+) timer interrupts$/m.exec(out);
      expect(vregs, out).not.toBeNull();
      expect(vregs![1]).toBe(vregs![2]);
      expect(Number(vregs![3])).toBeGreaterThanOrEqual(20);
      const irqs = Number(/^timer interrupts: (\d+)$/m.exec(out)![1]);
      expect(irqs).toBeGreaterThanOrEqual(5);

      const wall = /^wall clock: (\d+) s since the epoch$/m.exec(out);
      if (run.wallClock === null) expect(out).toContain('wall clock: none\n');
      else {
        expect(wall, out).not.toBeNull();
        expect(Math.abs(Number(wall![1]) - started)).toBeLessThan(60);
      }
    });
  }
});

describe('the platform describes, the drivers in the image decide', () => {
  it('kvm -M pc built without the APIC driver: the 8259 PIC and the PIT, the next devices the platform describes', async () => {
    const app = copyExample('timers');
    const defconfig = readFileSync(join(app, 'defconfigs', 'kvm-x86_64'), 'utf8');
    writeFileSync(join(app, 'defconfigs', 'kvm-x86_64-no-apic'), `${defconfig}CONFIG_ARCH_X86_64=y\n# CONFIG_LIBAPIC is not set\n`);
    await configureAndBuild(app, 'kvm-x86_64-no-apic');
    const r = await runGuest(app, ['--plat', 'kvm'], [`timers.slack_ms=${SLACK_MS}`, '--']);
    expect(r.stdout).toMatch(/^timers: \d+ passed, 0 failed$/m);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain('interrupt controller: pic\n');
    expect(r.stdout).toContain('timer device: pit, wall clock: mc146818\n');
  });
});
