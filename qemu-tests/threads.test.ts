/**
 * Every scheduler on every (architecture, platform) pair: the defconfigs of
 * examples/threads (cooperative and preemptive, x86_64 and arm64, each
 * building kvm and linuxu; on arm32 the preemptive one, which switches
 * from interrupts too, under npm run test:long) are built and booted under QEMU TCG, and the
 * guest checks itself (examples/threads/README.md): threads interleaving,
 * sleeping for the times asked, join and detach, a mutex under contention,
 * producer/consumer over condition variables, semaphores, preemption (a
 * spinning thread does not starve the others with the preemptive
 * scheduler, and keeps the CPU with the cooperative one), TLS and errno per
 * thread. The test reads the figures the guest printed and checks them
 * again. The benchmark mode runs too (its switch count is checked by the
 * guest), the libraries below the scheduler reach it through hooks only,
 * and an image without a scheduler carries none of it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, configureAndBuild, removeScratch, runGuest, sampled } from './ukconfig.js';

afterAll(removeScratch);

/** The wake-up latency allowed: a TCG guest on a shared host is late by tens of milliseconds. */
const SLACK_MS = 400;

// arm32's (about 30 s) under npm run test:long only: the selftest,
// timers and gdb tests boot kvm-arm32 and linuxu-arm32 in npm test.
const CASES = sampled([
  ...['x86_64', 'arm64'].flatMap((arch) => ['coop', 'preempt'].map((sched) => ({ arch, sched, defconfig: `${sched}-${arch}` }))),
  { arch: 'arm32', sched: 'preempt', defconfig: 'preempt-arm32' },
], (c) => c.arch !== 'arm32');
const CROSS_NM: Record<string, string> = { arm64: 'aarch64-linux-gnu-nm', arm32: 'arm-linux-gnueabihf-nm' };

describe.each(CASES)('threads, $sched scheduler on $arch', ({ arch, sched, defconfig }) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('threads');
    await configureAndBuild(app, defconfig);
  });

  it.each(['kvm', 'linuxu'])('%s: every check passes', async (plat) => {
    const r = await runGuest(app, ['--plat', plat], [`threads.slack_ms=${SLACK_MS}`, '--']);
    const out = r.stdout;
    expect(out).toMatch(/^threads: \d+ passed, 0 failed$/m);
    expect(out).not.toContain('FAILED');
    expect(r.exitCode, out).toBe(0);
    expect(out).toContain(`scheduler: ${sched}, main runs in thread "main"\n`);

    // Yielding threads take turns; exactly so without preemption.
    const turns = /^interleaving: ([ABC]+)$/m.exec(out)![1];
    if (sched === 'coop') expect(turns).toBe('ABCABCABCABC');
    else for (const l of 'ABC') expect([...turns].filter((c) => c === l)).toHaveLength(4);

    // Four sleepers at once: each at least its time, at most SLACK_MS late, woken in order.
    const sleeps = [...out.matchAll(/^sleep (\d+) ms: (\d+) us, woke #(\d)$/gm)].map((m) => m.slice(1).map(Number));
    expect(sleeps.map(([ms]) => ms)).toEqual([100, 10, 60, 30]);
    for (const [ms, took] of sleeps) {
      expect(took).toBeGreaterThanOrEqual(ms * 1000);
      expect(took).toBeLessThanOrEqual((ms + SLACK_MS) * 1000);
    }
    expect(sleeps.map(([, , rank]) => rank)).toEqual([3, 0, 2, 1]);
    expect(Number(/^sleepers together: (\d+) us$/m.exec(out)![1])).toBeLessThan(200_000);
    expect(Number(/^while main slept 30 ms: (\d+) yields elsewhere$/m.exec(out)![1])).toBeGreaterThan(0);

    // Counters incremented under a mutex add up; the mutex was contended.
    const [, sum, counter, contended] = /^mutex: (\d+) increments by 4 threads, counter (\d+), (\d+) times found locked$/m.exec(out)!;
    expect(counter).toBe(sum);
    expect(Number(contended)).toBeGreaterThan(0);
    expect(out).toMatch(/^producer\/consumer: 600 items, \d+ \+ \d+ consumed, each once: 600;/m);
    expect(out).toContain('semaphore ping-pong: 1000 strokes, in turn: yes\n');
    expect(out).toContain('20 detached threads: ');
    const [, before, after] = /^20 detached threads: (\d+) bytes in use before, (\d+) after$/m.exec(out)!;
    expect(after).toBe(before);

    // Preemption happens with one scheduler, never with the other.
    if (sched === 'preempt') {
      expect(out).toMatch(/^preemption: the probe ran \d+ us before the 30 ms spinner ended$/m);
      const [, a, b] = /^preemption: two spinners counted (\d+) and (\d+) in 100 ms/m.exec(out)!;
      expect(Number(a)).toBeGreaterThan(0);
      expect(Number(b)).toBeGreaterThan(0);
    } else {
      expect(out).toMatch(/^no preemption: the probe ran \d+ us after the 30 ms spinner ended$/m);
    }
    expect(out).toContain('tls: 3 threads, each its own copy (42 at start), errno per thread\n');
  });

  it.each(['kvm', 'linuxu'])('%s: the platform, uktimer, nolibc, ukboot and ukalloc name no scheduler symbol (hooks join them)', (plat) => {
    const libs = join(app, 'build', `${plat}-${arch}`, 'libs');
    const nm = arch in CROSS_NM && process.arch !== arch ? CROSS_NM[arch] : 'nm';
    const symbols = (lib: string, args: string[]) =>
      new Set(execFileSync(nm, [...args, join(libs, `${lib}.o`)], { encoding: 'utf8' }).split('\n').map((l) => l.trim().split(/\s+/).at(-1)!).filter(Boolean));
    const scheduler = new Set([...symbols('uksched', ['-g', '--defined-only']), ...symbols(`uksched${sched}`, ['-g', '--defined-only'])]);
    expect(scheduler.has('uk_thread_create')).toBe(true);
    for (const lib of [plat, 'uktimer', 'nolibc', 'ukboot', 'ukalloc']) expect([...symbols(lib, ['-u'])].filter((s) => scheduler.has(s)), lib).toEqual([]);
  });

  it.each(['kvm', 'linuxu'])('%s: the context-switch benchmark counts two switches per round', async (plat) => {
    const r = await runGuest(app, ['--plat', plat], ['--', 'bench', '2000']);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain(`bench: scheduler ${sched}, 2000 rounds\n`);
    for (const what of ['yield', 'semaphore']) expect(r.stdout).toMatch(new RegExp(`^bench: ${what}: \\d+ switches in \\d+ us: \\d+ ns per switch$`, 'm'));
  });
});

/*
 * SMP (defconfigs smp-<arch>, kvm): every CPU runs a scheduler instance of
 * its own, the cooperative one on CPU 0 and the preemptive one on CPU 1
 * (UKSCHED_CPUS_PREEMPT); a thread pinned to each CPU reports the CPU and
 * the scheduler it ran under (it never moves), an unpinned thread made
 * while CPU 0 is busy moves to the idle CPU 1, and threads of the two CPUs wake each other
 * (a semaphore ping-pong) and share a mutex.
 */
describe.each(['x86_64', 'arm64'])('threads on both CPUs of a -smp 2 kvm-%s guest', (arch) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('threads');
    await configureAndBuild(app, `smp-${arch}`);
  });

  it('a thread pinned to each CPU runs there, under that CPU\'s scheduler; CPUs wake each other and share a mutex', async () => {
    const r = await runGuest(app, ['--smp', '2'], ['--', 'cpus']);
    const out = r.stdout;
    expect(out).toMatch(/^threads: \d+ passed, 0 failed$/m);
    expect(r.exitCode, out).toBe(0);
    expect(out).toContain('scheduler: coop, main runs in thread "main"\n');
    expect(out).toContain('cpus: 2\n');
    const ran = [...out.matchAll(/^cpu (\d): the pinned thread reported cpu (-?\d+), scheduler (\w+), (\d+) switches there$/gm)].map((m) => m.slice(1, 4));
    expect(ran).toEqual([
      ['0', '0', 'coop'],
      ['1', '1', 'preempt'],
    ]);
    // Unpinned threads made while CPU 0 is busy: the first moves to the idle CPU 1.
    expect(out).toMatch(/^unpinned threads made on a busy cpu 0 started on cpus 1 and [01], [12] moves$/m);
    expect(out).toContain('cross-CPU semaphore ping-pong: 200 strokes, in turn: yes\n');
    expect(out).toContain('cross-CPU mutex: 4000 increments of 4000\n');
  });

  it('on one CPU (-smp 1) the same image runs every thread there', async () => {
    const r = await runGuest(app, ['--smp', '1'], ['--', 'cpus']);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain('cpus: 1\n');
    expect(r.stdout).toMatch(/^cpu 0: the pinned thread reported cpu 0, scheduler coop, \d+ switches there$/m);
    expect(r.stdout).not.toMatch(/^cpu 1:/m);
    expect(r.stdout).toContain('unpinned threads made on a busy cpu 0 started on cpus 0 and 0, 0 moves\n');
  });
});

describe('an image without a scheduler', () => {
  it.each(['x86_64', 'arm64'])('helloworld on kvm-%s has no thread, TLS or preemption code', async (arch) => {
    const app = copyExample('helloworld');
    await configureAndBuild(app, `kvm-${arch}`);
    const dbg = join(app, 'build', `helloworld_kvm-${arch}.dbg`);
    const tool = (name: string) => (arch === 'arm64' && process.arch !== 'arm64' ? `aarch64-linux-gnu-${name}` : name);
    const defined = execFileSync(tool('nm'), ['--defined-only', dbg], { encoding: 'utf8' });
    for (const sym of ['ukarch_ctx_switch', 'ukarch_tls_area_init', 'ukplat_tlsp_set', 'uk_sched_this']) expect(defined).not.toMatch(new RegExp(` ${sym}$`, 'm'));
    // The tables have no preemption hook; the TLS symbols say "none".
    const addr = (sym: string) => new RegExp(`^([0-9a-f]+) \\w ${sym}$`, 'm').exec(defined)![1];
    expect(addr('__uk_preempthook_start')).toBe(addr('__uk_preempthook_end'));
    expect(BigInt('0x' + addr('__uk_tls_size'))).toBe(0n);
    const sections = execFileSync(tool('readelf'), ['-SW', dbg], { encoding: 'utf8' });
    expect(sections).not.toMatch(/\.t(data|bss)\b/);
  });
});
