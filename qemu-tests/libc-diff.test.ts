/**
 * nolibc against the host's C library: qemu-tests/apps/libcdiff prints the
 * results of setjmp/longjmp, the clocks and sleeps, and the stdio
 * formatting. The same main.c is built against glibc (natively for x86_64,
 * statically for arm64 and run under qemu-aarch64) and as unikernels with
 * nolibc (kvm and linuxu, without a scheduler and with the preemptive one);
 * every line must be the same, except the wall clock's seconds, which must
 * fall within the guest's run by the host's clock (a second of slack each
 * side: the RTC counts whole seconds).
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyTestApp, removeScratch, ROOT, runGuest, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const SOURCE = join(ROOT, 'qemu-tests', 'apps', 'libcdiff', 'main.c');

/** The host build of main.c for `arch`: its compiler, flags and how to run it. */
function hostBuild(arch: string): { cc: string; flags: string[]; run: (exe: string) => [string, string[]] } {
  const native = (arch === 'x86_64' && process.arch === 'x64') || (arch === 'arm64' && process.arch === 'arm64');
  if (native) return { cc: 'cc', flags: [], run: (exe) => [exe, []] };
  if (arch === 'arm64') return { cc: 'aarch64-linux-gnu-gcc', flags: ['-static'], run: (exe) => ['qemu-aarch64', [exe]] };
  return { cc: 'x86_64-linux-gnu-gcc', flags: ['-static'], run: (exe) => ['qemu-x86_64', [exe]] };
}

function lines(out: string): string[] {
  return out.replace(/\r/g, '').split('\n').filter((l) => l !== '');
}

const wallOf = (ls: string[]) => Number(/^wall: (\d+)$/.exec(ls.find((l) => l.startsWith('wall: '))!)![1]);
const withoutWall = (ls: string[]) => ls.filter((l) => !l.startsWith('wall: '));

describe.each(['x86_64', 'arm64'])('nolibc and glibc on %s', (arch) => {
  let glibc: string[];

  beforeAll(async () => {
    const h = hostBuild(arch);
    const exe = join(tempDir('libcdiff-host'), 'libcdiff');
    await execa(h.cc, ['-std=gnu11', '-O2', ...h.flags, '-o', exe, SOURCE]);
    const [file, args] = h.run(exe);
    const r = await execa(file, args, { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    glibc = lines(r.stdout);
    expect(glibc.at(-1)).toBe('done');
  });

  describe.each(['kvm+linuxu', 'preempt'])(`%s-${arch}`, (variant) => {
    let app: string;

    beforeAll(async () => {
      app = copyTestApp('libcdiff');
      await configureAndBuild(app, `${variant}-${arch}`);
    });

    it.each(['kvm', 'linuxu'])('%s prints what glibc prints', async (plat) => {
      const started = Math.floor(Date.now() / 1000);
      const r = await runGuest(app, ['--plat', plat], []);
      const ended = Math.ceil(Date.now() / 1000);
      expect(r.exitCode, r.stdout).toBe(0);
      const guest = lines(r.stdout);
      expect(withoutWall(guest)).toEqual(withoutWall(glibc));
      expect(wallOf(guest)).toBeGreaterThanOrEqual(started - 1);
      expect(wallOf(guest)).toBeLessThanOrEqual(ended + 1);
    });
  });
});
