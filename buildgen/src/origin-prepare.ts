/**
 * A library's origin made ready to compile: fetched once into the cache,
 * checked against the manifest's SHA-256, unpacked as dpkg-source would
 * (Debian's own patch series applied), then the library's own patch series
 * applied. The result is a folder in the cache named after everything that
 * went into it, so a second build finds it and touches no network.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { cacheName, originCacheRoot, publish, tempBeside, withLock } from './origin-cache.js';
import { FetchError, fetchVerified } from './origin-fetch.js';
import { debianPools, dscName, parseDsc, poolDir, sourceParts } from './debian-source.js';
import type { Manifest } from './manifest.js';
import { originName, type OriginSpec } from './origin-spec.js';
import { Problems } from './problems.js';

/** Bump when the way trees are made changes: old entries are then left alone. */
const TREE_FORMAT = 1;

export interface Patch {
  name: string;
  file: string;
  /** patch -pN */
  strip: number;
  /** Where the patch is named: `series:LINE`, or the patch file itself. */
  where: string;
}

/**
 * The library's patch series: `patches/series` (quilt's format: one name a
 * line, `#` comments, an optional `-pN`), else every `patches/*.patch` in
 * name order. None when there is no patches/ folder.
 */
export function readSeries(libDir: string): Patch[] {
  const dir = join(libDir, 'patches');
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  const series = join(dir, 'series');
  if (!existsSync(series)) {
    return readdirSync(dir)
      .filter((n) => n.endsWith('.patch'))
      .sort()
      .map((name) => ({ name, file: join(dir, name), strip: 1, where: join(dir, name) }));
  }
  return parseSeries(readFileSync(series, 'utf8'), dir, series);
}

export function parseSeries(text: string, dir: string, series: string): Patch[] {
  const out: Patch[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const where = `${series}:${i + 1}`;
    const words = raw.replace(/(^|\s)#.*$/, '').trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const [name, ...opts] = words;
    let strip = 1;
    for (const o of opts) {
      const m = /^-p(\d)$/.exec(o);
      if (m) strip = Number(m[1]);
      else problems.push(`${where}: unsupported option '${o}' (only -pN)`);
    }
    if (name.split('/').includes('..') || name.startsWith('/')) problems.push(`${where}: ${name}: patches live inside the patches folder`);
    else if (!statSync(join(dir, name), { throwIfNoEntry: false })?.isFile()) problems.push(`${where}: ${name}: no such patch in ${dir}`);
    else out.push({ name, file: join(dir, name), strip, where });
  });
  if (problems.length) throw new Problems(problems);
  return out;
}

/** Everything a tree is made from: the pinned origin and the bytes of each patch, in order. */
export function originKey(origin: OriginSpec, patches: Patch[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([TREE_FORMAT, origin.kind, origin.package, origin.version, origin.sha256]));
  for (const p of patches) h.update(JSON.stringify([p.name, p.strip])).update(readFileSync(p.file));
  return h.digest('hex');
}

/** Where the prepared tree of `m`'s origin is (or will be) in the cache. */
export function originTreeDir(m: Manifest & { origin: OriginSpec }, env: NodeJS.ProcessEnv): string {
  const key = originKey(m.origin, readSeries(m.dir)).slice(0, 16);
  return join(originCacheRoot(env), 'src', `${cacheName(m.origin.package)}-${cacheName(m.origin.version)}-${key}`);
}

export interface PrepareOptions {
  env: NodeJS.ProcessEnv;
  /** Progress lines for the user (one per step that does real work). */
  say: (line: string) => void;
}

/**
 * The prepared tree of `m`'s origin, made now if the cache lacks it. Any
 * failure is a Problems naming the manifest line and the origin; nothing
 * half made stays behind.
 */
export async function prepareOrigin(m: Manifest & { origin: OriginSpec }, opts: PrepareOptions): Promise<string> {
  const where = `${m.file}:${m.origin.line}: origin ${originName(m.origin)}`;
  let patches: Patch[];
  try {
    patches = readSeries(m.dir);
  } catch (e) {
    if (e instanceof Problems) throw new Problems(e.messages.map((p) => `${where}: ${p}`));
    throw e;
  }
  const tree = originTreeDir(m, opts.env);
  if (existsSync(tree)) return tree;
  try {
    await withLock(`${tree}.lock`, async () => {
      if (existsSync(tree)) return;
      const tmp = tempBeside(tree);
      try {
        await makeTree(m.origin, patches, tmp, opts);
        publish(tmp, tree);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }, (holder) => opts.say(`  ORIGIN  ${originName(m.origin)}: waiting for ${holder}, which is preparing it`));
  } catch (e) {
    if (e instanceof FetchError || e instanceof PrepareError) throw new Problems([`${where}: ${e.message}`]);
    throw e;
  }
  return tree;
}

class PrepareError extends Error {}

async function makeTree(origin: OriginSpec, patches: Patch[], tree: string, opts: PrepareOptions): Promise<void> {
  const downloads = join(originCacheRoot(opts.env), 'downloads');
  mkdirSync(tree, { recursive: true });
  if (origin.kind === 'npm') {
    const registry = (opts.env.UKCONFIG_NPM_REGISTRY || 'https://registry.npmjs.org').replace(/\/+$/, '');
    const base = origin.package.split('/').pop()!;
    const name = `${base}-${origin.version}.tgz`;
    opts.say(`  FETCH   npm ${origin.package} ${origin.version}`);
    const file = await fetchVerified({ name, sha256: origin.sha256 }, [`${registry}/${origin.package}/-/${name}`], downloads, opts.env);
    await unpackInto(file, tree);
  } else {
    const dscFile = dscName(origin.package, origin.version);
    const pools = debianPools(opts.env).map((p) => `${p}/${poolDir(origin.package)}`);
    opts.say(`  FETCH   debian ${origin.package} ${origin.version}`);
    const dscPath = await fetchVerified({ name: dscFile, sha256: origin.sha256 }, pools.map((p) => `${p}/${dscFile}`), downloads, opts.env);
    let parts;
    try {
      parts = sourceParts(parseDsc(readFileSync(dscPath, 'utf8')));
    } catch (e) {
      throw new PrepareError(`${dscFile}: ${(e as Error).message}`);
    }
    for (const part of parts) {
      // The .dsc pins each file: any pool that has it will do, the one that had the .dsc first.
      const file = await fetchVerified(part, pools.map((p) => `${p}/${part.name}`), downloads, opts.env);
      if (part.role.kind === 'component') await unpackInto(file, join(tree, part.role.dir));
      else if (part.role.kind === 'debian') {
        // dpkg-source replaces an upstream debian/ folder with the packaging's.
        rmSync(join(tree, 'debian'), { recursive: true, force: true });
        await unpackInto(file, tree, true);
      } else await unpackInto(file, tree);
    }
    const debianSeries = join(tree, 'debian', 'patches', 'series');
    if (existsSync(debianSeries)) {
      const own = parseSeriesOrFail(debianSeries);
      if (own.length) opts.say(`  PATCH   ${origin.package}: Debian's series (${own.length})`);
      for (const p of own) await applyPatch(p, tree);
    }
  }
  if (patches.length) opts.say(`  PATCH   ${origin.package}: ${patches.map((p) => p.name).join(' ')}`);
  for (const p of patches) await applyPatch(p, tree);
}

function parseSeriesOrFail(series: string): Patch[] {
  try {
    return parseSeries(readFileSync(series, 'utf8'), join(series, '..'), series);
  } catch (e) {
    if (e instanceof Problems) throw new PrepareError(e.messages.join('; '));
    throw e;
  }
}

async function tar(args: string[]): Promise<void> {
  const r = await execa('tar', args, { stdin: 'ignore', reject: false });
  if (r.exitCode !== 0) throw new PrepareError(`tar ${args.join(' ')}: ${String(r.stderr).trim() || `exit status ${r.exitCode}`}`);
}

/**
 * Unpacks a tarball (any compression GNU tar recognises) into `dest`. A
 * tarball holding one top folder (the usual `musl-1.2.3/`, npm's
 * `package/`) has that folder's content moved to `dest`, as dpkg-source
 * does; `keepTop` keeps the layout as it is (the debian/ tarball).
 */
async function unpackInto(tarball: string, dest: string, keepTop = false): Promise<void> {
  const staging = tempBeside(dest);
  mkdirSync(staging, { recursive: true });
  try {
    await tar(['-x', '--no-same-owner', '-f', tarball, '-C', staging]);
    const entries = readdirSync(staging, { withFileTypes: true });
    const root = !keepTop && entries.length === 1 && entries[0].isDirectory() ? join(staging, entries[0].name) : staging;
    mkdirSync(dest, { recursive: true });
    for (const name of readdirSync(root)) {
      if (existsSync(join(dest, name))) throw new PrepareError(`${tarball}: ${name} is already in the tree`);
      renameSync(join(root, name), join(dest, name));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function applyPatch(p: Patch, tree: string): Promise<void> {
  const r = await execa('patch', ['--batch', '--forward', '--fuzz=0', '--no-backup-if-mismatch', '--silent', `-p${p.strip}`, '-d', tree, '-i', p.file], {
    stdin: 'ignore',
    reject: false,
    all: true,
  });
  if (r.exitCode !== 0) throw new PrepareError(`patch ${p.name} (${p.where}) does not apply: ${String(r.all).trim().split('\n').slice(0, 6).join(' | ')}`);
}
