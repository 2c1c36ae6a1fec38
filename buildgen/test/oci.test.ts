/**
 * OCI image layouts (`ukconfig pkg`, `ukconfig run --oci`): the layer's
 * tar, checked against GNU tar; the layout's files and media types; every
 * digest checked on reading, with a clear error for a damaged layout; the
 * layout written whole or not at all. skopeo's view of it is in
 * qemu-tests/oci.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MEDIA_TYPE, OciError, readLayout, writeLayout, type Package } from '../src/oci.js';
import { readTar, TarError, writeTar } from '../src/tar.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'ukconfig-oci-test-'));
  dirs.push(d);
  return d;
}

const PKG: Package = {
  plat: 'kvm',
  arch: 'x86_64',
  name: 'hello_kvm-x86_64',
  args: ['ukdebug.level=3', '--', 'a', 'b c'],
  settings: { debugExitPort: '0xf4', semihosting: false, timer: true, gicV3Only: false },
};
const IMAGE = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const blob = (dir: string, digest: string) => join(dir, 'blobs', 'sha256', digest.replace('sha256:', ''));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('the layer tar', () => {
  it('GNU tar lists and extracts what writeTar wrote, byte for byte', () => {
    const dir = folder();
    writeFileSync(join(dir, 'layer.tar'), writeTar([{ name: 'image', data: IMAGE, mode: 0o755 }, { name: 'empty', data: Buffer.alloc(0), mode: 0o644 }]));
    expect(execFileSync('tar', ['-tvf', 'layer.tar'], { cwd: dir, encoding: 'utf8' })).toMatch(/^-rwxr-xr-x 0\/0 +3000 1970-01-01 00:00 image\n-rw-r--r-- 0\/0 +0 .* empty\n$/);
    mkdirSync(join(dir, 'out'));
    execFileSync('tar', ['-xf', '../layer.tar'], { cwd: join(dir, 'out') });
    expect(readFileSync(join(dir, 'out', 'image')).equals(IMAGE)).toBe(true);
  });

  it('reads back what GNU tar wrote, and refuses links and damaged headers', () => {
    const dir = folder();
    writeFileSync(join(dir, 'image'), IMAGE);
    execFileSync('tar', ['--format=ustar', '-cf', 'gnu.tar', 'image'], { cwd: dir });
    const files = readTar(readFileSync(join(dir, 'gnu.tar')));
    expect(files.map((f) => f.name)).toEqual(['image']);
    expect(files[0].data.equals(IMAGE)).toBe(true);

    execFileSync('ln', ['-s', 'image', 'link'], { cwd: dir });
    execFileSync('tar', ['--format=ustar', '-cf', 'link.tar', 'link'], { cwd: dir });
    expect(() => readTar(readFileSync(join(dir, 'link.tar')))).toThrow(/'link' is not a regular file/);

    const damaged = writeTar([{ name: 'image', data: IMAGE, mode: 0o755 }]);
    damaged[10] ^= 1;
    expect(() => readTar(damaged)).toThrow(TarError);
    expect(() => readTar(writeTar([{ name: 'image', data: IMAGE, mode: 0o755 }]).subarray(0, 2048))).toThrow(/cut short/);
    expect(() => writeTar([{ name: '../x', data: IMAGE, mode: 0o644 }])).toThrow(TarError);
  });
});

describe('the layout', () => {
  it('holds oci-layout, index.json and three blobs named by their digests, with the media types of the image spec', () => {
    const dir = join(folder(), 'layout');
    const manifestDesc = writeLayout(dir, PKG, IMAGE);
    expect(readJson(join(dir, 'oci-layout'))).toEqual({ imageLayoutVersion: '1.0.0' });
    const index = readJson(join(dir, 'index.json'));
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests).toEqual([{ ...manifestDesc, platform: { architecture: 'amd64', os: 'none' } }]);
    const blobs = readdirSync(join(dir, 'blobs', 'sha256'));
    expect(blobs).toHaveLength(3);
    for (const b of blobs) expect(sha256(readFileSync(join(dir, 'blobs', 'sha256', b)))).toBe(b);

    const manifest = readJson(blob(dir, manifestDesc.digest));
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
    expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar']);
    expect(manifest.annotations).toMatchObject({
      'io.ukconfig.platform': 'kvm',
      'io.ukconfig.architecture': 'x86_64',
      'io.ukconfig.cmdline': 'ukdebug.level=3 -- a "b c"',
    });
    const config = readJson(blob(dir, manifest.config.digest));
    expect(config).toMatchObject({ architecture: 'amd64', os: 'none', config: { Cmd: PKG.args }, rootfs: { type: 'layers', diff_ids: [manifest.layers[0].digest] } });
    expect(readTar(readFileSync(blob(dir, manifest.layers[0].digest)))[0].data.equals(IMAGE)).toBe(true);
  });

  it('reads back the image and what running it needs', () => {
    const dir = join(folder(), 'layout');
    writeLayout(dir, PKG, IMAGE);
    const into = folder();
    const pkg = readLayout(dir, into);
    expect(pkg).toEqual({ ...PKG, image: join(into, PKG.name) });
    expect(readFileSync(pkg.image).equals(IMAGE)).toBe(true);
  });

  it('reads a layer a copy compressed (tar+gzip, as skopeo copy makes it)', () => {
    const dir = join(folder(), 'layout');
    const desc = writeLayout(dir, PKG, IMAGE);
    const manifest = readJson(blob(dir, desc.digest));
    const gz = gzipSync(readFileSync(blob(dir, manifest.layers[0].digest)));
    writeFileSync(blob(dir, `sha256:${sha256(gz)}`), gz);
    manifest.layers = [{ mediaType: MEDIA_TYPE.layerGzip, digest: `sha256:${sha256(gz)}`, size: gz.length }];
    const text = Buffer.from(JSON.stringify(manifest));
    writeFileSync(blob(dir, `sha256:${sha256(text)}`), text);
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MEDIA_TYPE.manifest, digest: `sha256:${sha256(text)}`, size: text.length }] }));
    expect(readFileSync(readLayout(dir, folder()).image).equals(IMAGE)).toBe(true);
  });

  it('a damaged layout gives a clear error naming the file', () => {
    const damage: [string, (dir: string, manifest: { config: { digest: string }; layers: { digest: string }[] }) => void, RegExp][] = [
      ['a flipped byte in the layer', (d, m) => flip(blob(d, m.layers[0].digest)), /blobs\/sha256\/[0-9a-f]{64}: the layer is corrupted \(its sha256 is [0-9a-f]{64}\)$/],
      ['a flipped byte in the configuration', (d, m) => flip(blob(d, m.config.digest)), /the configuration is corrupted/],
      ['a missing layer', (d, m) => rmSync(blob(d, m.layers[0].digest)), /blobs\/sha256\/[0-9a-f]{64}: missing \(the layer\)$/],
      ['a truncated layer', (d, m) => writeFileSync(blob(d, m.layers[0].digest), readFileSync(blob(d, m.layers[0].digest)).subarray(0, 100)), /the layer has 100 bytes, its descriptor says \d+/],
      ['no oci-layout', (d) => rmSync(join(d, 'oci-layout')), /oci-layout: missing \(not an OCI image layout\)$/],
      ['index.json not JSON', (d) => writeFileSync(join(d, 'index.json'), '{'), /index.json: the index is not JSON/],
    ];
    for (const [what, hurt, message] of damage) {
      const dir = join(folder(), 'layout');
      const desc = writeLayout(dir, PKG, IMAGE);
      hurt(dir, readJson(blob(dir, desc.digest)));
      let err: unknown = null;
      try {
        readLayout(dir, folder());
      } catch (e) {
        err = e;
      }
      expect(err, what).toBeInstanceOf(OciError);
      expect((err as Error).message, what).toMatch(message);
    }
  });

  it('is written whole or not at all: a folder that is not a layout is left alone, an old layout replaced', () => {
    const parent = folder();
    const dir = join(parent, 'layout');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mine.txt'), 'keep me');
    expect(() => writeLayout(dir, PKG, IMAGE)).toThrow(/neither empty nor an OCI image layout; nothing was written/);
    expect(readdirSync(dir)).toEqual(['mine.txt']);
    rmSync(dir, { recursive: true });

    writeLayout(dir, PKG, IMAGE);
    const second = writeLayout(dir, { ...PKG, args: [] }, IMAGE);
    expect(readJson(join(dir, 'index.json')).manifests[0].digest).toBe(second.digest);
    expect(readdirSync(join(dir, 'blobs', 'sha256'))).toHaveLength(3);
    // Nothing left beside it: the temporary and the old folder are gone.
    expect(readdirSync(parent)).toEqual(['layout']);
    expect(existsSync(join(dir, 'mine.txt'))).toBe(false);
  });
});

function flip(file: string): void {
  const b = readFileSync(file);
  b[b.length >> 1] ^= 0xff;
  writeFileSync(file, b);
}
