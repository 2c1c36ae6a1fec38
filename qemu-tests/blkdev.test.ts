/**
 * The virtio foundation end to end: examples/blkdev on kvm-x86_64 (-M pc,
 * virtio-pci; -M microvm, virtio-mmio) and kvm-arm64 (-M virt,
 * virtio-mmio) with a raw disk the
 * host fills with random bytes (`ukconfig run --disk`). Differential: the
 * checksums the guest prints for what it read are compared with those
 * the host computes over the same file, and what the guest wrote is read
 * back from the file on the host afterwards. Completion by interrupt is
 * counted: synchronous reads must have requests completed in the
 * driver's interrupt handler, polled ones none.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, removeScratch, runGuest, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const SECTOR = 512;
const BLOCK = 8 * SECTOR;

/** FNV-1a 64, as examples/blkdev/main.c computes it. */
function fnv1a(b: Buffer): string {
  let h = 0xcbf29ce484222325n;
  for (const x of b) h = ((h ^ BigInt(x)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/** The `sum SECTOR HEX` lines the guest should print for blocks of 8 sectors from `first`. */
function expectedSums(disk: Buffer, first: number, count: number): string[] {
  const lines: string[] = [];
  for (let s = first; s < first + count; s += 8) lines.push(`sum ${s} ${fnv1a(disk.subarray(s * SECTOR, s * SECTOR + BLOCK))}`);
  return lines;
}

/** Byte i of sector s written by `write FIRST COUNT SEED` (main.c's pattern()). */
const pattern = (s: number, i: number, seed: number) => (s * 31 + i * 7 + seed + (i >> 8)) & 0xff;

const sumLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('sum '));

function makeDisk(bytes: number): { file: string; data: Buffer } {
  const data = randomBytes(bytes);
  const file = join(tempDir('blkdev-disk'), 'disk.img');
  writeFileSync(file, data);
  return { file, data };
}

describe.each(['x86_64', 'arm64'])('blkdev on kvm-%s', (arch) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('blkdev');
    await configureAndBuild(app, `kvm-${arch}`);
  }, 300_000);

  it('reads what the host put on the disk, with interrupts and polled', async () => {
    const disk = makeDisk(2 << 20);
    const r = await runGuest(app, ['--mem', '16M', '--disk', disk.file], ['info', 'sums', '0', '64', 'sums', '4000', '96', 'irqs', 'psums', '0', '160', 'irqs']);
    expect(r.stdout).toMatch(new RegExp(`info: virtio-blk (pci|mmio) \\S+: 4096 sectors of 512 bytes, read-only 0, flush 1, interrupt 1`));
    const expected = [...expectedSums(disk.data, 0, 64), ...expectedSums(disk.data, 4000, 96), ...expectedSums(disk.data, 0, 160)];
    // The check can fail: the host's sums are of random bytes made for this run.
    expect(sumLines(r.stdout)).toEqual(expected);
    expect(r.stdout).toContain('blkdev: done');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    // The interrupt completed synchronous reads; polling mode took none.
    const irqs = [...r.stdout.matchAll(/^completed by interrupt: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(irqs).toHaveLength(2);
    expect(irqs[0]).toBeGreaterThan(0);
    expect(irqs[1]).toBe(irqs[0]);
  });

  it('writes reach the file on the host, and nothing else changes', async () => {
    const disk = makeDisk(1 << 20);
    const r = await runGuest(app, ['--mem', '16M', '--disk', disk.file], ['write', '100', '5', '7', 'sums', '96', '16']);
    expect(r.stdout).toContain('wrote 5 sectors from 100, flush 0');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const after = readFileSync(disk.file);
    const expected = Buffer.from(disk.data);
    for (let s = 100; s < 105; s++) for (let i = 0; i < SECTOR; i++) expected[s * SECTOR + i] = pattern(s, i, 7);
    expect(after.length).toBe(expected.length);
    expect(after.equals(expected)).toBe(true);
    // And the guest read its own writes back.
    expect(sumLines(r.stdout)).toEqual(expectedSums(expected, 96, 16));
  });

  it('requests outside the disk are errors, and the disk still works after them', async () => {
    const disk = makeDisk(64 << 10);
    const r = await runGuest(app, ['--mem', '16M', '--disk', disk.file], ['bad']);
    for (const what of ['read at end', 'read across end', 'read far past end', 'write at end', 'read of 0 sectors', 'submit at end']) {
      expect(r.stdout).toContain(`${what}: -22\n`);
    }
    expect(r.stdout).toContain('read of the last sector: 0\n');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  if (arch === 'x86_64') {
    it('microvm: the same disk through its virtio-mmio transports', async () => {
      const disk = makeDisk(1 << 20);
      const r = await runGuest(app, ['--machine', 'microvm', '--mem', '16M', '--disk', disk.file], ['info', 'sums', '0', '64', 'psums', '64', '64', 'write', '10', '2', '3', 'irqs']);
      expect(r.stdout).toMatch(/info: virtio-blk mmio 0xfeb00\w00: 2048 sectors of 512 bytes, read-only 0, flush 1, interrupt 1/);
      expect(sumLines(r.stdout)).toEqual([...expectedSums(disk.data, 0, 64), ...expectedSums(disk.data, 64, 64)]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      const after = readFileSync(disk.file);
      for (let s = 10; s < 12; s++) for (let i = 0; i < SECTOR; i++) expect(after[s * SECTOR + i]).toBe(pattern(s, i, 3));
      expect(Number(/^completed by interrupt: (\d+)$/m.exec(r.stdout)?.[1])).toBeGreaterThan(0);
    });
  }

  it('without --disk the image finds no block device', async () => {
    const r = await runGuest(app, ['--mem', '16M'], ['info']);
    expect(r.stdout).toContain('blkdev: 0 block device(s)');
    expect(r.exitCode).toBe(2);
  });
});
