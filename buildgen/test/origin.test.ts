/**
 * Origins: fetched once from a local server, checked against the pinned
 * SHA-256, unpacked and patched as dpkg-source would plus the library's
 * own series, found in the cache afterwards without any request; every
 * failure names the manifest line and the origin and leaves nothing in
 * the cache.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDsc, poolDir, dscName, sourceParts } from '../src/debian-source.js';
import { parseManifestText, type Manifest } from '../src/manifest.js';
import { prepareOrigin } from '../src/origin-prepare.js';
import type { OriginSpec } from '../src/origin-spec.js';
import { Problems } from '../src/problems.js';
import { deadUrl, makeFixture, serve, type Fixture, type OriginServer } from './origin-server.js';

let work: string;
let fixture: Fixture;
let server: OriginServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ukconfig-origin-'));
  fixture = makeFixture(join(work, 'fixture'));
  server = await serve(fixture.files);
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

let n = 0;
/** A library folder with an origin statement (and our patch series unless `patches` is null). */
function library(originLine: string, patches: Record<string, string> | null = { series: '0001-declare.patch\n', '0001-declare.patch': '' }): Manifest & { origin: OriginSpec } {
  const dir = join(work, `lib${n++}`);
  mkdirSync(dir, { recursive: true });
  if (patches) {
    mkdirSync(join(dir, 'patches'));
    for (const [name, text] of Object.entries(patches)) writeFileSync(join(dir, 'patches', name), text || fixture.ownPatch);
  }
  const text = `# t: test.\nlibrary t\nenabled-if y\n${originLine}\nsource origin/src/add.c\n`;
  writeFileSync(join(dir, 'library.uk'), text);
  return parseManifestText(join(dir, 'library.uk'), text) as Manifest & { origin: OriginSpec };
}

function env(cache: string, url = server.url): NodeJS.ProcessEnv {
  return { ...process.env, UKCONFIG_CACHE_DIR: cache, UKCONFIG_DEBIAN_POOLS: `${url}/pool`, UKCONFIG_NPM_REGISTRY: `${url}/npm` };
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Problems) return e.messages.join('\n');
    throw e;
  }
  throw new Error('expected a failure');
}

const cacheEntries = (cache: string) => (existsSync(join(cache, 'origins', 'src')) ? readdirSync(join(cache, 'origins', 'src')) : []);

describe('a Debian source package', () => {
  it('is fetched, unpacked, patched by Debian and by the library, then found offline in the cache', async () => {
    const cache = join(work, 'cache-debian');
    const m = library(`origin debian hello 1.0-1 sha256:${fixture.dscSha}`);
    const said: string[] = [];
    const before = new Map(server.hits);
    const tree = await prepareOrigin(m, { env: env(cache), say: (l) => said.push(l) });
    expect(readFileSync(join(tree, 'src', 'add.c'), 'utf8')).toBe('/* patched by Debian */\nint add(int a, int b)\n{\n\treturn a + b;\n}\n');
    expect(readFileSync(join(tree, 'include', 'add.h'), 'utf8')).toBe('/* add */\nint add(int a, int b);\n');
    expect(existsSync(join(tree, 'debian', 'patches', 'series'))).toBe(true);
    for (const f of ['hello_1.0-1.dsc', 'hello_1.0.orig.tar.gz', 'hello_1.0-1.debian.tar.xz']) {
      expect((server.hits.get(`/pool/h/hello/${f}`) ?? 0) - (before.get(`/pool/h/hello/${f}`) ?? 0)).toBe(1);
    }
    expect(said.join('\n')).toMatch(/FETCH +debian hello 1.0-1/);

    // Offline: nothing listens at the pool any more.
    const again = await prepareOrigin(m, { env: env(cache, await deadUrl()), say: (l) => said.push(`again: ${l}`) });
    expect(again).toBe(tree);
    expect(said.filter((l) => l.startsWith('again'))).toEqual([]);
  });

  it('two builds preparing it at once fetch each file once and get the same tree', async () => {
    const cache = join(work, 'cache-concurrent');
    const m = library(`origin debian hello 1.0-1 sha256:${fixture.dscSha}`);
    const before = server.hits.get('/pool/h/hello/hello_1.0.orig.tar.gz') ?? 0;
    const [a, b] = await Promise.all([prepareOrigin(m, { env: env(cache), say: () => {} }), prepareOrigin(m, { env: env(cache), say: () => {} })]);
    expect(a).toBe(b);
    expect(server.hits.get('/pool/h/hello/hello_1.0.orig.tar.gz')! - before).toBe(1);
    expect(readdirSync(join(cache, 'origins', 'src'))).toEqual([a.split('/').pop()]);
  });

  it('a .dsc with another checksum stops, naming the manifest line and the origin, and caches nothing', async () => {
    const cache = join(work, 'cache-bad-dsc');
    const m = library(`origin debian hello 1.0-1 sha256:${'0'.repeat(64)}`);
    const msg = await failure(prepareOrigin(m, { env: env(cache), say: () => {} }));
    expect(msg).toContain(`${m.file}:4: origin debian hello 1.0-1: checksum mismatch for hello_1.0-1.dsc`);
    expect(msg).toContain(`got ${fixture.dscSha}`);
    expect(cacheEntries(cache)).toEqual([]);
    expect(readdirSync(join(cache, 'origins', 'downloads'))).toEqual([]);
  });

  it('a tarball that differs from what the .dsc pins stops the same way', async () => {
    const tampered = new Map(fixture.files);
    // Same size, one byte changed: only the checksum tells.
    const orig = Buffer.from(fixture.files.get('/pool/h/hello/hello_1.0.orig.tar.gz')!);
    orig[orig.length - 1] ^= 0xff;
    tampered.set('/pool/h/hello/hello_1.0.orig.tar.gz', orig);
    const evil = await serve(tampered);
    try {
      const cache = join(work, 'cache-tampered');
      const m = library(`origin debian hello 1.0-1 sha256:${fixture.dscSha}`);
      const msg = await failure(prepareOrigin(m, { env: env(cache, evil.url), say: () => {} }));
      expect(msg).toMatch(/origin debian hello 1\.0-1: checksum mismatch for hello_1\.0\.orig\.tar\.gz from http:\/\/127\.0\.0\.1:\d+\/pool\/h\/hello\/hello_1\.0\.orig\.tar\.gz/);
      expect(cacheEntries(cache)).toEqual([]);
    } finally {
      await evil.close();
    }
  });

  it('a failed fetch stops with curl\'s reason, naming the origin', async () => {
    const cache = join(work, 'cache-missing');
    const m = library(`origin debian hello 2.0-1 sha256:${fixture.dscSha}`);
    const msg = await failure(prepareOrigin(m, { env: env(cache), say: () => {} }));
    expect(msg).toMatch(/library\.uk:4: origin debian hello 2\.0-1: cannot fetch hello_2\.0-1\.dsc: http:\/\/127\.0\.0\.1:\d+\/pool\/h\/hello\/hello_2\.0-1\.dsc: .*404/);
    const down = await failure(prepareOrigin(library(`origin debian hello 1.0-1 sha256:${fixture.dscSha}`), { env: env(join(work, 'cache-down'), await deadUrl()), say: () => {} }));
    expect(down).toMatch(/cannot fetch hello_1\.0-1\.dsc: .*(Connection refused|Failed to connect)/);
    expect(cacheEntries(cache)).toEqual([]);
  });

  it('a patch of the library that does not apply names the patch and the series line', async () => {
    const cache = join(work, 'cache-badpatch');
    const bad = fixture.ownPatch.replace(' /* add */', ' /* sub */');
    const m = library(`origin debian hello 1.0-1 sha256:${fixture.dscSha}`, { series: '# ours\n0001-declare.patch\n', '0001-declare.patch': bad });
    const msg = await failure(prepareOrigin(m, { env: env(cache), say: () => {} }));
    expect(msg).toContain(`origin debian hello 1.0-1: patch 0001-declare.patch (${join(m.dir, 'patches', 'series')}:2) does not apply`);
    expect(cacheEntries(cache)).toEqual([]);
  });

  it('a series naming a missing patch is reported at its line', async () => {
    const m = library(`origin debian hello 1.0-1 sha256:${fixture.dscSha}`, { series: 'nope.patch -p1\n' });
    const msg = await failure(prepareOrigin(m, { env: env(join(work, 'cache-nopatch')), say: () => {} }));
    expect(msg).toContain(`${join(m.dir, 'patches', 'series')}:1: nope.patch: no such patch`);
  });
});

describe('an npm package', () => {
  it('is fetched from the registry, its package/ folder becoming the tree', async () => {
    const cache = join(work, 'cache-npm');
    const m = library(`origin npm hello 1.0.0 sha256:${fixture.npmSha}`, null);
    const tree = await prepareOrigin(m, { env: env(cache), say: () => {} });
    expect(readFileSync(join(tree, 'src', 'add.c'), 'utf8')).toContain('return a + b;');
    expect(existsSync(join(tree, 'package'))).toBe(false);
  });
});

describe('Debian source metadata', () => {
  it('reads a signed .dsc and orders the parts as dpkg-source unpacks them', () => {
    const dsc = parseDsc(fixture.files.get('/pool/h/hello/hello_1.0-1.dsc')!.toString());
    expect(dsc.format).toBe('3.0 (quilt)');
    expect(sourceParts(dsc).map((p) => [p.name, p.role.kind])).toEqual([
      ['hello_1.0.orig.tar.gz', 'orig'],
      ['hello_1.0-1.debian.tar.xz', 'debian'],
    ]);
  });

  it('refuses formats other than 3.0 by name, and names the pool folder and .dsc as the archive does', () => {
    expect(() => sourceParts(parseDsc('Format: 1.0\nChecksums-Sha256:\n ' + 'a'.repeat(64) + ' 1 x_1.diff.gz\n'))).toThrow(/source format '1.0' is not supported/);
    expect(() => parseDsc('Format: 3.0 (quilt)\n')).toThrow(/no Checksums-Sha256/);
    expect(poolDir('musl')).toBe('m/musl');
    expect(poolDir('libxml2')).toBe('libx/libxml2');
    expect(dscName('redis', '5:7.0.15-1~deb12u7')).toBe('redis_7.0.15-1~deb12u7.dsc');
  });
});
