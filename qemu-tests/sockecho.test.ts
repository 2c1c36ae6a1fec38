/**
 * POSIX sockets end to end, differentially: examples/sockecho/main.c, a TCP echo server on plain
 * socket calls (socket, setsockopt, bind, listen, getsockname, getsockopt, fstat, fcntl O_NONBLOCK,
 * select, poll and epoll with and without timeouts, a pipe in epoll, accept, read, send, close), is built for this machine with the host's cc and run here, and built
 * unmodified with musl into a kvm-x86_64 image over posix-socket and lwIP in threads (NO_SYS=0),
 * run by `ukconfig run --net user --port`. The same client session drives both: streams of random
 * bytes one connection after another (shorter than a segment, one segment, one byte more, a window,
 * many windows), a connection the client resets in the middle, then a last stream of 100 KB that the
 * server echoes, closes and exits behind (the image must deliver it before it powers off, as Linux
 * does after a process exits). Before serving, each connects out as a client (connect, write,
 * shutdown, recv, getpeername) to an echo server of the test on the host (127.0.0.1 from the host,
 * 10.0.2.2 from the guest: QEMU's address of the host) and sums what comes back. Every echo must be
 * byte-exact, and the two programs must print the same lines and exit with status 0.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, freeForwardPort, GUEST_TIMEOUT_S, removeScratch, ROOT, tcpEcho, tcpReset, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const STREAMS = [1, 1460, 1461, 65_536, 1_000_000];
const LAST = 100_000;
const CONNECTIONS = STREAMS.length + 2;

/** The client session; the server was started for CONNECTIONS connections. */
async function session(port: number): Promise<void> {
  for (const size of [...STREAMS, 'reset' as const, LAST]) {
    if (size === 'reset') {
      await tcpReset(port, randomBytes(300_000));
      continue;
    }
    const data = randomBytes(size);
    const back = await tcpEcho(port, data, 30_000);
    expect(back.length, `echo of ${size} bytes`).toBe(size);
    expect(back.equals(data), `echo of ${size} bytes differs`).toBe(true);
  }
}

/** Waits until the server's output says it listens (or it ended); the output so far. */
async function listening(server: ResultPromise, out: { text: string }): Promise<void> {
  for (const until = Date.now() + GUEST_TIMEOUT_S * 1000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    if (out.text.includes('sockecho: listening') || server.exitCode !== null) return;
  }
}

/** The server's own lines, with the port it was given written as PORT. */
function serverLines(text: string, port: number): string[] {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.startsWith('sockecho:'))
    .map((l) => l.replace(`bound to port ${port} `, 'bound to port PORT '));
}

/** The sum of the bytes sockecho's client part sends (byte i is i * 7 mod 256). */
const CLIENT_BYTES = 100_000;
const CLIENT_SUM = Array.from({ length: CLIENT_BYTES }, (_, i) => (i * 7) & 0xff).reduce((a, b) => a + b, 0);

describe('sockecho (POSIX sockets) on the host and on kvm-x86_64', () => {
  let app: string;
  let hostBin: string;
  let echoServer: Server;
  let echoPort: number;

  afterAll(() => new Promise<void>((res) => (echoServer ? echoServer.close(() => res()) : res())));

  beforeAll(async () => {
    app = copyExample('sockecho');
    hostBin = join(tempDir('sockecho-host'), 'sockecho');
    await execa('cc', ['-O2', '-Wall', '-Werror', '-o', hostBin, join(ROOT, 'examples', 'sockecho', 'main.c')]);
    await configureAndBuild(app, 'kvm-x86_64');
    // What sockecho connects to as a client: everything comes back, then the end of the stream.
    echoServer = createServer({ allowHalfOpen: true }, (s) => s.pipe(s));
    await new Promise<void>((res) => echoServer.listen(0, '127.0.0.1', res));
    echoPort = (echoServer.address() as { port: number }).port;
  }, 300_000);

  /**
   * Runs `cmd` as the server, plays the session against 127.0.0.1:port, and returns its exit and its
   * lines, with `listenPort` (the port it binds) written as PORT.
   */
  async function serve(cmd: string, args: string[], port: number, listenPort: number) {
    const server = execa(cmd, args, { stdin: 'ignore', reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 });
    const out = { text: '' };
    server.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
    try {
      await listening(server, out);
      expect(out.text, 'the server did not start listening').toContain('sockecho: listening');
      await session(port);
      const r = await server;
      return { exitCode: r.exitCode, lines: serverLines(String(r.stdout), listenPort), all: String(r.stdout) + String(r.stderr) };
    } finally {
      server.kill();
      await server;
    }
  }

  it('connects out, echoes byte-exact over several connections, survives a reset, and prints what the host build prints', async () => {
    const hostPort = await freeForwardPort();
    const host = await serve(hostBin, [String(hostPort), String(CONNECTIONS), `127.0.0.1:${echoPort}`], hostPort, hostPort);
    expect(host.exitCode, host.all).toBe(0);

    const guestPort = await freeForwardPort();
    const guest = await serve(
      process.execPath,
      [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'run', '--plat', 'kvm', '--timeout', String(GUEST_TIMEOUT_S), '--mem', '32M',
        '--net', 'user', '--port', `127.0.0.1:${guestPort}:7`, '--', '--', '7', String(CONNECTIONS), `10.0.2.2:${echoPort}`],
      guestPort,
      7,
    );
    expect(guest.all).toMatch(/lwip: virtio-net pci \S+ address 10\.0\.2\.15 netmask 255\.255\.255\.0 gateway 10\.0\.2\.2, 64 receive buffers, polling mode/);
    expect(guest.exitCode, guest.all).toBe(0);

    const echoed = [...STREAMS, LAST].reduce((a, b) => a + b, 0);
    expect(host.lines).toEqual([
      'sockecho: connected, getpeername matches',
      `sockecho: sent ${CLIENT_BYTES} bytes, the peer sent back ${CLIENT_BYTES} bytes, sum ${CLIENT_SUM}`,
      'sockecho: fstat socket, SO_TYPE stream, bound to port PORT (16-byte address)',
      'sockecho: non-blocking accept: no client yet (EAGAIN)',
      'sockecho: select and poll: no client yet, poll waited its 50 ms',
      'sockecho: epoll errors: ADD again EEXIST, DEL of a stranger ENOENT, a bad descriptor EBADF, itself EINVAL, not an epoll EINVAL, wait for 0 EINVAL',
      'sockecho: epoll with no client: 0 and 0 ready, waited its 50 ms',
      'sockecho: epoll on a datagram socket: 1, 1 ready (its data, EPOLLOUT), one-shot 1 then 0, after close 0, DEL after close EBADF',
      "sockecho: pipe in epoll: 0 ready, after a byte 1 (EPOLLIN), read 1 'x', then EAGAIN",
      "sockecho: pipe's write end closed: 1 ready (EPOLLHUP), read 0",
      'sockecho: listening',
      ...STREAMS.map((n, i) => `sockecho: connection ${i + 1}: ${n} bytes echoed`),
      `sockecho: connection ${STREAMS.length + 1}: reset by the peer`,
      `sockecho: connection ${CONNECTIONS}: ${LAST} bytes echoed`,
      `sockecho: ${CONNECTIONS} connections served, ${echoed} bytes echoed`,
    ]);
    expect(guest.lines).toEqual(host.lines);
  }, 120_000);
});
