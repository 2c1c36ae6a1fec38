/**
 * examples/redis, differentially: Redis 7.0.15 from Debian's source, unmodified, in a kvm-x86_64
 * image (musl, posix-socket and epoll over lwIP) reached through `ukconfig run --net user --port`,
 * and Debian's redis-server binary of the same source on the host, both started with the example's
 * redis.conf (persistence off). The same client session goes to both:
 * - a command session through redis-cli (strings, counters, lists, hashes, sets, sorted sets,
 *   expiry, a Lua script, MULTI/EXEC, error replies): the same replies, byte for byte;
 * - a malformed request (a bulk length that is no number): the same protocol error, and the
 *   connection closed;
 * then, on the image: 10,000 keys set with `redis-cli --pipe` and all read back in one pipelined
 * stream, a connection reset in the middle of a 1 MB reply, 40 connections at once (far beyond QEMU's
 * forwarded port's backlog of 1, which ukconfig run's relay stands in front of), all answered,
 * `redis-benchmark -q -n 20000` of SET and GET with its default 50 clients and no error, and the server
 * still serving after each; SHUTDOWN NOSAVE ends it and the image exits with status 0. The image runs
 * with its network device in interrupt mode (the defconfig's LWIP_IRQ), as its console says.
 */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, freeForwardPort, removeScratch, ROOT, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const CONF = join(ROOT, 'examples', 'redis', 'rootfs', 'etc', 'redis', 'redis.conf');
const KEYS = 10_000;
/** Connections opened at once in the burst. */
const BURST = 40;
/** Some 90 files of Redis and 35 of its dependencies at -O2: minutes on a loaded machine. */
const BUILD_MS = 600_000;
/** Seconds the image may run: boot, the session, the loads (slow on a loaded machine). */
const GUEST_S = 240;

/** The command session: one redis-cli connection, a command a line. */
const SESSION = [
  'PING',
  'SET greeting "hello world"',
  'GET greeting',
  'APPEND greeting !',
  'STRLEN greeting',
  'GETRANGE greeting 0 4',
  'SET n 41',
  'INCR n',
  'INCRBY n -2',
  'INCRBYFLOAT n 0.5',
  'DECR greeting',
  'SETNX n 7',
  'MSET a 1 b 2 c 3',
  'MGET a b c missing',
  'RPUSH l x y z',
  'LPUSH l w',
  'LRANGE l 0 -1',
  'LPOP l',
  'LLEN l',
  'LINDEX l -1',
  'HSET h f1 v1 f2 v2',
  'HGET h f2',
  'HINCRBY h n 5',
  'HGETALL h',
  'SADD s 3 1 2 2',
  'SMEMBERS s',
  'SISMEMBER s 4',
  'SINTER s s',
  'ZADD z 1 one 2 two 3 three',
  'ZRANGE z 0 -1 WITHSCORES',
  'ZSCORE z two',
  'ZRANK z three',
  'ZINCRBY z 10 one',
  'ZREVRANGE z 0 0',
  'EXPIRE a 100',
  'TTL a',
  'PERSIST a',
  'TTL a',
  'TYPE h',
  'TYPE nothing',
  'EXISTS a b nothing',
  'DEL a b',
  'OBJECT ENCODING s',
  'OBJECT ENCODING greeting',
  'EVAL "return redis.call(\'INCR\', KEYS[1]) * 2" 1 counter',
  'EVAL "return {1, 2, \'three\', cjson.encode({4})}" 0',
  'MULTI',
  'INCR counter',
  'GET counter',
  'EXEC',
  'LPUSH greeting x',
  'NOSUCHCOMMAND 1 2',
  'GET',
  'DBSIZE',
  'FLUSHALL',
  'DBSIZE',
];

/** Waits until `port` answers PING (a server that is up), at most `ms`. */
async function up(port: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const r = await execa('redis-cli', ['-p', String(port), 'PING'], { reject: false, timeout: 5000 });
    if (r.stdout.trim() === 'PONG') return true;
  }
  return false;
}

async function cli(port: number, args: string[], input?: string) {
  return execa('redis-cli', ['-p', String(port), ...args], { input, reject: false, timeout: 60_000 });
}

/** Opens a connection to 127.0.0.1:port. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Writes `data` and collects what comes back until `done` says so, the peer closes, or `ms` pass. */
function ask(s: Socket, data: string, done: (b: Buffer) => boolean, ms = 30_000): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      s.off('data', onData);
      s.off('close', onClose);
      resolve({ data: Buffer.concat(chunks), closed });
    };
    const onData = (d: Buffer) => {
      chunks.push(d);
      if (done(Buffer.concat(chunks))) finish(false);
    };
    const onClose = () => finish(true);
    const timer = setTimeout(() => finish(false), ms);
    s.on('data', onData);
    s.on('close', onClose);
    s.write(data);
  });
}

/** The session's replies and the malformed request's answer from the server at `port`. */
async function differential(port: number) {
  const session = await cli(port, [], SESSION.join('\n') + '\n');
  const bad = await open(port);
  const malformed = await ask(bad, '*1\r\n$abc\r\n', () => false, 10_000);
  bad.destroy();
  return { session: session.stdout, sessionErr: session.stderr, malformed: malformed.data.toString(), closed: malformed.closed };
}

describe('redis on the host (Debian binary) and on kvm-x86_64 (the same source, unmodified)', () => {
  let app: string;
  let guest: ResultPromise | undefined;
  const out = { text: '' };
  let guestPort = 0;

  beforeAll(async () => {
    app = copyExample('redis');
    for (const step of [['apply', 'defconfigs/kvm-x86_64'], ['build']]) {
      const r = await ukconfig(['-C', app, ...step], { timeoutMs: BUILD_MS });
      if (r.exitCode !== 0) throw new Error(`ukconfig ${step.join(' ')} failed (${r.exitCode}):\n${r.stdout}${r.stderr}`);
    }
  }, BUILD_MS + 60_000);

  afterAll(async () => {
    if (guest && guest.exitCode === null) {
      guest.kill();
      await guest;
    }
  });

  it('gives the same replies as the host to the same session and the same malformed request', async () => {
    const hostPort = await freeForwardPort();
    const host = execa('redis-server', [CONF, '--port', String(hostPort), '--bind', '127.0.0.1'], { reject: false, stdin: 'ignore' });
    let hostRun;
    try {
      expect(await up(hostPort, 10_000), 'the host redis-server did not come up').toBe(true);
      hostRun = await differential(hostPort);
    } finally {
      host.kill();
      await host;
    }

    guestPort = await freeForwardPort();
    guest = execa(
      process.execPath,
      [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'run', '--plat', 'kvm', '--timeout', String(GUEST_S), '--mem', '64M', '--initrd', 'rootfs',
        '--net', 'user', '--port', `127.0.0.1:${guestPort}:6379`, '--', '/etc/redis/redis.conf'],
      { cwd: app, stdin: 'ignore', reject: false, timeout: (GUEST_S + 30) * 1000 },
    );
    guest.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
    guest.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
    expect(await up(guestPort, 60_000), `the image did not come up:\n${out.text}`).toBe(true);
    expect(out.text).toMatch(/Redis version=7\.0\.15/);
    expect(out.text).toContain('Ready to accept connections');
    const guestRun = await differential(guestPort);

    expect(hostRun.sessionErr).toBe('');
    expect(hostRun.session).toContain('hello world\n12\n');
    expect(hostRun.session).toContain('WRONGTYPE');
    expect(hostRun.malformed).toMatch(/^-ERR Protocol error/);
    expect(hostRun.closed).toBe(true);
    expect(guestRun).toEqual(hostRun);
  }, 240_000);

  it(`stores ${KEYS} keys from redis-cli --pipe and reads every one back`, async () => {
    expect(guestPort, 'the image was not started').not.toBe(0);
    const sets = Array.from({ length: KEYS }, (_, i) => `SET key:${i} value-${i * 7919}\r\n`).join('');
    const piped = await cli(guestPort, ['--pipe'], sets);
    expect(piped.stdout).toMatch(new RegExp(`errors: 0, replies: ${KEYS}`));
    expect((await cli(guestPort, ['DBSIZE'])).stdout.trim()).toBe(String(KEYS));
    // Every key read back in one pipelined stream of GETs, replies in order.
    const s = await open(guestPort);
    const gets = Array.from({ length: KEYS }, (_, i) => `GET key:${i}\r\n`).join('');
    const want = Array.from({ length: KEYS }, (_, i) => `value-${i * 7919}`);
    const expected = want.map((v) => `$${v.length}\r\n${v}\r\n`).join('');
    const back = await ask(s, gets, (b) => b.length >= expected.length, 60_000);
    s.destroy();
    expect(back.data.length).toBe(expected.length);
    expect(back.data.toString() === expected, 'the values read back differ from those set').toBe(true);
  }, 120_000);

  it('survives a reset in the middle of a reply and a burst of connections beyond the backlog', async () => {
    expect(guestPort, 'the image was not started').not.toBe(0);
    // A 1 MB value; its reader resets the connection after the first bytes of the reply.
    const big = 'v'.repeat(1_000_000);
    const w = await open(guestPort);
    const stored = await ask(w, `*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${big.length}\r\n${big}\r\n`, (b) => b.toString().endsWith('\r\n'));
    expect(stored.data.toString()).toBe('+OK\r\n');
    w.destroy();
    const r = await open(guestPort);
    await ask(r, 'GET big\r\n', (b) => b.length > 1000);
    r.resetAndDestroy();
    // 40 connections at once, each asking PING: every one answered (QEMU's forwarded port has a backlog
    // of 1; ukconfig run's relay keeps the handshakes beyond it from being lost).
    const burst = await Promise.all(
      Array.from({ length: BURST }, async () => {
        const c = await open(guestPort).catch((e: Error) => e);
        if (c instanceof Error) return c.message;
        const a = await ask(c, 'PING\r\n', (b) => b.toString().endsWith('\r\n'), 20_000);
        c.destroy();
        return a.closed && !a.data.length ? 'closed by the server' : a.data.toString();
      }),
    );
    expect(burst).toEqual(Array(BURST).fill('+PONG\r\n'));
    expect((await cli(guestPort, ['STRLEN', 'big'])).stdout.trim()).toBe(String(big.length));
    expect((await cli(guestPort, ['GET', 'key:9999'])).stdout.trim()).toBe(`value-${9999 * 7919}`);
  }, 120_000);

  it('runs redis-benchmark -q -n 20000 (SET, GET) with no error, keeps serving, and exits 0 on SHUTDOWN NOSAVE', async () => {
    expect(guestPort, 'the image was not started').not.toBe(0);
    // Its default 50 clients, connected at once.
    const bench = await execa('redis-benchmark', ['-p', String(guestPort), '-q', '-n', '20000', '-t', 'set,get'], { reject: false, timeout: 90_000 });
    const lines = bench.stdout.split(/[\r\n]+/).filter((l) => /requests per second/.test(l));
    expect(lines.map((l) => l.split(':')[0].trim()), bench.stdout + bench.stderr).toEqual(['SET', 'GET']);
    expect(bench.stderr + bench.stdout).not.toMatch(/error/i);
    expect(bench.exitCode).toBe(0);
    expect((await cli(guestPort, ['GET', 'key:1'])).stdout.trim()).toBe('value-7919');
    await cli(guestPort, ['SHUTDOWN', 'NOSAVE']);
    const end = await guest!;
    expect(end.exitCode, out.text).toBe(0);
    expect(out.text).toContain('Redis is now ready to exit, bye bye...');
    // The defconfig's LWIP_IRQ: a polled image spins and takes a host CPU from QEMU's network path.
    expect(out.text).toMatch(/^lwip: .*, interrupt mode$/m);
  }, 150_000);
});
