/**
 * Images as OCI image layouts (opencontainers/image-spec: image-layout.md,
 * manifest.md, config.md, layer.md), so that registries and container
 * tooling (skopeo, oras, registries) can store and ship them:
 *
 *   DIR/oci-layout            {"imageLayoutVersion": "1.0.0"}
 *   DIR/index.json            an image index naming the one manifest
 *   DIR/blobs/sha256/<hex>    the manifest, the configuration, the layer
 *
 * The layer is an uncompressed tar holding the image file (a copy may
 * gzip it: skopeo does; both are read). What running it
 * needs is in the manifest's annotations (kept byte for byte by a copy, as
 * the manifest's digest is its identity): the platform, the architecture,
 * the guest's command line, the settings the image was built with that
 * decide how it must be run. The configuration says the architecture in
 * OCI's words (amd64, arm64) and the arguments as its Cmd.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { kernelCommandLine, type ImageSettings } from './guest.js';
import { readTar, TarError, writeTar } from './tar.js';

export const MEDIA_TYPE = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  /** What a copy may make of the layer (skopeo copy compresses it). */
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** The manifest's annotations, reverse-DNS names of this project as the spec asks. */
export const ANNOTATION = {
  platform: 'io.ukconfig.platform',
  architecture: 'io.ukconfig.architecture',
  cmdline: 'io.ukconfig.cmdline',
  args: 'io.ukconfig.args',
  settings: 'io.ukconfig.settings',
  image: 'io.ukconfig.image',
  title: 'org.opencontainers.image.title',
} as const;

/** OCI names architectures as Go does. */
const OCI_ARCH: Record<string, string> = { x86_64: 'amd64', arm64: 'arm64', arm32: 'arm', mips: 'mips' };
/** A unikernel is its own operating system; a linuxu image is a Linux program. */
const ociOs = (plat: string) => (plat === 'linuxu' ? 'linux' : 'none');

export interface Package {
  plat: string;
  arch: string;
  /** The image's file name in the layer (its name in build/). */
  name: string;
  /** The guest's arguments when the run gives none. */
  args: string[];
  settings: ImageSettings;
}

export class OciError extends Error {}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Stores a blob in `dir`; its descriptor. */
function putBlob(dir: string, mediaType: string, data: Buffer): Descriptor {
  const hex = sha256(data);
  writeFileSync(join(dir, 'blobs', 'sha256', hex), data);
  return { mediaType, digest: `sha256:${hex}`, size: data.length };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n');

/**
 * Writes the layout of `image` (its bytes) to `dir`, whole or not at all:
 * made in a sibling folder, then renamed into place. An existing `dir`
 * must be an OCI layout (it is replaced) or an empty folder.
 */
export function writeLayout(dir: string, pkg: Package, image: Buffer): Descriptor {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new OciError(`${dir} exists and is not a folder`);
    if (readdirSync(dir).length > 0 && !existsSync(join(dir, 'oci-layout'))) throw new OciError(`${dir} is neither empty nor an OCI image layout; nothing was written`);
  }
  const arch = OCI_ARCH[pkg.arch];
  if (!arch) throw new OciError(`no OCI name for architecture ${pkg.arch}`);
  const tmp = mkdtempSync(join(dirname(dir), `.${basename(dir)}.tmp-`));
  try {
    mkdirSync(join(tmp, 'blobs', 'sha256'), { recursive: true });
    const layerTar = writeTar([{ name: pkg.name, data: image, mode: 0o755 }]);
    const layer = putBlob(tmp, MEDIA_TYPE.layer, layerTar);
    const config = putBlob(
      tmp,
      MEDIA_TYPE.config,
      json({
        architecture: arch,
        os: ociOs(pkg.plat),
        config: { Cmd: pkg.args },
        rootfs: { type: 'layers', diff_ids: [layer.digest] },
      }),
    );
    const manifest = putBlob(
      tmp,
      MEDIA_TYPE.manifest,
      json({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.manifest,
        config,
        layers: [layer],
        annotations: {
          [ANNOTATION.platform]: pkg.plat,
          [ANNOTATION.architecture]: pkg.arch,
          [ANNOTATION.cmdline]: kernelCommandLine(pkg.args),
          [ANNOTATION.args]: JSON.stringify(pkg.args),
          [ANNOTATION.settings]: JSON.stringify(pkg.settings),
          [ANNOTATION.image]: pkg.name,
          [ANNOTATION.title]: pkg.name,
        },
      }),
    );
    writeFileSync(
      join(tmp, 'index.json'),
      json({ schemaVersion: 2, mediaType: MEDIA_TYPE.index, manifests: [{ ...manifest, platform: { architecture: arch, os: ociOs(pkg.plat) } }] }),
    );
    writeFileSync(join(tmp, 'oci-layout'), json({ imageLayoutVersion: '1.0.0' }));
    replaceFolder(tmp, dir);
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `from` becomes `to`; an old `to` is moved aside first and removed once the new one is in place. */
function replaceFolder(from: string, to: string): void {
  if (!existsSync(to)) {
    renameSync(from, to);
    return;
  }
  const old = mkdtempSync(join(dirname(to), `.${basename(to)}.old-`));
  rmSync(old, { recursive: true });
  renameSync(to, old);
  renameSync(from, to);
  rmSync(old, { recursive: true, force: true });
}

function parseJson(file: string, what: string, data: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(data.toString('utf8'));
  } catch (e) {
    throw new OciError(`${file}: ${what} is not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OciError(`${file}: ${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

function readFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new OciError(`${file}: missing (${what})`);
  }
}

/** The blob a descriptor names, checked against its size and digest. */
function getBlob(dir: string, d: unknown, what: string, mediaTypes: string[]): Buffer {
  const desc = d as Partial<Descriptor> | null;
  if (typeof desc !== 'object' || desc === null) throw new OciError(`${dir}: the ${what}'s descriptor is missing`);
  if (!mediaTypes.includes(String(desc.mediaType))) throw new OciError(`${dir}: the ${what} has media type ${String(desc.mediaType)}, not ${mediaTypes.join(' or ')}`);
  const m = /^sha256:([0-9a-f]{64})$/.exec(String(desc.digest));
  if (!m) throw new OciError(`${dir}: the ${what}'s digest ${String(desc.digest)} is not a sha256 digest`);
  const file = join(dir, 'blobs', 'sha256', m[1]);
  const data = readFile(file, `the ${what}`);
  if (data.length !== desc.size) throw new OciError(`${file}: the ${what} has ${data.length} bytes, its descriptor says ${String(desc.size)}`);
  const got = sha256(data);
  if (got !== m[1]) throw new OciError(`${file}: the ${what} is corrupted (its sha256 is ${got})`);
  return data;
}

/**
 * Reads the layout in `dir`, checking every digest, and writes its image
 * into the folder `into`; what the manifest says about running it.
 */
export function readLayout(dir: string, into: string): Package & { image: string } {
  const layoutFile = join(dir, 'oci-layout');
  const layout = parseJson(layoutFile, 'the layout marker', readFile(layoutFile, 'not an OCI image layout'));
  if (layout.imageLayoutVersion !== '1.0.0') throw new OciError(`${layoutFile}: imageLayoutVersion ${String(layout.imageLayoutVersion)} is not 1.0.0`);
  const indexFile = join(dir, 'index.json');
  const index = parseJson(indexFile, 'the index', readFile(indexFile, 'the index'));
  const manifests = Array.isArray(index.manifests) ? index.manifests : [];
  if (manifests.length !== 1) throw new OciError(`${indexFile}: holds ${manifests.length} manifests; ukconfig runs a layout of one image`);
  const manifest = parseJson(indexFile, 'the manifest', getBlob(dir, manifests[0], 'manifest', [MEDIA_TYPE.manifest]));
  const notes = (manifest.annotations ?? {}) as Record<string, unknown>;
  const note = (key: string) => {
    if (typeof notes[key] !== 'string') throw new OciError(`${dir}: the manifest has no ${key} annotation: not an image of ukconfig pkg`);
    return notes[key] as string;
  };
  const plat = note(ANNOTATION.platform);
  const arch = note(ANNOTATION.architecture);
  const name = note(ANNOTATION.image);
  let args: unknown;
  let settings: unknown;
  try {
    args = JSON.parse(note(ANNOTATION.args));
    settings = JSON.parse(note(ANNOTATION.settings));
  } catch (e) {
    throw new OciError(`${dir}: the manifest's annotations are damaged: ${(e as Error).message}`);
  }
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new OciError(`${dir}: ${ANNOTATION.args} is not a list of words`);
  const config = parseJson(dir, 'the configuration', getBlob(dir, manifest.config, 'configuration', [MEDIA_TYPE.config]));
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  if (layers.length !== 1) throw new OciError(`${dir}: the manifest has ${layers.length} layers, an image of ukconfig pkg one`);
  const blob = getBlob(dir, layers[0], 'layer', [MEDIA_TYPE.layer, MEDIA_TYPE.layerGzip]);
  let tar: Buffer;
  try {
    tar = (layers[0] as Descriptor).mediaType === MEDIA_TYPE.layerGzip ? gunzipSync(blob) : blob;
  } catch (e) {
    throw new OciError(`${dir}: the layer does not uncompress: ${(e as Error).message}`);
  }
  // The configuration names the uncompressed layer by its digest (config.md, rootfs.diff_ids).
  const diffIds = (config.rootfs as { diff_ids?: unknown } | undefined)?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds[0] !== `sha256:${sha256(tar)}`) throw new OciError(`${dir}: the layer's content does not match the configuration's rootfs.diff_ids`);
  let files;
  try {
    files = readTar(tar);
  } catch (e) {
    if (e instanceof TarError) throw new OciError(`${dir}: the layer: ${e.message}`);
    throw e;
  }
  const file = files.find((f) => f.name === name);
  if (!file) throw new OciError(`${dir}: the layer has no file ${name}`);
  const image = join(into, name);
  writeFileSync(image, file.data, { mode: 0o755 });
  return { plat, arch, name, args: args as string[], settings: settings as ImageSettings, image };
}
