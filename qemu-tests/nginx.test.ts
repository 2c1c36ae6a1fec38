/**
 * examples/nginx (nginx 1.22 from Debian's source, unmodified) on kvm-x86_64 under `ukconfig run
 * --net user --port 127.0.0.1:HOSTPORT:80 --initrd rootfs`, beside the same configuration of the
 * same source built for this machine (static, with musl: the build's reference program) running the
 * same nginx.conf. The pages must come back byte-equal to nginx's bundled html/ files, and to the
 * files of a folder shared at /www; the same requests (good ones, and malformed ones of every kind)
 * must get the same status lines and bodies from both; 1,000 requests on one keep-alive connection
 * and 200 connections open at once must all be answered, and so must a flood of 4,000 requests on 100
 * keep-alive connections opened at once; after a connection reset in the middle of its answers the
 * server still serves. The image waits for its network device by interrupt (the defconfig's
 * LWIP_IRQ), as its console says.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ab, collect, curl, exchangeTcp, open } from './http-client.js';
import { configureAndBuild, copyExample, freeForwardPort, removeScratch, ROOT, startServerGuest, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const CONF = readFileSync(join(ROOT, 'examples', 'nginx', 'rootfs', 'nginx', 'conf', 'nginx.conf'), 'utf8');
const CONCURRENT = 200;
const MEM = '32M';

/**
 * Where the image's build took nginx from, read from the compile command of the example's
 * ngx-modules.c (third-party files have none): the origin tree (its -I .../src/core) and the output
 * of build.sh (its -isystem .../include), whose bin/nginx is the build machine's program of the same
 * configuration.
 */
function buildPaths(app: string): { html: string; hostNginx: string } {
  const commands = JSON.parse(readFileSync(join(app, 'build', 'compile_commands.json'), 'utf8')) as { file: string; command: string }[];
  const entry = commands.find((c) => c.file.endsWith('/ngx-modules.c'));
  const words = entry?.command.split(/\s+/) ?? [];
  const core = words.find((w) => w.startsWith('-I') && w.endsWith('/src/core'));
  const generated = words.map((w, i) => (words[i - 1] === '-isystem' && /\/nginx-x86_64-[0-9a-f]+\/include$/.test(w) ? w : null)).find(Boolean);
  if (!core || !generated) throw new Error("cannot find nginx's origin and build output in the image's compile commands");
  return { html: join(core.slice(2), '..', '..', 'html'), hostNginx: join(dirname(generated), 'bin', 'nginx') };
}

/** nginx.conf with `from` replaced by `to`, which must occur exactly once. */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from).length, `nginx.conf has one '${from}'`).toBe(2);
  return text.replace(from, to);
}

/** Tries GET / until an answer comes (the guest's lwIP starts on nginx's first socket); at most 30 s. */
async function waitServing(port: number): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const r = await execa('curl', ['-s', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/`], { reject: false });
    if (r.exitCode === 0) return;
    if (Date.now() > until) throw new Error(`nginx does not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An answer's status line and body, and the headers that do not depend on the clock or the file's time. */
function comparable(b: Buffer): { status: string; headers: string[]; body: string } {
  const end = b.indexOf('\r\n\r\n');
  if (end < 0) return { status: '', headers: [], body: b.toString('latin1') };
  const [status, ...fields] = b.subarray(0, end).toString('latin1').split('\r\n');
  const keep = /^(content-type|content-length|content-range|connection|server|allow|transfer-encoding):/i;
  return { status, headers: fields.filter((f) => keep.test(f)), body: b.subarray(end + 4).toString('latin1') };
}

/** Requests sent alone on a connection, to the image and to the host's nginx; the answers must agree. */
const REQUESTS: [string, string | Buffer][] = [
  ['GET /', 'GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'],
  ['HEAD /', 'HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'],
  ['GET /50x.html over HTTP/1.0', 'GET /50x.html HTTP/1.0\r\n\r\n'],
  ['a missing file', 'GET /nothing.html HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'],
  ['a range', 'GET / HTTP/1.1\r\nHost: t\r\nRange: bytes=10-99\r\nConnection: close\r\n\r\n'],
  ['two ranges', 'GET / HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9,600-\r\nConnection: close\r\n\r\n'],
  ['a range past the end', 'GET / HTTP/1.1\r\nHost: t\r\nRange: bytes=5000-\r\nConnection: close\r\n\r\n'],
  ['POST to a file', 'POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello'],
  ['an unknown method', 'BREW / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'],
  ['a path out of the root', 'GET /../../etc/passwd HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'],
  ['an encoded path', 'GET /%69ndex.html HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'],
  ['HTTP/2.0', 'GET / HTTP/2.0\r\nHost: t\r\n\r\n'],
  ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n'],
  ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
  ['a bad Content-Length', 'GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n'],
  ['a bad chunk', 'POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ['a URI of 10,000 bytes', `GET /${'a'.repeat(10_000)} HTTP/1.1\r\nHost: t\r\n\r\n`],
  ['a header of 10,000 bytes', `GET / HTTP/1.1\r\nHost: t\r\nX-Long: ${'a'.repeat(10_000)}\r\n\r\n`],
  ['garbage', 'hello there\r\n\r\n'],
  ['a TLS ClientHello', Buffer.from('16030100a5010000a10303', 'hex')],
  ['NUL bytes', Buffer.concat([Buffer.from('GET /'), Buffer.alloc(32), Buffer.from(' HTTP/1.1\r\nHost: t\r\n\r\n')])],
];

describe('nginx on kvm-x86_64', () => {
  let app: string;
  let html: string;
  let host: { nginx: ResultPromise; port: number };

  beforeAll(async () => {
    app = copyExample('nginx');
    await configureAndBuild(app, 'kvm-x86_64');
    const paths = buildPaths(app);
    html = paths.html;
    // The host's nginx: the same nginx.conf but for the port and the root (a folder of the test's).
    const prefix = tempDir('nginx-host');
    const port = await freeForwardPort();
    let conf = replaceOnce(CONF, 'listen 80;', `listen 127.0.0.1:${port};`);
    conf = replaceOnce(conf, 'root /www;', `root ${prefix}/www;`);
    mkdirSync(join(prefix, 'conf'));
    mkdirSync(join(prefix, 'www'));
    writeFileSync(join(prefix, 'conf', 'nginx.conf'), conf);
    for (const f of ['index.html', '50x.html']) copyFileSync(join(html, f), join(prefix, 'www', f));
    const nginx = execa(paths.hostNginx, ['-p', `${prefix}/`, '-c', 'conf/nginx.conf'], { reject: false, stdin: 'ignore', timeout: 300_000 });
    host = { nginx, port };
    await waitServing(port);
  }, 600_000);

  afterAll(async () => {
    host?.nginx.kill();
    await host?.nginx;
  });

  it('serves its bundled pages byte for byte, answers as the host build does, and keeps serving under load and bad input', async () => {
    const { guest, port, output } = await startServerGuest(app, 80, [], [], 'lwip: ', { mem: MEM, run: ['--initrd', join(app, 'rootfs')] });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitServing(port);
      // The defconfig's LWIP_IRQ: polled, the idle image spins and takes a host CPU from QEMU's network path.
      expect(output()).toMatch(/^lwip: .*, interrupt mode$/m);
      const index = readFileSync(join(html, 'index.html'));
      expect((await curl([`${url}/`])).equals(index)).toBe(true);
      expect((await curl([`${url}/index.html`])).equals(index)).toBe(true);
      expect((await curl([`${url}/50x.html`])).equals(readFileSync(join(html, '50x.html')))).toBe(true);

      // The same requests to both: the same status lines, headers (those that do not depend on time) and bodies.
      for (const [what, request] of REQUESTS) {
        const ours = comparable(await exchangeTcp(port, request));
        const theirs = comparable(await exchangeTcp(host.port, request));
        expect(ours, what).toEqual(theirs);
        expect(ours.status, what).toMatch(/^HTTP\/1\.1 \d{3} /);
      }

      // 1,000 requests on one keep-alive connection.
      const one = await ab(port, ['-k', '-c', '1'], 1000, index.length);
      expect(one('Keep-Alive requests')).toBe(1000);

      // 200 connections open at once. They are opened one after the other, each answered once before the
      // next opens (QEMU listens on the forwarded port with a backlog of 1: see httpreply.test.ts); then
      // all 200 ask again at the same instant.
      const isPage = (b: Buffer) => b.length > index.length && b.subarray(b.length - index.length).equals(index);
      const conns: Socket[] = [];
      for (let i = 0; i < CONCURRENT; i++) {
        const c = await open(port);
        const first = collect(c, 10_000, isPage);
        c.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n');
        expect(isPage((await first).data)).toBe(true);
        conns.push(c);
      }
      const backs = conns.map((c) => collect(c, 20_000, isPage));
      for (const c of conns) c.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n');
      for (const b of await Promise.all(backs)) expect(isPage(b.data)).toBe(true);
      for (const c of conns) c.destroy();

      // A flood: 100 keep-alive connections at the same instant, 4,000 requests, every one answered (QEMU's
      // forwarded port has a backlog of 1; ukconfig run's relay keeps their handshakes from being lost:
      // straight to QEMU's port, 3 runs in 8 had connections that got nothing for more than ab's 10 s).
      const flood = await execa('ab', ['-q', '-s', '10', '-k', '-c', '100', '-n', '4000', `${url}/`], { reject: false, timeout: 20_000 });
      expect(flood.exitCode, flood.stdout + flood.stderr).toBe(0);
      expect(flood.stdout).toMatch(/^Complete requests:\s+4000$/m);
      expect(flood.stdout).toMatch(/^Failed requests:\s+0$/m);
      expect(flood.stdout).not.toMatch(/Non-2xx/);
      expect((await curl([`${url}/`])).equals(index)).toBe(true);

      // A reset in the middle of 300 pipelined answers; then the page again.
      const reset = await open(port);
      const firstBytes = collect(reset, 10_000, (b) => b.length >= 10_000);
      reset.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n'.repeat(300));
      await firstBytes;
      reset.resetAndDestroy();
      expect((await curl([`${url}/`])).equals(index)).toBe(true);
      expect(guest.exitCode).toBeNull();
    } finally {
      guest.kill();
      await guest;
    }
  }, 180_000);

  it('serves the folder shared at /www instead of its pages', async () => {
    const share = tempDir('nginx-www');
    const blob = randomBytes(300_000);
    writeFileSync(join(share, 'blob.bin'), blob);
    writeFileSync(join(share, 'index.html'), '<p>a shared folder</p>\n');
    const { guest, port } = await startServerGuest(app, 80, [], [], 'lwip: ', { mem: MEM, run: ['--initrd', join(app, 'rootfs'), '--share', `${share}:/www`] });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitServing(port);
      expect(String(await curl([`${url}/`]))).toBe('<p>a shared folder</p>\n');
      expect((await curl([`${url}/blob.bin`])).equals(blob)).toBe(true);
      // The bundled pages are under the mount, not beside it.
      expect(String(await curl(['-o', '/dev/null', '-w', '%{http_code}', `${url}/50x.html`]))).toBe('404');
    } finally {
      guest.kill();
      await guest;
    }
  }, 120_000);
});
