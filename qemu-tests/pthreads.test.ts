/**
 * musl's own POSIX threads on the image's schedulers, differentially:
 * examples/pthreads/main.c (threads and join results, pthread_exit, a
 * mutex under contention, condition variables with a producer and a
 * consumer, a broadcast and a timed wait, detached threads, once, keys
 * with destructors, mutex kinds, __thread variables and errno per thread)
 * is built by the host's gcc (glibc) and by musl-gcc, and as images with
 * musl and the cooperative or the preemptive scheduler, on kvm and linuxu
 * of both architectures; every one must print the same lines and end with
 * the same status. The kvm images reach no trap instruction: musl's
 * clone and unmap-self assembly is replaced by calls of posix-process.
 * With SMP (defconfigs smp-kvm-<arch>, -smp 4) the threads move to idle
 * CPUs and run at once: futexes, the mutex and the condition variables
 * across CPUs; the schedulers' counts at shutdown (ukdebug.level=4) show
 * threads moved to, and ran on, CPUs other than the one that made them.
 *
 * `npm test` builds a fixed sample: the preemptive scheduler on x86_64
 * (kvm and linuxu) and SMP on arm64; `npm run test:long` all of them.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, removeScratch, runGuest, sampled, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const MUSL_BUILD_MS = 900_000;

let host: { stdout: string; exitCode: number };

async function hostRun(cc: string, flags: string[]): Promise<{ stdout: string; exitCode: number }> {
  const exe = join(tempDir(`pthreads-${cc}`), 'pthreads');
  await execa(cc, ['-O1', ...flags, '-o', exe, join(copyExample('pthreads'), 'main.c')]);
  const r = await execa(exe, [], { reject: false, timeout: 60_000 });
  return { stdout: String(r.stdout), exitCode: r.exitCode ?? -1 };
}

beforeAll(async () => {
  host = await hostRun('gcc', ['-pthread']);
  expect(host.stdout).toContain('failures: 0');
  expect(host.exitCode).toBe(4);
}, 120_000);

it("musl-gcc's build of the program prints what glibc's prints", async () => {
  const musl = await hostRun('musl-gcc', ['-static']);
  expect(musl).toEqual(host);
});

const CASES = [
  { arch: 'x86_64', objdump: 'objdump', trap: /\tsyscall\b/ },
  { arch: 'arm64', objdump: 'aarch64-linux-gnu-objdump', trap: /\tsvc\b/ },
].flatMap((a) => ['coop', 'preempt'].map((sched) => ({ ...a, sched })));
const SCHED_CASES = sampled(CASES, (c) => c.arch === 'x86_64' && c.sched === 'preempt');

describe.each(SCHED_CASES)('pthreads on musl, $sched scheduler, $arch', ({ arch, objdump, trap, sched }) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('pthreads');
    await configureAndBuild(app, `${sched}-kvm+linuxu-${arch}`);
  }, MUSL_BUILD_MS);

  it.each(['kvm', 'linuxu'])('%s: the same lines and status as the host build', async (plat) => {
    const r = await runGuest(app, ['--plat', plat], []);
    const lines = r.stdout.split('\n').filter((l) => !/^(Info|boot): /.test(l));
    expect(lines.join('\n').trim()).toBe(host.stdout.trim());
    expect(r.exitCode).toBe(host.exitCode);
  });

  it('the kvm image executes no system call instruction', async () => {
    const dump = await execa(objdump, ['-d', join(app, 'build', `pthreads_kvm-${arch}.dbg`)]);
    const lines = String(dump.stdout).split('\n');
    expect(lines.filter((l) => trap.test(l))).toEqual([]);
    // It can fail: musl's pthread_create is in the image, calling the replacement __clone.
    expect(lines.some((l) => /<__pthread_create>:/.test(l))).toBe(true);
    expect(lines.some((l) => /(call|bl)\s.*<__clone>/.test(l))).toBe(true);
  });
});

describe.each(sampled(['x86_64', 'arm64'], (arch) => arch === 'arm64'))('pthreads on musl, SMP kvm-%s', (arch) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('pthreads');
    await configureAndBuild(app, `smp-kvm-${arch}`);
  }, MUSL_BUILD_MS);

  it('-smp 4: the same lines and status as the host build, threads having moved to the other CPUs', async () => {
    const r = await runGuest(app, ['--smp', '4'], ['ukdebug.level=4', '--']);
    const lines = r.stdout.split('\n').filter((l) => !/^(Info|boot): /.test(l));
    expect(lines.join('\n').trim()).toBe(host.stdout.trim());
    expect(r.exitCode).toBe(host.exitCode);
    // Every thread is made on CPU 0 by an unpinned parent: only moves bring threads to the others.
    const cpus = [...r.stdout.matchAll(/^Info: \[uksched\] cpu (\d): preempt, (\d+) switches, (\d+) threads moved here$/gm)].map((m) => m.slice(1).map(Number));
    expect(cpus.map(([cpu]) => cpu), r.stdout).toEqual([0, 1, 2, 3]);
    const others = cpus.slice(1).filter(([, switches, moved]) => moved > 0 && switches > 0);
    expect(others.length, r.stdout).toBeGreaterThan(0);
  });
});
