/**
 * `ukconfig pkg` and `ukconfig run --oci`: examples/helloworld's images as
 * OCI image layouts that skopeo (containers' own tool) inspects and copies;
 * the copy boots with the arguments recorded in it, and a corrupted blob
 * stops the run with a clear error.
 */
import { execa } from 'execa';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, GUEST_TIMEOUT_S, removeScratch, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const run = async (args: string[]) => {
  const r = await ukconfig(['run', '--timeout', String(GUEST_TIMEOUT_S), ...args], { timeoutMs: (GUEST_TIMEOUT_S + 30) * 1000 });
  return { ...r, stdout: r.stdout.replace(/\r/g, '') };
};

describe('helloworld as OCI image layouts', () => {
  let app: string;
  let out: string;

  beforeAll(async () => {
    app = copyExample('helloworld');
    out = tempDir('oci');
    for (const step of [['apply', 'defconfigs/kvm+baremetal+linuxu-x86_64'], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
  });

  it.each(['kvm', 'baremetal', 'linuxu'])('%s: skopeo inspects it, skopeo copy copies it, run --oci boots the copy with its arguments', async (plat) => {
    const a = join(out, `${plat}-a`);
    const b = join(out, `${plat}-b`);
    const pkg = await ukconfig(['-C', app, 'pkg', '--plat', plat, a, '--', 'helloworld.status=6', '--', 'x', 'y z']);
    expect(pkg.exitCode, pkg.stderr).toBe(0);
    expect(pkg.stdout).toMatch(new RegExp(`${plat}-x86_64 image build/helloworld_${plat}-x86_64 \\(\\d+ bytes\\), manifest sha256:[0-9a-f]{64}`));

    const inspect = await execa('skopeo', ['inspect', `oci:${a}`], { reject: false });
    expect(inspect.exitCode, inspect.stderr).toBe(0);
    const seen = JSON.parse(inspect.stdout);
    expect(seen.Architecture).toBe('amd64');
    expect(seen.Os).toBe(plat === 'linuxu' ? 'linux' : 'none');
    expect(seen.Layers).toHaveLength(1);

    const copy = await execa('skopeo', ['copy', `oci:${a}`, `oci:${b}`], { reject: false });
    expect(copy.exitCode, copy.stderr).toBe(0);
    const r = await run(['--oci', b]);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('Hello world!');
    expect(lines).toContain('argv[2]: y z');
    expect(r.exitCode, r.stdout + r.stderr).toBe(6);
    // The run's own arguments replace the recorded ones.
    expect((await run(['--oci', b, '--', 'helloworld.status=2', '--'])).exitCode).toBe(2);
  });

  it('a corrupted blob stops the run with the file and what is wrong', async () => {
    const dir = join(out, 'corrupt');
    expect((await ukconfig(['-C', app, 'pkg', '--plat', 'kvm', dir])).exitCode).toBe(0);
    const blobs = join(dir, 'blobs', 'sha256');
    // The largest blob is the layer (the image); the others are JSON.
    const layer = readdirSync(blobs).sort((x, y) => readFileSync(join(blobs, y)).length - readFileSync(join(blobs, x)).length)[0];
    const bytes = readFileSync(join(blobs, layer));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(blobs, layer), bytes);
    const r = await run(['--oci', dir]);
    expect(r.exitCode).toBe(125);
    expect(r.stdout).not.toContain('Hello world!');
    expect(r.stderr).toContain(`ukconfig run: --oci: ${join(blobs, layer)}: the layer is corrupted (its sha256 is `);
  });

  it('pkg refuses a folder that is not a layout, and run --oci one that is not there', async () => {
    const dir = tempDir('not-oci');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await ukconfig(['-C', app, 'pkg', '--plat', 'kvm', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('is neither empty nor an OCI image layout; nothing was written');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const missing = await run(['--oci', join(dir, 'nothing')]);
    expect(missing.exitCode).toBe(125);
    expect(missing.stderr).toContain('oci-layout: missing (not an OCI image layout)');
  });
});
