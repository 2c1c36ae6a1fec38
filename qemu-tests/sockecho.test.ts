/**
 * POSIX sockets end to end, differentially: examples/sockecho/main.c, a TCP echo server on plain
 * socket calls (socket, setsockopt, bind, listen, getsockname, getsockopt, fstat, fcntl O_NONBLOCK,
 * select, poll and epoll with and without timeouts, poll, select and pselect6 woken by another thread's write to a pipe beside an idle socket, poll's hang-up events as a connection's directions close and for a connection refused, edge-triggered epoll on a connection and a pipe, a pipe in epoll, accept, read, send, close), is built for this machine with the host's cc and run here, and built
 * unmodified with musl into a kvm-x86_64 image over posix-socket and lwIP in threads (NO_SYS=0),
 * run by `ukconfig run --net user --port`. The same client session drives both: streams of random
 * bytes one connection after another (shorter than a segment, one segment, one byte more, a window,
 * many windows), a connection the client resets in the middle, then a last stream of 100 KB that the
 * server echoes, closes and exits behind (the image must deliver it before it powers off, as Linux
 * does after a process exits). Before serving, each connects out as a client (connect, write,
 * shutdown, recv, getpeername) to an echo server of the test on the host (127.0.0.1 from the host,
 * 10.0.2.2 from the guest: QEMU's address of the host) and sums what comes back. Every echo must be
 * byte-exact, and the two programs must print the same lines and exit with status 0. The image runs
 * with lwIP's device thread polling and, with lwip.irq, sleeping until the device interrupts.
 *
 * Then on a tap (`ukconfig run --net tap:NAME`) in a network namespace of the test's own: a static
 * address, IPv6 (`sockecho -6` on the host and in the image, compared; a static gateway to an
 * off-link address, `lwip.gw6`), checksum and receive
 * segmentation offload on and off (every TCP frame's checksum checked, and those longer than the
 * MTU counted, by a capture on the tap), and the errors of --net tap.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTapNamespace, netnsUnavailable, type TapNamespace } from './netns.js';
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

/**
 * A connection that stays open: `round` writes bytes and waits until their echo is back (or fails
 * after `ms`), `end` half-closes and resolves with everything echoed once the server closed.
 */
function openConnection(port: number): Promise<{ round: (data: Buffer, ms: number) => Promise<void>; end: () => Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sent = 0;
    const back = () => chunks.reduce((a, b) => a + b.length, 0);
    const c = connect(port, '127.0.0.1', () =>
      resolve({
        round: async (data, ms) => {
          sent += data.length;
          c.write(data);
          for (const until = Date.now() + ms; back() < sent; await new Promise((r) => setTimeout(r, 20))) {
            if (Date.now() > until) throw new Error(`an open connection: ${back()} of ${sent} bytes back after ${ms} ms`);
          }
        },
        end: async () => {
          c.end();
          await closed;
          return Buffer.concat(chunks);
        },
      }),
    );
    const closed = new Promise<void>((res) => c.on('close', () => res()));
    c.on('data', (d: Buffer) => chunks.push(d));
    c.on('error', reject);
  });
}

/**
 * The next client connects while the server waits, with epoll, for more from the current one
 * (connection 2, which is idle, not ended): the listening socket in the server's epoll set is
 * then ready at every wait, and the server goes round its loop without blocking until the
 * current connection has news. Its next bytes and its end must still arrive and be echoed,
 * and then the next client served (connection 3). Linux's kernel takes frames beside the
 * looping program; in the image, lwIP's threads must get their turn from it.
 */
const OVERLAP_CONNECTIONS = 3;
async function overlapSession(port: number): Promise<void> {
  const first = randomBytes(1000);
  expect((await tcpEcho(port, first, 30_000)).equals(first), 'connection 1').toBe(true);
  const current = await openConnection(port);
  const a = [randomBytes(1000), randomBytes(3000)];
  await current.round(a[0], 30_000);
  const next = await openConnection(port);
  // The image's lwIP completes the next client's handshake meanwhile (QEMU's user networking
  // accepted the connection on the host at once).
  await new Promise((r) => setTimeout(r, 1500));
  await current.round(a[1], 15_000);
  expect((await current.end()).equals(Buffer.concat(a)), 'connection 2 (open while the next client connected)').toBe(true);
  const b = randomBytes(5000);
  await next.round(b, 30_000);
  expect((await next.end()).equals(b), 'connection 3').toBe(true);
}

/** Waits until the server's output says it listens (or it ended); the output so far. */
async function listening(server: ResultPromise, out: { text: string }): Promise<void> {
  for (const until = Date.now() + GUEST_TIMEOUT_S * 1000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    if (out.text.includes('sockecho: listening') || server.exitCode !== null) return;
  }
}

/** Collects `server`'s output and waits until it says it listens (asserted); the output, still growing. */
async function untilListening(server: ResultPromise): Promise<{ text: string }> {
  const out = { text: '' };
  server.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  await listening(server, out);
  expect(out.text, 'the server did not start listening').toContain('sockecho: listening');
  return out;
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

/** examples/sockecho/main.c built for this machine with its cc; the program's path. */
async function buildForHost(): Promise<string> {
  const bin = join(tempDir('sockecho-host'), 'sockecho');
  await execa('cc', ['-O2', '-Wall', '-Werror', '-o', bin, join(ROOT, 'examples', 'sockecho', 'main.c')]);
  return bin;
}

/** A copy of examples/sockecho with its kvm-x86_64 image, and the host build: made once for every test here. */
let built: Promise<[string, string]> | undefined;
function builtOnce(): Promise<[string, string]> {
  built ??= (async () => {
    const app = copyExample('sockecho');
    await configureAndBuild(app, 'kvm-x86_64');
    return [app, await buildForHost()];
  })();
  return built;
}

describe('sockecho (POSIX sockets) on the host and on kvm-x86_64', () => {
  let app: string;
  let hostBin: string;
  let echoServer: Server;
  let echoPort: number;

  afterAll(() => new Promise<void>((res) => (echoServer ? echoServer.close(() => res()) : res())));

  beforeAll(async () => {
    [app, hostBin] = await builtOnce();
    // What sockecho connects to as a client: everything comes back, then the end of the stream.
    echoServer = createServer({ allowHalfOpen: true }, (s) => s.pipe(s));
    await new Promise<void>((res) => echoServer.listen(0, '127.0.0.1', res));
    echoPort = (echoServer.address() as { port: number }).port;
  }, 300_000);

  /**
   * Runs `cmd` as the server, plays the session against 127.0.0.1:port, and returns its exit and its
   * lines, with `listenPort` (the port it binds) written as PORT.
   */
  async function serve(cmd: string, args: string[], port: number, listenPort: number, play: (port: number) => Promise<void> = session) {
    const server = execa(cmd, args, { stdin: 'ignore', reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 });
    try {
      await untilListening(server);
      await play(port).catch(async (e: Error) => {
        // Which server stalled, and what it said, tell more than the client's timeout.
        server.kill();
        const r = await server;
        throw new Error(`${e.message}; the server (${cmd === hostBin ? 'host build' : 'image'}) printed:\n${String(r.stdout)}${String(r.stderr)}`);
      });
      const r = await server;
      return { exitCode: r.exitCode, lines: serverLines(String(r.stdout), listenPort), all: String(r.stdout) + String(r.stderr) };
    } finally {
      server.kill();
      await server;
    }
  }

  /**
   * The host build, then the image over user networking with `params`, each serving `connections`
   * connections that `play` makes (the host build must end well before the image starts).
   */
  async function hostThenImage(params: string[], connections: number, play: (port: number) => Promise<void> = session) {
    const hostPort = await freeForwardPort();
    const host = await serve(hostBin, [String(hostPort), String(connections), `127.0.0.1:${echoPort}`], hostPort, hostPort, play);
    expect(host.exitCode, host.all).toBe(0);
    const guestPort = await freeForwardPort();
    const guest = await serve(
      process.execPath,
      [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'run', '--plat', 'kvm', '--timeout', String(GUEST_TIMEOUT_S), '--mem', '32M',
        '--net', 'user', '--port', `127.0.0.1:${guestPort}:7`, '--', ...params, '--', '7', String(connections), `10.0.2.2:${echoPort}`],
      guestPort,
      7,
      play,
    );
    return { host, guest };
  }

  /** lwIP's device thread polls, or (lwip.irq) blocks until the device's receive interrupt. */
  it.each([
    { mode: 'polling', params: [] as string[] },
    { mode: 'interrupt', params: ['lwip.irq'] },
  ])('connects out, echoes byte-exact over several connections, survives a reset, and prints what the host build prints ($mode mode)', async ({ mode, params }) => {
    const { host, guest } = await hostThenImage(params, CONNECTIONS);
    expect(guest.all).toMatch(new RegExp(`lwip: virtio-net pci \\S+ address 10\\.0\\.2\\.15 netmask 255\\.255\\.255\\.0 gateway 10\\.0\\.2\\.2, 64 receive buffers, ${mode} mode`));
    // User networking offers no checksum offload.
    expect(guest.all).toContain("lwip: checksum offload: TCP's sent computed by lwIP, received ones checked by lwIP");
    const sleeps = /lwip: the device thread slept (\d+) times until a frame's interrupt/.exec(guest.all);
    if (mode === 'interrupt') expect(Number(sleeps?.[1]), 'the device thread never blocked').toBeGreaterThan(0);
    else expect(sleeps).toBeNull();
    expect(guest.exitCode, guest.all).toBe(0);

    const echoed = [...STREAMS, LAST].reduce((a, b) => a + b, 0);
    expect(host.lines).toEqual([
      ...openingLines(4),
      ...STREAMS.map((n, i) => `sockecho: connection ${i + 1}: ${n} bytes echoed`),
      `sockecho: connection ${STREAMS.length + 1}: reset by the peer`,
      `sockecho: connection ${CONNECTIONS}: ${LAST} bytes echoed`,
      `sockecho: ${CONNECTIONS} connections served, ${echoed} bytes echoed`,
    ]);
    expect(guest.lines).toEqual(host.lines);
  }, 120_000);

  it.each(['polling', 'interrupt'])('serves a connection to its end while the next client waits to be accepted ($0 mode)', async (mode) => {
    const { host, guest } = await hostThenImage(mode === 'interrupt' ? ['lwip.irq'] : [], OVERLAP_CONNECTIONS, overlapSession);
    expect(guest.exitCode, guest.all).toBe(0);
    expect(host.lines.slice(-4)).toEqual([
      'sockecho: connection 1: 1000 bytes echoed',
      'sockecho: connection 2: 4000 bytes echoed',
      'sockecho: connection 3: 5000 bytes echoed',
      `sockecho: ${OVERLAP_CONNECTIONS} connections served, 10000 bytes echoed`,
    ]);
    expect(guest.lines).toEqual(host.lines);
  }, 120_000);
});

/**
 * What sockecho prints before it serves (its client part, the listening socket, the checks of
 * select, poll and epoll), the same on every network: over IPv4 or, with -6, over IPv6.
 */
function openingLines(ip: 4 | 6): string[] {
  return [
    'sockecho: connected, getpeername matches',
    `sockecho: sent ${CLIENT_BYTES} bytes, the peer sent back ${CLIENT_BYTES} bytes, sum ${CLIENT_SUM}`,
    // Edge-triggered epoll: one report per change (arrival, MOD, the peer's end), none while merely still ready.
    'sockecho: EPOLLET: added OUT, again -; echo arrives IN|OUT, unread -; more arrives IN|OUT, read 5, then -',
    "sockecho: EPOLLET: after MOD OUT, again -; the peer's end IN|RDHUP, then -",
    'sockecho: EPOLLET on a pipe: added OUT, again -; a byte IN, unread -; another IN, read 2, then -; write end closed HUP',
    // Linux's tcp_poll(): a direction shut is POLLIN|POLLRDHUP or POLLOUT, both shut add POLLHUP (asked for or not).
    "sockecho: poll on a connection: open OUT; after SHUT_RD IN|OUT|RDHUP; after SHUT_RDWR IN|OUT|RDHUP|HUP; after SHUT_WR and the peer's end IN|OUT|RDHUP|HUP, asking for nothing HUP",
    // Not connected: POLLOUT|POLLHUP; a connection refused (a reset) shuts both directions, with POLLERR until SO_ERROR.
    'sockecho: poll on a stream socket: new OUT|HUP; a non-blocking connect refused IN|OUT|RDHUP|ERR|HUP, SO_ERROR an error, then IN|OUT|RDHUP|HUP; a blocking connect refused OUT|HUP',
    ...(ip === 6 ? ['sockecho: IPv6, IPV6_V6ONLY on'] : []),
    `sockecho: fstat socket, SO_TYPE stream, bound to port PORT (${ip === 6 ? 28 : 16}-byte address)`,
    'sockecho: non-blocking accept: no client yet (EAGAIN)',
    'sockecho: select and poll: no client yet, poll waited its 50 ms',
    'sockecho: epoll errors: ADD again EEXIST, DEL of a stranger ENOENT, a bad descriptor EBADF, itself EINVAL, not an epoll EINVAL, wait for 0 EINVAL',
    'sockecho: epoll with no client: 0 and 0 ready, waited its 50 ms',
    'sockecho: epoll on a datagram socket: 1, 1 ready (its data, EPOLLOUT), one-shot 1 then 0, after close 0, DEL after close EBADF',
    "sockecho: pipe in epoll: 0 ready, after a byte 1 (EPOLLIN), read 1 'x', then EAGAIN",
    "sockecho: pipe's write end closed: 1 ready (EPOLLHUP), read 0",
    // A pipe wakes poll, select and pselect6 that also wait on a socket; timeouts and the time left.
    'sockecho: poll on an empty pipe: 0 ready, waited its 50 ms',
    'sockecho: poll on the listening socket and a pipe another thread writes to: 1 ready (socket -, pipe IN), woken',
    'sockecho: select on the listening socket and a pipe another thread writes to: 1 ready (socket clear, pipe set), woken',
    'sockecho: pselect6 woken by the pipe: 1 ready (pipe set), time left some, less than given',
    'sockecho: pselect6 on an empty pipe: 0 ready, time left none',
    'sockecho: poll on a pipe whose write end closed, asking for POLLOUT: 1 ready (HUP)',
    'sockecho: a closed descriptor: poll 1 ready (NVAL, a negative one -), select EBADF',
    'sockecho: listening',
  ];
}

/**
 * `ukconfig run --net tap:NAME` for real: a network namespace of the test's own holds a tap with the
 * host side's address; the guest gets a static address by library parameters, connects out to an
 * echo server in the namespace and echoes what a client in the namespace sends it. The namespace
 * and everything in it go away afterwards, also when the test fails.
 */
const NETNS_PROBLEM = netnsUnavailable();
if (NETNS_PROBLEM) console.warn(`sockecho over a tap: skipped, ${NETNS_PROBLEM}`);

/** Node programs run inside the namespace: an echo server, and a client that sends its stdin and prints what comes back. */
/** The echo server in the namespace, once it listens (in an object: a returned process would be awaited to its end). */
async function nsEchoServer(ns: TapNamespace, addr: string, port: number): Promise<{ echo: ResultPromise }> {
  const echo = ns.exec(process.execPath, ['-e', NS_ECHO_SERVER, addr, String(port)], { reject: false });
  await new Promise<void>((res) => {
    echo.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && res());
    void echo.then(() => res());
  });
  return { echo };
}
/**
 * The guest's end after it connected out to the namespace's echo server (over IPv4 or IPv6, sockecho
 * port 7) and echoed one connection of `bytes`: its lines, and status 0.
 */
function expectServedOne(r: { stdout: unknown; stderr: unknown; exitCode?: number }, ip: 4 | 6, bytes: number): void {
  expect(serverLines(String(r.stdout), 7)).toEqual([
    ...openingLines(ip),
    `sockecho: connection 1: ${bytes} bytes echoed`,
    `sockecho: 1 connections served, ${bytes} bytes echoed`,
  ]);
  expect(r.exitCode, String(r.stdout) + String(r.stderr)).toBe(0);
}
const NS_ECHO_SERVER = `require('net').createServer({ allowHalfOpen: true }, (s) => s.pipe(s)).listen(+process.argv[2], process.argv[1], () => console.log('ready'))`;
/** The namespace's addresses on the tap, and the guest's. */
const NS_ADDRS = ['192.168.77.1/24', 'fd77::1/64'];
const GUEST_PARAMS = ['lwip.ip=192.168.77.2', 'lwip.netmask=255.255.255.0', 'lwip.gw=192.168.77.1', 'lwip.ip6=fd77::2'];
/** How `got` differs from the `sent` it should echo: '' when equal, else the lengths and the first differing offset. */
function echoDiff(bytes: Uint8Array, sent: Buffer): string {
  // (execa gives a Uint8Array for encoding 'buffer'.)
  const got = Buffer.from(bytes);
  if (got.equals(sent)) return '';
  let at = 0;
  while (at < got.length && at < sent.length && got[at] === sent[at]) at++;
  return `${got.length} of ${sent.length} bytes came back, the first difference at byte ${at}`;
}

/**
 * Expects `bytes` to be the echo of `sent`; when not, stops `server` and fails with how the echo
 * differs and what the server (the image, or the host build) printed, which tells more than the bytes.
 */
async function expectEcho(bytes: Uint8Array, sent: Buffer, server: ResultPromise, what = 'the echo differs'): Promise<void> {
  const diff = echoDiff(bytes, sent);
  if (!diff) return;
  server.kill();
  const r = await server;
  expect(diff, `${what}; the server said:\n${String(r.stdout)}${String(r.stderr)}`).toBe('');
}

/** Arguments ADDR PORT [FROM]: FROM is the client's own address (the namespace's default otherwise). */
const NS_CLIENT = `const c = require('net').connect({ host: process.argv[1], port: +process.argv[2], localAddress: process.argv[3] }, () => process.stdin.pipe(c)); c.pipe(process.stdout); c.on('error', (e) => { console.error(e.message); process.exit(1); })`;

describe.skipIf(NETNS_PROBLEM !== null)('sockecho over a tap device (ukconfig run --net tap:NAME)', () => {
  let app: string;
  let hostBin: string;
  let ns: TapNamespace;
  const tap = 'uktap0';

  beforeAll(async () => {
    [app, hostBin] = await builtOnce();
    ns = await makeTapNamespace(`ukc-tap-${process.pid}`, tap, NS_ADDRS);
  }, 300_000);
  afterAll(async () => ns?.remove());

  /** The image run in the namespace by `ukconfig run EXTRA -- GUEST`. */
  const nsGuest = (extra: string[], guest: string[]) =>
    ns.exec(process.execPath, runArgs(extra, guest), { stdin: 'ignore', reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 });
  const runArgs = (extra: string[], guest: string[], image = app) => [
    join(ROOT, 'bin', 'ukconfig.js'), '-C', image, 'run', '--plat', 'kvm', '--timeout', String(GUEST_TIMEOUT_S), '--mem', '32M', ...extra, '--', ...guest,
  ];

  it('talks to the guest at its static address: it connects out, then echoes byte-exact', async () => {
    const { echo } = await nsEchoServer(ns, '192.168.77.1', 7000);
    const server = nsGuest(['--net', `tap:${tap}`], [...GUEST_PARAMS, '--', '7', '1', '192.168.77.1:7000']);
    try {
      await untilListening(server);
      const data = randomBytes(200_000);
      const client = await ns.exec(process.execPath, ['-e', NS_CLIENT, '192.168.77.2', '7'], { input: data, encoding: 'buffer', timeout: 30_000, reject: false });
      expect(client.exitCode, Buffer.from(client.stderr as Uint8Array).toString()).toBe(0);
      await expectEcho(client.stdout as Uint8Array, data, server, 'the echo over the tap differs');
      const r = await server;
      expect(String(r.stdout)).toContain('lwip: virtio-net pci 00:02.0 address 192.168.77.2 netmask 255.255.255.0 gateway 192.168.77.1');
      // The link-local address from the MAC address (52:54:00:12:34:56), and lwip.ip6's.
      expect(String(r.stdout)).toContain('lwip: IPv6 FE80::5054:FF:FE12:3456 FD77::2');
      expectServedOne(r, 4, 200_000);
    } finally {
      server.kill();
      echo.kill();
      await Promise.all([server, echo]);
    }
  }, 120_000);

  /**
   * The same session against `sockecho -6` on the host (in the namespace, at fd77::1) and in the
   * guest (fd77::2): an IPv4 connection refused (the socket is IPv6 only), then streams over IPv6;
   * the guest first connects out to the namespace's echo server over IPv6. Echoes byte-exact, and
   * the two print the same lines.
   */
  it('IPv6: AF_INET6 sockets with IPV6_V6ONLY, out and in, as on the host', async () => {
    const { echo } = await nsEchoServer(ns, '::', 7001);
    const streams = [1460, 300_000];
    const serve6 = async (cmd: string, args: string[], v4: string, v6: string) => {
      const server = ns.exec(cmd, args, { stdin: 'ignore', reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 });
      try {
        await untilListening(server);
        const refused = await ns.exec(process.execPath, ['-e', NS_CLIENT, v4, '7'], { input: 'x', reject: false, timeout: 30_000 });
        expect(String(refused.stderr), `an IPv4 connection to ${v4}`).toContain('ECONNREFUSED');
        for (const size of streams) {
          const data = randomBytes(size);
          const c = await ns.exec(process.execPath, ['-e', NS_CLIENT, v6, '7'], { input: data, encoding: 'buffer', timeout: 30_000, reject: false });
          expect(c.exitCode, Buffer.from(c.stderr as Uint8Array).toString()).toBe(0);
          await expectEcho(c.stdout as Uint8Array, data, server, `the echo of ${size} bytes over IPv6 differs`);
        }
        const r = await server;
        return { exitCode: r.exitCode, lines: serverLines(String(r.stdout), 7), all: String(r.stdout) + String(r.stderr) };
      } finally {
        server.kill();
        await server;
      }
    };
    try {
      const sockArgs = ['-6', '7', String(streams.length), '[fd77::1]:7001'];
      const host = await serve6(hostBin, sockArgs, '192.168.77.1', 'fd77::1');
      expect(host.exitCode, host.all).toBe(0);
      const guest = await serve6(process.execPath, runArgs(['--net', `tap:${tap}`], [...GUEST_PARAMS, '--', ...sockArgs]), '192.168.77.2', 'fd77::2');
      expect(guest.exitCode, guest.all).toBe(0);
      expect(host.lines).toEqual([
        ...openingLines(6),
        ...streams.map((n, i) => `sockecho: connection ${i + 1}: ${n} bytes echoed`),
        `sockecho: ${streams.length} connections served, ${streams.reduce((a, b) => a + b, 0)} bytes echoed`,
      ]);
      expect(guest.lines).toEqual(host.lines);
    } finally {
      echo.kill();
      await echo;
    }
  }, 120_000);

  /**
   * IPv6 stateless autoconfiguration: router advertisements from the namespace (send-ra.py) with the
   * prefix fd78::/64, and the guest makes its address from it and its MAC (fd78::5054:ff:fe12:3456),
   * where a client in the namespace reaches it.
   */
  it('IPv6 SLAAC: the guest takes an address from a router advertisement', async () => {
    // The namespace is the advertising router: it has an address of the prefix, so that its
    // neighbour solicitations come from an address the guest knows on-link (the advertisement
    // names no default router through which the guest could answer fd77::1).
    await execa('ip', ['-n', ns.name, '-6', 'addr', 'replace', 'fd78::1/64', 'dev', tap, 'nodad']);
    const server = nsGuest(['--net', `tap:${tap}`], [...GUEST_PARAMS.filter((p) => !p.startsWith('lwip.ip6=')), '--', '-6', '7', '1']);
    try {
      const out = await untilListening(server);
      // Only the link-local address at the start.
      expect(out.text).toMatch(/lwip: IPv6 FE80::5054:FF:FE12:3456\r?\n/);
      // Advertisements, one a second, until the guest says its address from the prefix passed
      // duplicate address detection (a second or more; the first ones may come before its
      // link-local address is valid): connecting earlier would only time out in neighbour discovery.
      const taken = /lwip: IPv6 FD78::5054:FF:FE12:3456 from a router advertisement/;
      for (const until = Date.now() + 60_000; !taken.test(out.text) && server.exitCode === null && Date.now() < until; ) {
        const ra = await ns.exec('python3', [join(ROOT, 'qemu-tests', 'send-ra.py'), tap, 'fd78::', '1'], { reject: false });
        expect(ra.exitCode, String(ra.stderr)).toBe(0);
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(out.text, 'the guest never took an address from the advertisements').toMatch(taken);
      const data = randomBytes(10_000);
      const c = await ns.exec(process.execPath, ['-e', NS_CLIENT, 'fd78::5054:ff:fe12:3456', '7'], { input: data, encoding: 'buffer', timeout: 30_000, reject: false });
      expect(c.exitCode, Buffer.from(c.stderr as Uint8Array).toString()).toBe(0);
      await expectEcho(c.stdout as Uint8Array, data, server);
      const r = await server;
      expect(r.exitCode, String(r.stdout)).toBe(0);
    } finally {
      server.kill();
      await server;
    }
  }, 120_000);

  /**
   * A static IPv6 gateway (lwip.gw6): the namespace also holds fd99::1, off the tap's prefix (on lo,
   * /128), and sends no router advertisement, so the guest knows no router of its own. Without
   * lwip.gw6 it serves a client on the tap's prefix, but its answers to a client at fd99::1 have no
   * route: that connection is never made. With lwip.gw6=fd77::1 (the namespace on the tap), and
   * again with the namespace's link-local fe80::1, the guest first connects out to an echo server at
   * fd99::1, then echoes a client at fd99::1 byte-exact.
   */
  it('IPv6 static gateway (lwip.gw6): an off-link address through it, unreachable without it', async () => {
    await execa('ip', ['-n', ns.name, '-6', 'addr', 'replace', 'fd99::1/128', 'dev', 'lo']);
    const { echo } = await nsEchoServer(ns, 'fd99::1', 7002);
    const echoFrom = (from: string, data: Buffer, timeout: number) =>
      ns.exec(process.execPath, ['-e', NS_CLIENT, 'fd77::2', '7', from], { input: data, encoding: 'buffer', timeout, reject: false });
    try {
      const without = nsGuest(['--net', `tap:${tap}`], [...GUEST_PARAMS, '--', '-6', '7', '1']);
      try {
        await untilListening(without);
        const lost = await echoFrom('fd99::1', randomBytes(1000), 5000);
        expect(lost.timedOut, 'a connection from fd99::1 to a guest without lwip.gw6').toBe(true);
        expect(Buffer.from(lost.stdout as Uint8Array).length).toBe(0);
        const data = randomBytes(10_000);
        const onLink = await echoFrom('fd77::1', data, 30_000);
        expect(onLink.exitCode, Buffer.from(onLink.stderr as Uint8Array).toString()).toBe(0);
        await expectEcho(onLink.stdout as Uint8Array, data, without, 'the echo on the prefix without lwip.gw6 differs');
        expect((await without).exitCode).toBe(0);
      } finally {
        without.kill();
        await without;
      }

      // The namespace's address on the prefix, then a link-local one (of the tap's link: lwIP gives it the interface's zone).
      await execa('ip', ['-n', ns.name, '-6', 'addr', 'replace', 'fe80::1/64', 'dev', tap, 'nodad']);
      for (const gw6 of ['fd77::1', 'fe80::1']) {
        const server = nsGuest(['--net', `tap:${tap}`], [...GUEST_PARAMS, `lwip.gw6=${gw6}`, '--', '-6', '7', '1', '[fd99::1]:7002']);
        try {
          const out = await untilListening(server);
          expect(out.text).toContain(`lwip: IPv6 FE80::5054:FF:FE12:3456 FD77::2, gateway ${gw6.toUpperCase()}`);
          const data = randomBytes(200_000);
          const c = await echoFrom('fd99::1', data, 30_000);
          expect(c.exitCode, Buffer.from(c.stderr as Uint8Array).toString()).toBe(0);
          await expectEcho(c.stdout as Uint8Array, data, server, `the echo through lwip.gw6=${gw6} differs`);
          const r = await server;
          expectServedOne(r, 6, 200_000);
        } finally {
          server.kill();
          await server;
        }
      }
    } finally {
      echo.kill();
      await echo;
    }
  }, 120_000);

  /**
   * Checksum and segmentation offload: QEMU offers virtio-net's CSUM and GUEST_CSUM with a tap
   * backend, and the guest takes them; `--net tap:NAME,csum=off,guest_csum=off` withholds them. A
   * capture on the tap (qemu-tests/tap-checksums.py) checks every TCP frame: with the offloads the
   * guest's frames carry the pseudo-header sum for the host to complete and the host's carry theirs
   * partial too (which the guest must complete before lwIP checks them); without, every checksum is
   * complete. Never a bad one, and the echo is byte-exact both ways, over IPv4 and IPv6.
   * Segmentation offload, which QEMU offers beside the checksum offloads: receiving (MRG_RXBUF with
   * GUEST_TSO4/6), the host's kernel hands the guest whole TCP segments longer than the MTU;
   * sending (HOST_TSO4/6), lwIP's glue gathers consecutive segments into frames that the host cuts.
   * The capture sees both as frames longer than the MTU's, and the guest counts them. `mrg_rxbuf=off`
   * or `guest_tso4=off,guest_tso6=off` withhold the first, `host_tso4=off,host_tso6=off` the second.
   */
  it.each([
    { name: 'offloaded, IPv4', options: '', family: '4', offloaded: true, rxGso: true, txGso: true },
    { name: 'offloaded, IPv6', options: '', family: '6', offloaded: true, rxGso: true, txGso: true },
    { name: 'no receive segmentation (mrg_rxbuf=off), IPv4', options: ',mrg_rxbuf=off', family: '4', offloaded: true, rxGso: false, txGso: true },
    { name: 'no receive segmentation (guest_tso4=off,guest_tso6=off), IPv6', options: ',guest_tso4=off,guest_tso6=off', family: '6', offloaded: true, rxGso: false, txGso: true },
    { name: 'no send segmentation (host_tso4=off,host_tso6=off), IPv4', options: ',host_tso4=off,host_tso6=off', family: '4', offloaded: true, rxGso: true, txGso: false },
    { name: 'not offloaded (csum=off,guest_csum=off), IPv4', options: ',csum=off,guest_csum=off', family: '4', offloaded: false, rxGso: false, txGso: false },
  ])('checksums $name: every TCP frame on the tap right, the echo byte-exact', async ({ options, family, offloaded, rxGso, txGso }) => {
    const capture = ns.exec('python3', [join(ROOT, 'qemu-tests', 'tap-checksums.py'), tap, '52:54:00:12:34:56'], { reject: false });
    await new Promise<void>((res) => {
      capture.stdout!.on('data', (d: Buffer) => d.toString().includes('capturing') && res());
      void capture.then(() => res());
    });
    const server = nsGuest(['--net', `tap:${tap}${options}`], [...GUEST_PARAMS, '--', ...(family === '6' ? ['-6'] : []), '7', '1']);
    let out = '';
    try {
      await untilListening(server);
      const data = randomBytes(300_000);
      const c = await ns.exec(process.execPath, ['-e', NS_CLIENT, family === '6' ? 'fd77::2' : '192.168.77.2', '7'], {
        input: data,
        encoding: 'buffer',
        timeout: 30_000,
        reject: false,
      });
      expect(c.exitCode, Buffer.from(c.stderr as Uint8Array).toString()).toBe(0);
      await expectEcho(c.stdout as Uint8Array, data, server);
      const r = await server;
      out = String(r.stdout);
      expect(r.exitCode, out).toBe(0);
    } finally {
      server.kill();
      await server;
      capture.kill();
    }
    expect(out).toContain(
      offloaded
        ? "lwip: checksum offload: TCP's sent completed by the device, received ones marked by the device (partial ones completed), checked by lwIP"
        : "lwip: checksum offload: TCP's sent computed by lwIP, received ones checked by lwIP",
    );
    expect(out).toContain(
      `lwip: segmentation offload, receiving: ${rxGso ? 'TCP segments longer than the MTU taken whole from the device' : 'none'}`,
    );
    expect(out).toContain(`lwip: segmentation offload, sending: ${txGso ? 'consecutive TCP segments gathered into frames the device cuts' : 'none'}`);
    // What the guest counted: large frames it took, and frames it sent for the host to cut.
    const taken = /lwip: (\d+) received frames were longer than the MTU's/.exec(out);
    const cut = /lwip: (\d+) frames sent for the device to cut, holding (\d+) segments/.exec(out);
    expect(Boolean(taken), out).toBe(rxGso);
    expect(Boolean(cut), out).toBe(txGso);
    if (taken) expect(+taken[1]).toBeGreaterThan(5);
    if (cut) expect(+cut[2], out).toBeGreaterThan(2 * +cut[1]);
    const counts = Object.fromEntries(
      [...String((await capture).stdout).matchAll(/^(\S+) complete (\d+) partial (\d+) bad (\d+) large (\d+)$/gm)].map((m) => [m[1], { complete: +m[2], partial: +m[3], bad: +m[4], large: +m[5] }]),
    );
    for (const [dir, gso] of [['from-guest', txGso], ['to-guest', rxGso]] as const) {
      const n = counts[dir];
      expect(n, `${dir}: ${JSON.stringify(counts)}`).toBeDefined();
      expect(n.bad, `${dir}: frames with a wrong checksum`).toBe(0);
      // 300 KB each way take some 200 segments (and acknowledgements); the handshake's few frames may
      // go either way. With segmentation offload the frames are fewer and larger.
      expect(offloaded ? n.partial : n.complete, `${dir}: ${JSON.stringify(n)}`).toBeGreaterThan(gso ? 20 : 100);
      if (!offloaded) expect(n.partial, dir).toBe(0);
      if (gso) expect(n.large, `${dir}: ${JSON.stringify(n)}`).toBeGreaterThan(5);
      else expect(n.large, `${dir}: ${JSON.stringify(n)}`).toBe(0);
    }
  }, 120_000);

  /**
   * Fewer receive buffers than a whole 64 KiB segment fills (CONFIG_LWIP_RX_BUFFERS=8, 16 KiB): the
   * device must not be asked for such segments, since it places one only once it has all the
   * buffers it needs, and would hold it for ever. Segments of the MTU then, and 300 KB over IPv6
   * with the other offloads come back byte-exact.
   */
  it('with few receive buffers: no receive segmentation, the echo byte-exact', async () => {
    const few = copyExample('sockecho');
    const defconfig = readFileSync(join(few, 'defconfigs', 'kvm-x86_64'), 'utf8');
    writeFileSync(join(few, 'defconfigs', 'few-rx-buffers'), `${defconfig}CONFIG_LWIP_RX_BUFFERS=8\n`);
    await configureAndBuild(few, 'few-rx-buffers');
    const server = ns.exec(process.execPath, runArgs(['--net', `tap:${tap}`], [...GUEST_PARAMS, '--', '-6', '7', '1'], few), {
      stdin: 'ignore',
      reject: false,
      timeout: (GUEST_TIMEOUT_S + 30) * 1000,
    });
    try {
      await untilListening(server);
      const data = randomBytes(300_000);
      const c = await ns.exec(process.execPath, ['-e', NS_CLIENT, 'fd77::2', '7'], { input: data, encoding: 'buffer', timeout: 30_000, reject: false });
      await expectEcho(c.stdout as Uint8Array, data, server, `the echo differs (the client's exit ${c.exitCode})`);
      const r = await server;
      expect(String(r.stdout)).toContain('lwip: virtio-net pci 00:02.0 address 192.168.77.2 netmask 255.255.255.0 gateway 192.168.77.1, 8 receive buffers');
      expect(String(r.stdout)).toContain('lwip: segmentation offload, receiving: none');
      expect(r.exitCode, String(r.stdout)).toBe(0);
    } finally {
      server.kill();
      await server;
    }
  }, 300_000);

  it('names a missing device, a device that is no tap, --port with a tap, and a tap this user may not attach to', async () => {
    let otherCache = '';
    const run = async (extra: string[], opts: { user?: string } = {}) => {
      const argv = runArgs(extra, ['--', '7', '0']);
      const r = opts.user
        ? await ns.exec('setpriv', [`--reuid=${opts.user}`, `--regid=${opts.user}`, '--clear-groups', process.execPath, ...argv], {
            reject: false,
            env: { UKCONFIG_CACHE_DIR: otherCache },
          })
        : await ns.exec(process.execPath, argv, { reject: false });
      return { exitCode: r.exitCode, out: String(r.stdout) + String(r.stderr) };
    };
    const none = await run(['--net', 'tap:nosuch']);
    expect(none.out).toContain('ukconfig run: --net tap:nosuch: there is no network device nosuch on this machine (make the tap first: ip tuntap add dev nosuch mode tap');
    expect(none.exitCode).toBe(125);
    expect((await run(['--net', 'tap:lo'])).out).toContain('--net tap:lo: lo is a network device but not a tap');
    expect((await run(['--net', `tap:${tap}`, '--port', '8080:80'])).out).toContain('--port forwards to the network device of --net user');
    expect((await run(['--net', 'tap:a/b'])).out).toContain("--net tap:NAME takes a network interface name");
    expect((await run(['--net', `tap:${tap},csum`])).out).toContain("--net: after the comma come QEMU's options of the virtio-net device (KEY=VALUE,...");

    // Another user: the image readable by all, a cache of its own, and a second tap that user owns.
    otherCache = tempDir('tap-other-cache');
    chmodSync(otherCache, 0o777);
    // The test's own folders down to the app (mkdtemp makes them 0700) become readable by that
    // user; never the system's temporary folder itself, which keeps its mode (1777).
    for (let d = app; d.startsWith(tmpdir() + sep); d = dirname(d)) chmodSync(d, statSync(d).mode | 0o055);
    await execa('chmod', ['-R', 'a+rX', app]);
    await execa('ip', ['-n', ns.name, 'tuntap', 'add', 'dev', 'uktap1', 'mode', 'tap', 'user', '65534']);
    await execa('ip', ['-n', ns.name, 'link', 'set', 'uktap1', 'up']);
    const denied = await run(['--net', `tap:${tap}`], { user: '65534' });
    expect(denied.out).toContain(`--net tap:${tap}: not permitted: the tap has no owner and this user (65534) lacks CAP_NET_ADMIN`);
    // Its own tap: QEMU attaches without privileges and the guest runs (no client: it serves 0
    // connections), if that user may open /dev/net/tun (mode 0666 on most systems, 0600 on some).
    const own = await run(['--net', 'tap:uktap1'], { user: '65534' });
    if ((statSync('/dev/net/tun').mode & 0o006) === 0o006) {
      expect(own.out).toContain('sockecho: 0 connections served, 0 bytes echoed');
      expect(own.exitCode, own.out).toBe(0);
    } else {
      expect(own.out).toContain('--net tap:uktap1: /dev/net/tun is not readable and writable by this user');
    }
  }, 120_000);
});
