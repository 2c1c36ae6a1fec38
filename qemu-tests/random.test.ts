/**
 * The random source (ukrandom) through uk_random_fill, getrandom and
 * /dev/urandom, with the source each read came from: virtio-rng when the
 * machine has the device (ukconfig run attaches it to images with the
 * driver), the next source with --no-rng (kvm: TCG's default CPUs have
 * neither RDRAND nor RNDR, so the tick-seeded generator; linuxu-x86_64:
 * RDRAND when the host's CPU has it). Every read must look uniform: all
 * 256 byte values in 4096 bytes and a bit count within 6 standard
 * deviations of half.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, removeScratch, runGuest } from './ukconfig.js';

afterAll(removeScratch);

const FALLBACK = 'xoshiro256** (seeded from the tick counter: not random)';

/** Checks the three reads of the example's output and returns the sources they name. */
function checkReads(stdout: string): string[] {
  const sources: string[] = [];
  for (const what of ['fill', 'getrandom', '/dev/urandom']) {
    const m = new RegExp(`^${what.replace(/\//g, '\\/')}: (\\d+) bytes, (\\d+) values, (\\d+) bits, source (.*)$`, 'm').exec(stdout);
    expect(m, `${what} in:\n${stdout}`).not.toBeNull();
    const [, bytes, values, bits, source] = m!;
    expect(Number(bytes)).toBe(4096);
    expect(Number(values)).toBe(256);
    expect(Math.abs(Number(bits) - 16384)).toBeLessThan(6 * 91);
    sources.push(source);
  }
  expect(stdout).toContain('fill twice: different');
  expect(stdout).toContain('getrandom and /dev/urandom: different');
  expect(stdout).toContain('getrandom with bad flags: -22');
  expect(stdout).toContain('getrandom of 0 bytes: 0');
  return sources;
}

const hostHasRdrand = () => process.arch === 'x64' && /\brdrand\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));

describe.each([
  ['x86_64', 'kvm+linuxu-x86_64'],
  ['arm64', 'kvm-arm64'],
])('random on %s', (arch, defconfig) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('random');
    await configureAndBuild(app, defconfig);
  }, 300_000);

  it('kvm: bytes from virtio-rng when the machine has the device', async () => {
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M'], []);
    expect(r.stdout).toContain('first source: virtio-rng');
    expect(checkReads(r.stdout)).toEqual(['virtio-rng', 'virtio-rng', 'virtio-rng']);
    expect(r.exitCode).toBe(0);
  });

  it('kvm --no-rng: the next source, and the reads still work', async () => {
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M', '--no-rng'], []);
    expect(checkReads(r.stdout)).toEqual([FALLBACK, FALLBACK, FALLBACK]);
    expect(r.exitCode).toBe(0);
  });

  it('--disk on an image without a block driver is refused, naming the option to enable', async () => {
    const r = await runGuest(app, ['--plat', 'kvm', '--disk', '/dev/null'], []);
    expect(r.stderr).toContain('has no block-device driver: enable LIBVIRTIO_BLK');
    expect(r.exitCode).toBe(125);
  });

  if (arch === 'x86_64') {
    it('kvm on microvm: virtio-rng through a virtio-mmio transport', async () => {
      const r = await runGuest(app, ['--plat', 'kvm', '--machine', 'microvm', '--mem', '16M'], []);
      expect(checkReads(r.stdout)).toEqual(['virtio-rng', 'virtio-rng', 'virtio-rng']);
      expect(r.exitCode).toBe(0);
    });

    it('linuxu: RDRAND when the host CPU has it (else the generator); --disk is refused', async () => {
      const r = await runGuest(app, ['--plat', 'linuxu'], []);
      const expected = hostHasRdrand() ? 'rdrand' : FALLBACK;
      expect(checkReads(r.stdout)).toEqual([expected, expected, expected]);
      expect(r.exitCode).toBe(0);
      const d = await runGuest(app, ['--plat', 'linuxu', '--disk', '/dev/null'], []);
      expect(d.stderr).toContain('--disk applies to kvm images only');
      expect(d.exitCode).toBe(2);
    });
  }
});
