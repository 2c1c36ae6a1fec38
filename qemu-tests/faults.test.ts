/**
 * Faults end in a crash report, never in a silent hang: qemu-tests/apps/faults
 * makes the CPU fault on request (undefined instruction, a load from an
 * address no memory answers, division by zero on x86_64, UK_CRASH) on every
 * (architecture, platform) pair (xen: a domU under Xen in QEMU). The report
 * must name the fault, the code address (checked against the function's
 * address in the .dbg image) and the function, print the registers of a
 * trap, and a backtrace reaching main(); the run must end with the crash
 * status.
 *
 * NULL dereferences, writes to text, jumps into data and stack overflows
 * need page protection, which the images do not have yet: they are not
 * tested here.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTestApp, configureAndBuild, removeScratch, runGuest } from './ukconfig.js';

afterAll(removeScratch);

interface Fault {
  kind: string;
  /** The report's first line, after "CRASH: [lib] ". */
  report: RegExp;
  trap: boolean;
}

const kvmX86: Fault[] = [
  { kind: 'undefined', report: /^invalid opcode \(#6\) at (0x[0-9a-f]+) \((fault_undefined)\+(0x[0-9a-f]+)\), error 0$/, trap: true },
  { kind: 'badaddr', report: /^general protection fault \(#13\) at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), error 0$/, trap: true },
  { kind: 'divide', report: /^divide error \(#0\) at (0x[0-9a-f]+) \((fault_divide)\+(0x[0-9a-f]+)\), error 0$/, trap: true },
];
const kvmArm: Fault[] = [
  { kind: 'undefined', report: /^undefined instruction at (0x[0-9a-f]+) \((fault_undefined)\+(0x[0-9a-f]+)\), esr 0x2000000$/, trap: true },
  {
    kind: 'badaddr',
    report: /^data abort at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), address 0x800000000000, esr 0x9[0-9a-f]+$/,
    trap: true,
  },
];
const linuxu = (arch: string): Fault[] => [
  { kind: 'undefined', report: /^illegal instruction \(signal 4\) at (0x[0-9a-f]+) \((fault_undefined)\+(0x[0-9a-f]+)\), address 0x[0-9a-f]+$/, trap: true },
  { kind: 'badaddr', report: /^segmentation fault \(signal 11\) at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), address \S+$/, trap: true },
  ...(arch === 'x86_64'
    ? [{ kind: 'divide', report: /^arithmetic exception \(signal 8\) at (0x[0-9a-f]+) \((fault_divide)\+(0x[0-9a-f]+)\), address 0x[0-9a-f]+$/, trap: true }]
    : []),
];
const explicit: Fault = { kind: 'crash', report: /^\S+\/main\.c:\d+: crash requested by the application$/, trap: false };

// arm64: one configuration with three platforms; the xen image traps like kvm's (the same shared arm64 code).
const ARCHES = [
  {
    arch: 'x86_64',
    defconfig: 'kvm+linuxu-x86_64',
    pairs: [{ plat: 'kvm', faults: [...kvmX86, explicit] }, { plat: 'linuxu', faults: [...linuxu('x86_64'), explicit] }],
  },
  {
    arch: 'arm64',
    defconfig: 'kvm+xen+linuxu-arm64',
    pairs: [
      { plat: 'kvm', faults: [...kvmArm, explicit] },
      { plat: 'xen', faults: [...kvmArm, explicit] },
      { plat: 'linuxu', faults: [...linuxu('arm64'), explicit] },
    ],
  },
];

/** Function addresses of an image, from its .dbg (the reference the report is checked against). */
function symbols(arch: string, dbg: string): Map<string, bigint> {
  const nm = arch === 'arm64' && process.arch !== 'arm64' ? 'aarch64-linux-gnu-nm' : 'nm';
  const out = execFileSync(nm, ['--defined-only', dbg], { encoding: 'utf8' });
  return new Map(out.split('\n').filter((l) => / [Tt] /.test(l)).map((l) => [l.split(' ')[2], BigInt('0x' + l.split(' ')[0])]));
}

describe.each(ARCHES)('faults on $arch', ({ arch, defconfig, pairs }) => {
  let app: string;

  beforeAll(async () => {
    app = copyTestApp('faults');
    await configureAndBuild(app, defconfig);
  });

  for (const { plat, faults } of pairs) {
    for (const fault of faults) {
      it(`${plat}: ${fault.kind}`, async () => {
        const r = await runGuest(app, ['--plat', plat], [`faults.kind=${fault.kind}`, '--']);
        const out = r.stdout;
        expect(out).toContain(`faults: ${fault.kind}\n`);
        expect(out).not.toContain('survived');
        expect(r.exitCode, out).toBe(255);
        expect(r.stderr).toContain('the guest crashed');

        const crash = /^CRASH: \[(\w+)\] (.*)$/m.exec(out);
        expect(crash, out).not.toBeNull();
        expect(crash![1]).toBe(fault.trap ? plat : 'faults');
        const m = fault.report.exec(crash![2]);
        expect(m, crash![2]).not.toBeNull();
        if (fault.trap) {
          // The address is the function's, plus the offset the report gives.
          const [, pc, fn, off] = m!;
          const sym = symbols(arch, join(app, 'build', `faults_${plat}-${arch}.dbg`));
          expect(sym.get(fn)! + BigInt(off)).toBe(BigInt(pc));
          expect(out).toMatch(arch === 'x86_64' ? /^ {2}rax [0-9a-f]{16} rbx/m : /^ {2}x0 {2}[0-9a-f]{16} x1 /m);
        } else expect(out).not.toContain('Registers:');

        const trace = out.slice(out.indexOf('Backtrace:\n'));
        expect(trace).toMatch(new RegExp(`^ {2}0x[0-9a-f]+ fault_${fault.kind}\\+0x`, 'm'));
        expect(trace).toMatch(/^ {2}0x[0-9a-f]+ main\+0x[0-9a-f]+$/m);
        expect(trace).toMatch(/^ {2}0x[0-9a-f]+ uk_boot_entry\+0x[0-9a-f]+$/m);
      });
    }
  }
});
