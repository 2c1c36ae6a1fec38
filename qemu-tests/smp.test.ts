/**
 * SMP on kvm (pools/lib/uklcpu): examples/smp on -smp 2 and -smp 4, x86_64
 * on -M pc (local APICs from the MADT, INIT-SIPI-SIPI) and arm64 on virt
 * with GICv2 and GICv3 (PSCI CPU_ON from the device tree). The guest checks
 * itself (calls through IPIs, a worker per CPU with its own timer and a
 * shared counter under a spinlock, and with paging a TLB shootdown: a
 * page mapped again on CPU 0 must read as the new page on every other
 * CPU, whose TLB held the old one); the test reads its report and checks
 * that every CPU of the machine took part. Without SMP in the
 * configuration the same machine runs the image on one CPU.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, removeScratch, runGuest, type Result } from './ukconfig.js';

afterAll(removeScratch);

const MACHINES: { arch: string; runs: { machine: string; controller: string; timer: string }[] }[] = [
  { arch: 'x86_64', runs: [{ machine: 'pc', controller: 'apic', timer: 'lapic' }] },
  {
    arch: 'arm64',
    runs: [
      { machine: 'virt', controller: 'gicv2', timer: 'armgt' },
      { machine: 'virt,gic-version=3', controller: 'gicv3', timer: 'armgt' },
    ],
  },
];

const TICKS = 5;
/** Enough for the CPUs to overlap: with the lock taken out, -smp 4 loses updates on both architectures. */
const ROUNDS = 1_000_000;

/** What every report must show for `cpus` CPUs. */
function expectAllCpusWorked(r: Result, cpus: number): void {
  const out = r.stdout;
  expect(out).toMatch(/^smp: \d+ passed, 0 failed$/m);
  expect(r.exitCode, out).toBe(0);
  expect(out).toContain(`cpus: ${cpus}, `);
  for (let c = 1; c < cpus; c++) expect(out).toMatch(new RegExp(`^ipi to cpu ${c}: ran on cpu ${c}, [1-9]\\d* ipis$`, 'm'));
  for (let c = 0; c < cpus; c++) {
    const m = new RegExp(`^cpu ${c}: worker ran on cpu (\\d+), timer fired (\\d+) times \\((\\d+) elsewhere\\), (\\d+) timer interrupts$`, 'm').exec(out);
    expect(m, `cpu ${c} in:\n${out}`).not.toBeNull();
    const [, ranOn, fired, elsewhere, irqs] = m!.map(Number);
    expect(ranOn).toBe(c);
    expect(fired).toBe(TICKS);
    expect(elsewhere).toBe(0);
    expect(irqs).toBeGreaterThanOrEqual(1);
  }
  expect(out).toContain(`counter: ${cpus * ROUNDS} (${cpus} cpus x ${ROUNDS} rounds)\n`);
  // The SMP defconfigs have paging: a page mapped again while the other CPUs hold its old translation.
  if (cpus > 1) expect(out).toContain(`tlb: ${cpus - 1} of ${cpus - 1} other cpus see the page mapped again\n`);
}

const ARGS = [`smp.rounds=${ROUNDS}`, `smp.ticks=${TICKS}`, '--'];

describe.each(MACHINES)('SMP on kvm-$arch', ({ arch, runs }) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('smp');
    await configureAndBuild(app, `kvm-${arch}`);
  });

  for (const run of runs) {
    for (const cpus of [2, 4]) {
      it(`${run.machine} -smp ${cpus}: every CPU starts, takes calls and its own timer interrupts, shares a lock`, async () => {
        const r = await runGuest(app, ['--machine', run.machine, '--smp', String(cpus)], ARGS);
        expectAllCpusWorked(r, cpus);
        expect(r.stdout).toContain(`timer device: ${run.timer}\n`);
        expect(r.stdout).toContain(`interrupt controller: ${run.controller}\n`);
      });
    }
  }

  it('-smp 1: the SMP image runs on its one CPU', async () => {
    const r = await runGuest(app, ['--smp', '1'], ARGS);
    expectAllCpusWorked(r, 1);
  });

  if (arch === 'x86_64') {
    it('-M pc,acpi=off -smp 2: no MADT, so no list of CPUs and no APIC: one CPU with the 8259 PIC', async () => {
      const r = await runGuest(app, ['--machine', 'pc,acpi=off', '--smp', '2'], ARGS);
      expectAllCpusWorked(r, 1);
      expect(r.stdout).toContain('interrupt controller: pic\n');
    });
  }

  it('SMP off in the configuration: one CPU on a -smp 2 machine, the other stays parked', async () => {
    const one = copyExample('smp');
    await configureAndBuild(one, `kvm-${arch}-one-cpu`);
    const r = await runGuest(one, ['--smp', '2'], ARGS);
    expectAllCpusWorked(r, 1);
  });
});
