#!/usr/bin/env node
// examples/redis (Redis 7.0.15 from Debian's source, unmodified, kvm-x86_64
// under QEMU with user networking, reached through a forward of 127.0.0.1):
// GET and SET per second with redis-benchmark, the image's size, the time
// from starting QEMU to Redis's "Ready to accept connections", and the
// smallest -m with which it boots and serves. Beside it, in the same run
// and with the same redis-benchmark commands, Debian's redis-server on the
// host (a process, no VM, no slirp: the ceiling of the path, not a Linux
// guest). redis-benchmark runs 10 clients: QEMU's forwarded port holds 2
// handshakes waiting (backlog 1) and the host's kernel drops the others,
// retried after 1, 2, 4 s, which would be most of what is measured with
// its default of 50. Each server REPS times in turn; medians.
//
//   npm run build && node bench/redis.mjs [--reps N] [--n N]
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { buildExample, freePort, guestModule, ROOT, scratchDir, startProcess } from './lib/examples.mjs';
import { median } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/redis.mjs [--reps N] [--n N]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '3' }, n: { type: 'string', default: '20000' } });
const REPS = Number(opts.reps);
const N = Number(opts.n);
if (!(REPS >= 1) || !(N >= 100)) {
  console.error(`--reps takes a positive number, --n one of at least 100\n${USAGE}`);
  process.exit(2);
}
for (const tool of ['redis-benchmark', 'redis-server']) {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    console.error(`${tool} is missing (Debian: apt-get install redis-server redis-tools)`);
    process.exit(1);
  }
}

const CONF = join(ROOT, 'examples', 'redis', 'rootfs', 'etc', 'redis', 'redis.conf');
const CLIENTS = 10;
const MEMORY = '64M';
const READY = 'Ready to accept connections';

const { guestCommand } = await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-redis');
const app = buildExample(scratch, 'redis', 'x86_64', 'kvm-x86_64');
const image = join(app, 'build', 'redis_kvm-x86_64');
const initrd = join(scratch, 'rootfs.cpio');
writeFileSync(initrd, packFolder(join(ROOT, 'examples', 'redis', 'rootfs')));
const settings = { debugExitPort: '0xf4', semihosting: false, virtioNet: true };

function cli(port, ...args) {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 }).trim();
}

/** Requests per second of redis-benchmark's test `t` (set, get); throws on an error or a missing figure. */
function benchmark(port, t) {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-q', '-n', String(N), '-c', String(CLIENTS), '-t', t], { encoding: 'utf8', timeout: 120_000 });
  const m = /^\S+: ([\d.]+) requests per second/m.exec(out.split('\r').pop());
  if (!m || /error/i.test(out)) throw new Error(`redis-benchmark -t ${t} against port ${port} failed:\n${out}`);
  return Number(m[1]);
}

/** Boots the image with `memory`; resolves with { port, ms, stop } once Redis is ready. */
async function startGuest(memory) {
  const port = await freePort();
  const cmd = guestCommand({ arch: 'x86_64', plat: 'kvm', image, settings, memory, initrd, args: ['--', '/etc/redis/redis.conf'],
    net: { ports: [{ addr: '127.0.0.1', hostPort: port, guestPort: 6379 }] } });
  const g = await startProcess(cmd.file, cmd.args, READY);
  return {
    port,
    ms: g.ms,
    stop: async () => {
      const ended = new Promise((res) => g.child.once('exit', res));
      try {
        cli(port, 'SHUTDOWN', 'NOSAVE');
      } catch {
        g.child.kill();
      }
      await ended;
    },
  };
}

async function startHost() {
  const port = await freePort();
  const s = await startProcess('redis-server', [CONF, '--port', String(port), '--bind', '127.0.0.1'], READY);
  return { port, ms: s.ms, stop: async () => s.child.kill() };
}

/** Whether the image boots and serves SET and GET with `memory`. */
async function serves(memory) {
  let g;
  try {
    g = await startGuest(memory);
    return cli(g.port, 'SET', 'k', 'v') === 'OK' && cli(g.port, 'GET', 'k') === 'v';
  } catch {
    return false;
  } finally {
    if (g) await g.stop().catch(() => {});
  }
}

const GUEST = 'unikernel (kvm-x86_64, TCG)';
const HOST = 'host redis-server (no VM)';
const LABELS = [GUEST, HOST];
const TESTS = ['get', 'set'];
const rps = new Map(LABELS.map((l) => [l, TESTS.map(() => [])]));
const boot = [];
for (let rep = 0; rep < REPS; rep++) {
  for (const label of LABELS) {
    const server = label === GUEST ? await startGuest(MEMORY) : await startHost();
    if (label === GUEST) boot.push(server.ms);
    try {
      TESTS.forEach((t, i) => rps.get(label)[i].push(benchmark(server.port, t)));
    } finally {
      await server.stop();
    }
  }
}

let smallest = null;
for (const mb of [4, 6, 8, 10, 12, 16, 24, 32, 48, 64]) {
  if (await serves(`${mb}M`)) {
    smallest = mb;
    break;
  }
}

const rows = LABELS.map((label) => [
  label,
  ...TESTS.flatMap((_, i) => {
    const m = median(rps.get(label)[i]);
    return [fmt(m), fmt(m / median(rps.get(HOST)[i]), 3)];
  }),
]);
printTable(['server', ...TESTS.flatMap((t) => [`${t.toUpperCase()}/s`, 'vs host'])], rows);
console.log(`\nredis-benchmark -q -n ${N} -c ${CLIENTS}, median of ${REPS}; the guest: -M pc, -m ${MEMORY}, user networking (slirp), one vCPU, TCG`);
console.log(`image: ${fmt(statSync(image).size)} bytes; QEMU start to "${READY}" (median): ${fmt(median(boot))} ms`);
console.log(`smallest -m that boots and serves SET/GET: ${smallest === null ? 'none up to 64' : smallest} MiB`);
console.log('no Linux guest measured in this run (the minimal guest of bench/lib/linux-guest.mjs has no network yet)');
