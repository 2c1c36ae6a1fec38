/**
 * Faults end in a crash report, never in a silent hang: qemu-tests/apps/faults
 * makes the CPU fault on request (undefined instruction, a load from an
 * address no memory answers, division by zero on x86_64 and arm32, UK_CRASH) on every
 * (architecture, platform) pair (xen: a domU under Xen in QEMU; baremetal:
 * a PC booted from the image's CD; rpi3: QEMU's Raspberry Pi 3; these two
 * with their status from the final line). The report
 * must name the fault, the code address (checked against the function's
 * address in the .dbg image) and the function, print the registers of a
 * trap, and a backtrace reaching main(); the run must end with the crash
 * status.
 *
 * With PAGING (defconfigs kvm-paging-<arch>, rpi3-paging-arm64) the kvm
 * and rpi3 images also catch a NULL dereference, a write to text, a jump
 * into data and stack overflows into the guard pages of the boot stack and
 * of a stack from uk_paging_stack_alloc(): each report names the fault,
 * the faulting address (checked against the image's symbols) and the
 * function. The kvm images have SMP: a stack overflow on CPU 1 of a -smp 2 guest
 * is reported too (its exceptions switch to a stack of that CPU's own).
 * Without PAGING those run on unnoticed (or, for a stack overflow on
 * x86_64, end in a triple fault), which is why they need it.
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
    report:
      /^data abort at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), address 0x800000000000, esr 0x9[0-9a-f]+: read of an address beyond the physical address range \(address size fault, level 0\)$/,
    trap: true,
  },
];
// arm32: a division by zero stops in libgcc's hook (pools/arch/arm32/divzero.c), under the division.
const kvmArm32: Fault[] = [
  { kind: 'undefined', report: /^undefined instruction at (0x[0-9a-f]+) \((fault_undefined)\+(0x[0-9a-f]+)\)$/, trap: true },
  {
    kind: 'badaddr',
    report: /^data abort at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), address 0xf0000000, fsr 0x8: read of an address nothing answers \(external abort\)$/,
    trap: true,
  },
  { kind: 'divide', report: /^undefined instruction at (0x[0-9a-f]+) \((__aeabi_idiv0)\+(0x[0-9a-f]+)\)$/, trap: true },
];
const linuxu = (arch: string): Fault[] => [
  { kind: 'undefined', report: /^illegal instruction \(signal 4\) at (0x[0-9a-f]+) \((fault_undefined)\+(0x[0-9a-f]+)\), address 0x[0-9a-f]+$/, trap: true },
  { kind: 'badaddr', report: /^segmentation fault \(signal 11\) at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), address \S+$/, trap: true },
  ...(arch === 'x86_64'
    ? [{ kind: 'divide', report: /^arithmetic exception \(signal 8\) at (0x[0-9a-f]+) \((fault_divide)\+(0x[0-9a-f]+)\), address 0x[0-9a-f]+$/, trap: true }]
    : arch === 'arm32'
      ? [{ kind: 'divide', report: /^illegal instruction \(signal 4\) at (0x[0-9a-f]+) \((__aeabi_idiv0)\+(0x[0-9a-f]+)\), address 0x[0-9a-f]+$/, trap: true }]
      : []),
];
const explicit: Fault = { kind: 'crash', report: /^\S+\/main\.c:\d+: crash requested by the application$/, trap: false };

// One configuration with every platform per architecture; the xen and rpi3 images trap like
// kvm-arm64's, the baremetal one like kvm-x86_64's (the same shared code).
const ARCHES = [
  {
    arch: 'x86_64',
    defconfig: 'kvm+baremetal+linuxu-x86_64',
    pairs: [
      { plat: 'kvm', faults: [...kvmX86, explicit] },
      { plat: 'baremetal', faults: [...kvmX86, explicit] },
      { plat: 'linuxu', faults: [...linuxu('x86_64'), explicit] },
    ],
  },
  {
    arch: 'arm64',
    defconfig: 'kvm+xen+rpi3+linuxu-arm64',
    pairs: [
      { plat: 'kvm', faults: [...kvmArm, explicit] },
      { plat: 'xen', faults: [...kvmArm, explicit] },
      { plat: 'rpi3', faults: [...kvmArm, explicit] },
      { plat: 'linuxu', faults: [...linuxu('arm64'), explicit] },
    ],
  },
  {
    arch: 'arm32',
    defconfig: 'kvm+linuxu-arm32',
    pairs: [
      { plat: 'kvm', faults: [...kvmArm32, explicit] },
      { plat: 'linuxu', faults: [...linuxu('arm32'), explicit] },
    ],
  },
];

const REGISTERS: Record<string, RegExp> = {
  x86_64: /^ {2}rax [0-9a-f]{16} rbx/m,
  arm64: /^ {2}x0 {2}[0-9a-f]{16} x1 /m,
  arm32: /^ {2}r0 {2}[0-9a-f]{8} r1 /m,
};
const CROSS_NM: Record<string, string> = { arm64: 'aarch64-linux-gnu-nm', arm32: 'arm-linux-gnueabihf-nm' };

/** Symbol addresses of an image (functions, data, .bss), from its .dbg: the reference the reports are checked against. */
function symbols(arch: string, dbg: string): Map<string, bigint> {
  const nm = arch in CROSS_NM && process.arch !== arch ? CROSS_NM[arch] : 'nm';
  const out = execFileSync(nm, ['--defined-only', dbg], { encoding: 'utf8' });
  return new Map(out.split('\n').filter((l) => / [TtDdBb] /.test(l)).map((l) => [l.split(' ')[2], BigInt('0x' + l.split(' ')[0])]));
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
        // A PC or a Raspberry Pi carries no status: the guest's last line does.
        if (plat === 'baremetal' || plat === 'rpi3') expect(out.trimEnd().split('\n').at(-1)).toBe(`${plat}: crash, status 255`);

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
          expect(out).toMatch(REGISTERS[arch]);
        } else expect(out).not.toContain('Registers:');

        const trace = out.slice(out.indexOf('Backtrace:\n'));
        expect(trace).toMatch(new RegExp(`^ {2}0x[0-9a-f]+ fault_${fault.kind}\\+0x`, 'm'));
        expect(trace).toMatch(/^ {2}0x[0-9a-f]+ main\+0x[0-9a-f]+$/m);
        expect(trace).toMatch(/^ {2}0x[0-9a-f]+ uk_boot_entry\+0x[0-9a-f]+$/m);
      });
    }
  }
});

/**
 * What a protection fault's report must say, per architecture: the report
 * up to the address, then the cause. `where` names the function the fault
 * is in, `address` is checked separately.
 */
interface ProtectionFault {
  kind: string;
  /** Groups: pc, function, offset, address. */
  report: RegExp;
  /** The faulting address: a symbol of the image (its first byte or its page), NULL, or the printed stack's guard page. */
  address: { symbol: string; page?: boolean } | 'null' | 'stack-guard';
  /** The report adds this after the cause. */
  hint?: RegExp;
  /** The function named in the backtrace's first line; none when the pc is in data. */
  traced?: string;
}

const X86_PF = (fn: string, error: string, cause: string) =>
  new RegExp(`^page fault \\(#14\\) at (0x[0-9a-f]+) \\((${fn})\\+(0x[0-9a-f]+)\\), error ${error}, address (0x[0-9a-f]+|0): ${cause}`);
const ARM_ABORT = (what: string, fn: string, cause: string) =>
  new RegExp(`^${what} at (0x[0-9a-f]+) \\((${fn})\\+(0x[0-9a-f]+)\\), address (0x[0-9a-f]+|0), esr 0x[0-9a-f]+: ${cause}`);

const GUARD_OF = (owner: string) => new RegExp(`\\(stack overflow into the guard page of ${owner.replace(/[()]/g, '\\$&')}\\)$`);

const PROTECTION: Record<string, ProtectionFault[]> = {
  x86_64: [
    { kind: 'null', report: X86_PF('fault_null', '0', 'read of an unmapped address'), address: 'null', hint: / \(NULL pointer\)$/, traced: 'fault_null' },
    { kind: 'writetext', report: X86_PF('fault_writetext', '0x3', 'write to a read-only page'), address: { symbol: 'fault_writetext' }, traced: 'fault_writetext' },
    {
      kind: 'execdata',
      report: X86_PF('\\?', '0x11', 'instruction fetch from a non-executable page'),
      address: { symbol: 'data_code' },
      hint: /, called from (0x[0-9a-f]+) \(fault_execdata\+(0x[0-9a-f]+)\)$/,
    },
    { kind: 'stack', report: X86_PF('fault_stack', '0x2', 'write to an unmapped address'), address: { symbol: 'plat_x86_boot_stack_guard', page: true }, hint: GUARD_OF('the boot stack'), traced: 'fault_stack' },
    {
      kind: 'threadstack',
      report: X86_PF('fault_stack', '0x2', 'write to an unmapped address'),
      address: 'stack-guard',
      hint: GUARD_OF('a stack of uk_paging_stack_alloc()'),
      traced: 'fault_stack',
    },
  ],
  arm64: [
    {
      kind: 'null',
      report: ARM_ABORT('data abort', 'fault_null', 'read of an unmapped address \\(translation fault, level \\d\\)'),
      address: 'null',
      hint: / \(NULL pointer\)$/,
      traced: 'fault_null',
    },
    {
      kind: 'writetext',
      report: ARM_ABORT('data abort', 'fault_writetext', 'write to a read-only page \\(permission fault, level 3\\)'),
      address: { symbol: 'fault_writetext' },
      traced: 'fault_writetext',
    },
    {
      kind: 'execdata',
      report: ARM_ABORT('instruction abort', '\\?', 'instruction fetch from a non-executable page \\(permission fault, level 3\\)'),
      address: { symbol: 'data_code' },
      hint: /, called from (0x[0-9a-f]+) \(fault_execdata\+(0x[0-9a-f]+)\)$/,
    },
    {
      kind: 'stack',
      report: ARM_ABORT('data abort', 'fault_stack', 'write to an unmapped address \\(translation fault, level 3\\)'),
      address: { symbol: 'plat_arm64_boot_stack', page: true },
      hint: GUARD_OF('the boot stack'),
      traced: 'fault_stack',
    },
    {
      kind: 'threadstack',
      report: ARM_ABORT('data abort', 'fault_stack', 'write to an unmapped address \\(translation fault, level 3\\)'),
      address: 'stack-guard',
      hint: GUARD_OF('a stack of uk_paging_stack_alloc()'),
      traced: 'fault_stack',
    },
  ],
};

/** The faults every kvm image catches, with PAGING too (badaddr: PAGING maps nothing there). */
const ALWAYS: Record<string, Fault[]> = {
  x86_64: kvmX86,
  arm64: [
    kvmArm[0],
    {
      kind: 'badaddr',
      report: /^data abort at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), address 0x800000000000, esr 0x9[0-9a-f]+: read of an unmapped address \(translation fault, level 0\)$/,
      trap: true,
    },
  ],
};

// rpi3 builds the same page table with its RAM and devices sharing the first GiB (page 0 unmapped); it has no SMP.
const PAGED = [
  { plat: 'kvm', arch: 'x86_64', smp: true },
  { plat: 'kvm', arch: 'arm64', smp: true },
  { plat: 'rpi3', arch: 'arm64', smp: false },
];

describe.each(PAGED)('faults on $plat-$arch with PAGING', ({ plat, arch, smp }) => {
  let app: string;
  let sym: Map<string, bigint>;

  beforeAll(async () => {
    app = copyTestApp('faults');
    await configureAndBuild(app, `${plat}-paging-${arch}`);
    sym = symbols(arch, join(app, 'build', `faults_${plat}-${arch}.dbg`));
  });

  const crashOf = async (kind: string, runArgs: string[] = []) => {
    const r = await runGuest(app, runArgs, [`faults.kind=${kind}`, '--']);
    const out = r.stdout;
    expect(out).toContain(`faults: ${kind}\n`);
    expect(out).not.toContain('survived');
    expect(r.exitCode, out).toBe(255);
    expect(r.stderr).toContain('the guest crashed');
    const crash = new RegExp(`^CRASH: \\[${plat}\\] (.*)$`, 'm').exec(out);
    expect(crash, out).not.toBeNull();
    return { out, report: crash![1], trace: out.slice(out.indexOf('Backtrace:\n')) };
  };

  it.each(PROTECTION[arch])('$kind', async (f) => {
    const { out, report, trace } = await crashOf(f.kind);
    const m = f.report.exec(report);
    expect(m, report).not.toBeNull();
    const [, pc, fn, off, address] = m!;
    if (fn !== '?') expect(sym.get(fn)! + BigInt(off)).toBe(BigInt(pc));
    const addr = BigInt(address);
    if (f.address === 'null') expect(addr).toBe(0n);
    else if (f.address === 'stack-guard') {
      const stack = /^faults: stack (0x[0-9a-f]+)-/m.exec(out);
      expect(stack, out).not.toBeNull();
      const base = BigInt(stack![1]);
      expect(addr >= base - 4096n && addr < base, `${address} below ${stack![1]}`).toBe(true);
    } else {
      const at = sym.get(f.address.symbol)!;
      expect(at, f.address.symbol).toBeDefined();
      if (f.address.page) expect(addr >= at && addr < at + 4096n, `${address} in the page at ${at.toString(16)}`).toBe(true);
      else expect(addr).toBe(at);
    }
    if (f.kind === 'execdata') expect(BigInt(pc)).toBe(addr);
    if (f.hint) {
      const h = f.hint.exec(report);
      expect(h, report).not.toBeNull();
      // "called from": the return address into the function that made the call.
      if (h!.length === 3) expect(sym.get('fault_execdata')! + BigInt(h![2])).toBe(BigInt(h![1]));
    } else expect(report).toMatch(/: [a-z -]+( \(permission fault, level 3\))?$/);
    expect(out).toMatch(REGISTERS[arch]);
    if (f.traced) expect(trace).toMatch(new RegExp(`^Backtrace:\n {2}0x[0-9a-f]+ ${f.traced}\\+0x`));
  });

  // The image has SMP too: CPU 1 takes its exceptions on its own stack (x86_64: a TSS of its own).
  it.runIf(smp)('a stack overflow on CPU 1 (-smp 2) into a guard page, reported from that CPU', async () => {
    const { out, report, trace } = await crashOf('cpustack', ['--smp', '2']);
    const f = PROTECTION[arch].find((p) => p.kind === 'threadstack')!;
    const m = f.report.exec(report);
    expect(m, report).not.toBeNull();
    const [, pc, fn, off, address] = m!;
    expect(sym.get(fn)! + BigInt(off)).toBe(BigInt(pc));
    const base = BigInt(/^faults: stack (0x[0-9a-f]+)-/m.exec(out)![1]);
    expect(BigInt(address) >= base - 4096n && BigInt(address) < base, `${address} below ${base.toString(16)}`).toBe(true);
    expect(report).toMatch(f.hint!);
    expect(trace).toMatch(/^Backtrace:\n {2}0x[0-9a-f]+ fault_stack\+0x/);
  });

  it.each(ALWAYS[arch])('$kind, as without PAGING', async (f) => {
    const { report, trace } = await crashOf(f.kind);
    const m = f.report.exec(report);
    expect(m, report).not.toBeNull();
    expect(sym.get(m![2])! + BigInt(m![3])).toBe(BigInt(m![1]));
    expect(trace).toMatch(/^ {2}0x[0-9a-f]+ main\+0x[0-9a-f]+$/m);
  });
});
