/**
 * Every allocator back-end on every (architecture, platform) pair: the
 * defconfigs of examples/allocbench (one per allocator and architecture,
 * each building kvm and linuxu) are built and booted, and the randomised
 * workload runs in check mode (examples/allocbench/README.md). Differential:
 * the same sources built as a Linux process over glibc print the lines the
 * guest must print, save those that name the allocator; the guest adds its
 * own checks of usable sizes, statistics and the boot-time heap.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, removeScratch, ROOT, runGuest, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const OPS = '20000';
const SEED = '5';
/** Room for everything the region allocator never takes back (README). */
const MEM = '64M';

/** The lines of a run that do not depend on the allocator or the platform. */
function workloadLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^(allocbench|calls|contents|check|FAIL)\b/.test(l));
}

let host: string;
let glibc: string[];

/** What the Linux-process build over glibc prints for these arguments. */
async function glibcLines(args: string[]): Promise<string[]> {
  const r = await execa(host, args, { reject: false });
  expect(r.exitCode).toBe(0);
  const lines = workloadLines(r.stdout);
  expect(lines.at(-1)).toBe('check: passed');
  expect(lines.find((l) => l.startsWith('contents:'))).toMatch(/^contents: digest [0-9a-f]{16}, \d+ live blocks/);
  return lines;
}

beforeAll(async () => {
  host = join(tempDir('allocbench-host'), 'allocbench-host');
  await execa('make', ['-s', '-f', join(ROOT, 'examples', 'allocbench', 'host.mk'), `OUT=${host}`]);
  glibc = await glibcLines(['check', OPS, SEED]);
});

const CASES = ['x86_64', 'arm64'].flatMap((arch) =>
  [
    { heap: 'region', boot: 'region' },
    { heap: 'buddy', boot: 'buddy' },
    { heap: 'tlsf', boot: 'tlsf' },
    { heap: 'tlsf', boot: 'region', defconfig: 'tlsf-bootregion' },
  ].map((c) => ({ ...c, arch, defconfig: `${c.defconfig ?? c.heap}-${arch}` })),
);

describe.each(CASES)('allocbench $defconfig', ({ arch, heap, boot, defconfig }) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('allocbench');
    const apply = await ukconfig(['-C', app, 'apply', `defconfigs/${defconfig}`]);
    expect(apply.exitCode, apply.stdout + apply.stderr).toBe(0);
    const build = await ukconfig(['-C', app, 'build']);
    expect(build.exitCode, build.stderr).toBe(0);
  });

  for (const plat of ['kvm', 'linuxu']) {
    it(`${plat}-${arch}: the workload passes its checks and prints what glibc's run prints`, async () => {
      const r = await runGuest(app, ['--plat', plat, '--mem', MEM], ['--', 'check', OPS, SEED]);
      expect(r.stdout).toContain(`heap: ${heap} (boot-time: ${boot})\n`);
      expect(workloadLines(r.stdout)).toEqual(glibc);
      // After the workload (blocks still held) and after the impossible requests.
      const stats = r.stdout.split('\n').filter((l) => l.startsWith('statistics:'));
      expect(stats).toHaveLength(2);
      for (const l of stats) expect(l).toMatch(/: as the model says$/);
      // Every block given back, the three impossible requests counted.
      const end = /^statistics: (\d+) allocations, (\d+) frees, \d+ bytes in use, peak [1-9]\d*, 3 failures/.exec(stats[1]);
      expect(end, stats[1]).not.toBeNull();
      expect(end![1]).toBe(end![2]);
      expect(r.stdout).toMatch(/^boot: (\d+\.\d us|\d+ ticks) to main/m);
      expect(r.exitCode).toBe(0);
    });
  }

  // Natively, longer: more of the allocators' paths (the region allocator would need ~85 MiB per seed).
  if (arch === 'x86_64' && heap !== 'region')
    it('linuxu-x86_64: eight more seeds of 100000 operations, each printing what glibc prints', async () => {
      for (const seed of ['11', '12', '13', '14', '15', '16', '17', '18']) {
        const args = ['check', '100000', seed];
        const r = await runGuest(app, ['--plat', 'linuxu'], ['--', ...args]);
        expect(workloadLines(r.stdout), `seed ${seed}`).toEqual(await glibcLines(args));
        expect(r.exitCode).toBe(0);
      }
    });

  if (defconfig === 'region-x86_64')
    it('reports failures: the region allocator without room for the workload runs out of memory, status 1', async () => {
      const r = await runGuest(app, ['--plat', 'kvm', '--mem', '2M'], ['--', 'check', OPS, SEED]);
      expect(r.stdout).toMatch(/^FAIL slot \d+: out of memory/m);
      expect(r.stdout).toMatch(/^check: \d+ FAILED$/m);
      expect(r.exitCode).toBe(1);
    });
});
