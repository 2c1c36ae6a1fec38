/**
 * Test origins: a Debian source package and an npm tarball made on the
 * spot, served by an HTTP server on 127.0.0.1 that counts requests, so no
 * test depends on the network.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function tarball(dir: string, top: string, out: string, compress: 'z' | 'J'): Buffer {
  execFileSync('tar', [`-c${compress}f`, out, '--owner=0', '--group=0', '-C', dir, top]);
  return readFileSync(out);
}

export interface Fixture {
  /** The files the server serves, by URL path. */
  files: Map<string, Buffer>;
  dscSha: string;
  npmSha: string;
  /** A patch of the library's own series (include/add.h gets a declaration). */
  ownPatch: string;
}

/**
 * Debian source `hello` 1.0-1 (3.0 quilt: an upstream tarball with
 * src/add.c, include/add.h and src/mul.c; a debian tarball whose series
 * patches src/add.c), and npm package `hello` 1.0.0 with the same files.
 */
export function makeFixture(work: string): Fixture {
  const up = join(work, 'up', 'hello-1.0');
  mkdirSync(join(up, 'src'), { recursive: true });
  mkdirSync(join(up, 'include'), { recursive: true });
  writeFileSync(join(up, 'src', 'add.c'), 'int add(int a, int b)\n{\n\treturn a + b;\n}\n');
  writeFileSync(join(up, 'src', 'mul.c'), 'int mul(int a, int b)\n{\n\treturn a * b;\n}\n');
  writeFileSync(join(up, 'include', 'add.h'), '/* add */\n');
  const orig = tarball(join(work, 'up'), 'hello-1.0', join(work, 'hello_1.0.orig.tar.gz'), 'z');

  const deb = join(work, 'deb');
  mkdirSync(join(deb, 'debian', 'patches'), { recursive: true });
  writeFileSync(join(deb, 'debian', 'patches', 'series'), '# Debian\nadd-debian.patch\n');
  writeFileSync(
    join(deb, 'debian', 'patches', 'add-debian.patch'),
    ['--- a/src/add.c', '+++ b/src/add.c', '@@ -1,3 +1,4 @@', '+/* patched by Debian */', ' int add(int a, int b)', ' {', ' \treturn a + b;', ''].join('\n'),
  );
  const debian = tarball(deb, 'debian', join(work, 'hello_1.0-1.debian.tar.xz'), 'J');

  const dsc = [
    '-----BEGIN PGP SIGNED MESSAGE-----',
    'Hash: SHA512',
    '',
    'Format: 3.0 (quilt)',
    'Source: hello',
    'Version: 1.0-1',
    'Checksums-Sha256:',
    ` ${sha256(orig)} ${orig.length} hello_1.0.orig.tar.gz`,
    ` ${sha256(debian)} ${debian.length} hello_1.0-1.debian.tar.xz`,
    '',
    '-----BEGIN PGP SIGNATURE-----',
    'not checked',
    '-----END PGP SIGNATURE-----',
    '',
  ].join('\n');

  const pkg = join(work, 'npm', 'package');
  mkdirSync(join(pkg, 'src'), { recursive: true });
  mkdirSync(join(pkg, 'include'), { recursive: true });
  for (const f of ['src/add.c', 'src/mul.c', 'include/add.h']) writeFileSync(join(pkg, f), readFileSync(join(up, f)));
  const tgz = tarball(join(work, 'npm'), 'package', join(work, 'hello-1.0.0.tgz'), 'z');

  const files = new Map<string, Buffer>([
    ['/pool/h/hello/hello_1.0-1.dsc', Buffer.from(dsc)],
    ['/pool/h/hello/hello_1.0.orig.tar.gz', orig],
    ['/pool/h/hello/hello_1.0-1.debian.tar.xz', debian],
    ['/npm/hello/-/hello-1.0.0.tgz', tgz],
  ]);
  const ownPatch = ['--- a/include/add.h', '+++ b/include/add.h', '@@ -1 +1,2 @@', ' /* add */', '+int add(int a, int b);', ''].join('\n');
  return { files, dscSha: sha256(dsc), npmSha: sha256(tgz), ownPatch };
}

export interface OriginServer {
  url: string;
  /** Requests per path. */
  hits: Map<string, number>;
  close: () => Promise<void>;
}

export async function serve(files: Map<string, Buffer>): Promise<OriginServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A URL where nothing listens: any fetch from it fails at once. */
export async function deadUrl(): Promise<string> {
  const s = await serve(new Map());
  await s.close();
  return s.url;
}
