/**
 * A boot must not touch the guest's memory in proportion to its size: the
 * heap is laid over all free RAM without writing it, and the page tables
 * map it in large pages. examples/helloworld, with each heap back-end (and
 * with PAGING, where the boot maps memory), boots with -m 32M and -m 2G;
 * at both the guest must report the heap over its largest free region,
 * and, checked without any clock:
 *   - the host's peak resident memory of QEMU (GNU time's %M) grows by far
 *     less with 2 GiB than the 2 GiB a boot writing its memory would add
 *     (QEMU backs guest RAM lazily: only pages the guest touched count);
 *   - with PAGING, the guest's own count of page-table pages the paging
 *     library added at boot (ukdebug.level=4) is the same at both sizes.
 * Boot-time figures at several sizes: bench/bootmem.mjs.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeExit, guestCommand, type GuestSpec } from '../buildgen/src/guest.js';
import { copyExample, GUEST_TIMEOUT_S, removeScratch, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const SMALL = '32M';
const LARGE = '2G';
/** What QEMU may grow by with 2 GiB more of guest RAM (its own tables; ~4 MiB measured). */
const MAX_GROWTH_KIB = 64 * 1024;

const CASES = [
  { name: 'region (the default), kvm-x86_64', arch: 'x86_64', defconfig: 'kvm-x86_64', heap: 'region', lines: [] },
  { name: 'buddy, kvm-x86_64', arch: 'x86_64', defconfig: 'kvm-x86_64', heap: 'buddy', lines: ['CONFIG_UKALLOC_HEAP_BUDDY=y'] },
  { name: 'TLSF with PAGING, kvm-x86_64', arch: 'x86_64', defconfig: 'kvm-paging-x86_64', heap: 'tlsf', lines: ['CONFIG_UKALLOC_HEAP_TLSF=y'], paging: true },
  { name: 'TLSF with PAGING, kvm-arm64', arch: 'arm64', defconfig: 'kvm-paging-arm64', heap: 'tlsf', lines: ['CONFIG_UKALLOC_HEAP_TLSF=y'], paging: true },
];

interface Boot {
  out: string;
  peakKiB: number;
}

/** Boots the image under GNU time: its console and QEMU's peak resident memory; main() must return 0. */
async function boot(spec: GuestSpec): Promise<Boot> {
  const cmd = guestCommand(spec);
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-bootmem-'));
  try {
    const rss = join(dir, 'rss');
    const r = await execa('/usr/bin/time', ['-f', '%M', '-o', rss, cmd.file, ...cmd.args], { reject: false, stdin: 'ignore', timeout: GUEST_TIMEOUT_S * 1000 });
    const out = String(r.stdout).replace(/\r/g, '');
    expect(decodeExit(spec, r.exitCode ?? null, r.signal ?? null).status, out + r.stderr).toBe(0);
    // The last line: GNU time first notes a non-zero exit status.
    const peakKiB = Number(readFileSync(rss, 'utf8').trim().split('\n').pop());
    expect(peakKiB).toBeGreaterThan(0);
    return { out, peakKiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The largest free region of the memory map the guest printed, in KiB. */
function largestFreeKiB(out: string): number {
  const lens = [...out.matchAll(/^Info: \[ukplat\] mem 0x([0-9a-f]+)-0x([0-9a-f]+) ram \(free\)$/gm)].map((m) => Number((BigInt('0x' + m[2]) - BigInt('0x' + m[1])) >> 10n));
  expect(lens.length, out).toBeGreaterThan(0);
  return Math.max(...lens);
}

describe.each(CASES)('helloworld, $name', ({ arch, defconfig, heap, lines, paging }) => {
  let image: string;
  const boots = new Map<string, Boot>();

  beforeAll(async () => {
    const app = copyExample('helloworld');
    const fragment = join(tempDir('bootmem'), 'heap.config');
    writeFileSync(fragment, lines.map((l) => l + '\n').join(''));
    for (const step of [['apply', `defconfigs/${defconfig}`, fragment], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
    image = join(app, 'build', `helloworld_kvm-${arch}`);
    const settings = { debugExitPort: arch === 'x86_64' ? '0xf4' : null, semihosting: arch !== 'x86_64' };
    for (const memory of [SMALL, LARGE]) boots.set(memory, await boot({ arch, plat: 'kvm', image, settings, memory, args: ['ukdebug.level=4', '--'] }));
  });

  it.each([SMALL, LARGE])(`-m %s: the heap (${heap}) covers the largest free region, and main() runs`, (memory) => {
    const { out } = boots.get(memory)!;
    const m = new RegExp(`^Info: \\[ukalloc\\] heap: ${heap}, (\\d+) KiB at 0x[0-9a-f]+ \\(boot-time: ${heap}\\)$`, 'm').exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1])).toBe(largestFreeKiB(out));
    expect(out).toContain('Hello world!\n');
  });

  it(`-m ${LARGE} reports a heap of nearly all of it`, () => {
    const kib = Number(/heap: \w+, (\d+) KiB/.exec(boots.get(LARGE)!.out)![1]);
    // arm64 virt loads the device tree into RAM, splitting it: the larger part is most of it.
    expect(kib).toBeGreaterThan(arch === 'x86_64' ? 2000 * 1024 : 1800 * 1024);
  });

  it(`QEMU's peak resident memory grows by less than ${MAX_GROWTH_KIB >> 10} MiB from -m ${SMALL} to -m ${LARGE}`, () => {
    const small = boots.get(SMALL)!.peakKiB;
    const large = boots.get(LARGE)!.peakKiB;
    expect(large - small, `${small} KiB at -m ${SMALL}, ${large} KiB at -m ${LARGE}`).toBeLessThan(MAX_GROWTH_KIB);
  });

  if (paging)
    it('the paging library adds as many page-table pages at boot at both sizes', () => {
      const added = (memory: string) => {
        const out = boots.get(memory)!.out;
        const m = /^Info: \[ukpaging\] page tables: (\d+) pages added to the boot table$/m.exec(out);
        expect(m, out).not.toBeNull();
        return Number(m![1]);
      };
      expect(added(LARGE)).toBe(added(SMALL));
    });
});
