/**
 * arch/mips and plat/malta: MIPS32r2 (big-endian) images on QEMU's Malta
 * board (`-M malta`, a 24Kf), loaded with `-kernel`; the console is the
 * 16550 at ISA port 0x3f8 behind the GT-64120's PCI I/O window. The board
 * carries no exit status: the guest's last line gives it, then the
 * FPGA's software reset ends QEMU (-no-reboot). examples/helloworld and
 * examples/selftest boot; faults (qemu-tests/apps/faults) end in a crash
 * report naming the exception, the code address and its function.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, copyTestApp, removeScratch, runGuest, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const lastLine = (out: string) => out.trimEnd().split('\n').at(-1);

describe('helloworld on malta-mips', () => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('helloworld');
    await configureAndBuild(app, 'malta-mips');
  });

  it('is a big-endian MIPS32r2 ELF linked in KSEG0, with the malta and ns16550 libraries', () => {
    const elf = readFileSync(join(app, 'build', 'helloworld_malta-mips'));
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect([elf[4], elf[5]]).toEqual([1, 2]); // ELFCLASS32, big-endian
    expect(elf.readUInt16BE(18)).toBe(8); // EM_MIPS
    expect(elf.readUInt32BE(24) >>> 0).toBeGreaterThanOrEqual(0x80100000); // the entry, in KSEG0
    const libs = /^UK_LIBS := (.*)$/m.exec(readFileSync(join(app, 'build', 'malta-mips', 'Makefile'), 'utf8'))![1].split(' ');
    expect(libs).toEqual(expect.arrayContaining(['mips', 'malta', 'ukplat', 'ns16550']));
  });

  it('boots with arguments, prints on the UART and gives main\'s status through its last line', async () => {
    const r = await runGuest(app, [], ['helloworld.status=5', 'helloworld.greeting=Hi there', '--', 'a', 'b c']);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('Hi there');
    expect(lines).toContain('argv[0]: helloworld');
    expect(lines).toContain('argv[1]: a');
    expect(lines).toContain('argv[2]: b c');
    // The time to main(), from the Count register stamped by the first instruction.
    expect(r.stdout).toMatch(/^boot: [\d.]+ us to main \(\d+ ticks at 166666 kHz/m);
    expect(lastLine(r.stdout)).toBe('malta: halt, status 5');
    expect(r.exitCode, r.stdout + r.stderr).toBe(5);
    const plain = await runGuest(app, [], []);
    expect(plain.stdout.split('\n')).toContain('Hello world!');
    expect(lastLine(plain.stdout)).toBe('malta: halt, status 0');
    expect(plain.exitCode).toBe(0);
  });

  it('ukconfig run --plat malta runs QEMU\'s Malta board with -kernel', async () => {
    const r = await ukconfig(['-C', app, 'run', '--plat', 'malta', '--dry-run', '--', 'x']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^qemu-system-mips -M malta .*-serial stdio -no-reboot -m 16M -kernel \S+\/build\/helloworld_malta-mips -append x\n?$/);
    const initrd = await ukconfig(['-C', app, 'run', '--initrd', app, '--dry-run']);
    expect(initrd.exitCode).toBe(2);
    expect(initrd.stderr).toContain('--initrd applies to kvm and linuxu images only');
  });
});

describe('selftest on malta-mips', () => {
  it('every check passes, none skipped', async () => {
    const app = copyExample('selftest');
    await configureAndBuild(app, 'malta-mips');
    const r = await runGuest(app, [], ['selftest.num=-42', 'selftest.big=0x10', 'selftest.flag', 'selftest.word=hello', '--', 'alpha', 'beta gamma']);
    const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(r.stdout);
    expect(summary, r.stdout).not.toBeNull();
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual([]);
    expect([Number(summary![2]), Number(summary![3])]).toEqual([0, 0]);
    expect(Number(summary![1])).toBeGreaterThan(100);
    expect(lastLine(r.stdout)).toBe('malta: halt, status 0');
    expect(r.exitCode).toBe(0);
  });
});

describe('faults on malta-mips', () => {
  let app: string;
  let symbols: Map<string, number>;

  beforeAll(async () => {
    app = copyTestApp('faults');
    await configureAndBuild(app, 'malta-mips');
    // nm prints a 32-bit MIPS image's addresses sign-extended to 64 bits.
    const nm = execFileSync('mips-linux-gnu-nm', [join(app, 'build', 'faults_malta-mips.dbg')], { encoding: 'utf8' });
    symbols = new Map(nm.split('\n').filter((l) => / [Tt] /.test(l)).map((l) => [l.split(' ')[2], Number(BigInt('0x' + l.split(' ')[0]) & 0xffffffffn)]));
  });

  it.each([
    { kind: 'undefined', report: /^reserved instruction \(10\) at (0x[0-9a-f]+) \((fault_undefined)\+(0x[0-9a-f]+)\), cause 0x28$/ },
    // kuseg is mapped by the TLB only, which holds nothing: a TLB miss.
    { kind: 'badaddr', report: /^TLB miss on load or fetch \(2\) at (0x[0-9a-f]+) \((fault_badaddr)\+(0x[0-9a-f]+)\), address 0x800000(, in a branch delay slot)?$/ },
    { kind: 'null', report: /^TLB miss on load or fetch \(2\) at (0x[0-9a-f]+) \((fault_null)\+(0x[0-9a-f]+)\), address 0(, in a branch delay slot)? \(NULL pointer\)$/ },
  ])('$kind: a crash report naming the exception, the address and the function, status 255', async ({ kind, report }) => {
    const r = await runGuest(app, [], [`faults.kind=${kind}`, '--']);
    expect(r.stdout).toContain(`faults: ${kind}\n`);
    expect(r.stdout).not.toContain('survived');
    const crash = /^CRASH: \[malta\] (.*)$/m.exec(r.stdout);
    expect(crash, r.stdout).not.toBeNull();
    const m = report.exec(crash![1]);
    expect(m, crash![1]).not.toBeNull();
    const [, pc, fn, off] = m!;
    expect(symbols.get(fn)! + Number(off)).toBe(Number(pc));
    expect(r.stdout).toMatch(/^ {2}r0 {2}00000000 r1 {2}[0-9a-f]{8} r2 {2}[0-9a-f]{8} r3 {2}[0-9a-f]{8}$/m);
    expect(r.stdout).toMatch(new RegExp(`^Backtrace:\\n {2}0x[0-9a-f]+ ${fn}\\+0x`, 'm'));
    expect(lastLine(r.stdout)).toBe('malta: crash, status 255');
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain('the guest crashed');
  });

  it('crash: UK_CRASH from the application', async () => {
    const r = await runGuest(app, [], ['faults.kind=crash', '--']);
    expect(r.stdout).toMatch(/^CRASH: \[faults\] \S+\/main\.c:\d+: crash requested by the application$/m);
    expect(lastLine(r.stdout)).toBe('malta: crash, status 255');
    expect(r.exitCode).toBe(255);
  });
});
