#!/usr/bin/env node
// examples/redis (Redis 7.0.15 from Debian's source, unmodified, kvm-x86_64
// under QEMU with user networking) beside the minimal Linux guest of
// bench/lib/linux-guest.mjs running the same Redis: the sources and
// switches of examples/redis/library.uk built static with Debian's
// musl-gcc, with the same redis.conf, under the same QEMU command (-M pc,
// TCG, one vCPU, the same -m, its virtio-net card driven by Debian's
// modules, eth0 at 10.0.2.15 as lwIP's). Both guests are reached through
// the same path: buildgen's port relay, as `ukconfig run --port` (see
// bench/lib/guest-server.mjs). And Debian's redis-server on the host (a
// process, no VM, no slirp: the ceiling of the path). Figures: GET and SET
// per second with redis-benchmark's default 50 clients, the image's size,
// QEMU's start to the first answer to PING, and the smallest -m with which
// the guest answers.
//
// The machine this runs on may be shared: the two guests take turns in
// REPS rounds, which of them goes first alternating, each round printed
// as it ends; the verdict is the median of the rounds' ratios (ours over
// Linux's), so that a burst of load elsewhere spoils one round, not the
// comparison. The load average is printed at the start and at the end.
//
//   npm run build && node bench/redis.mjs [--reps N] [--n N] [--flavour cloud-amd64|amd64] [--no-memory]
import { execFile, execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { redisBuild } from './lib/app-sources.mjs';
import { benchOptions } from './lib/args.mjs';
import { buildExample, freePort, guestModule, ROOT, scratchDir, startProcess } from './lib/examples.mjs';
import { bootServer, smallestMemory } from './lib/guest-server.mjs';
import { repsAndRequests } from './lib/http-load.mjs';
import { buildInitramfs, buildStatic, debianKernel, linuxGuestCommand, netGuestFiles } from './lib/linux-guest.mjs';
import { median } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/redis.mjs [--reps N] [--n N] [--flavour cloud-amd64|amd64] [--no-memory]';
const opts = benchOptions(USAGE, {
  reps: { type: 'string', default: '3' },
  n: { type: 'string', default: '20000' },
  flavour: { type: 'string', default: 'cloud-amd64' },
  'no-memory': { type: 'boolean', default: false },
});
// --reps: the rounds.
const { REPS: ROUNDS, N } = repsAndRequests(opts, USAGE);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`load average at the start: ${load()}`);
for (const tool of ['redis-benchmark', 'redis-cli', 'redis-server']) {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    console.error(`${tool} is missing (Debian: apt-get install redis-server redis-tools)`);
    process.exit(1);
  }
}

const ROOTFS = join(ROOT, 'examples', 'redis', 'rootfs');
const CONF = join(ROOTFS, 'etc', 'redis', 'redis.conf');
// redis-benchmark's default; the relay lets them all connect at once.
const CLIENTS = 50;
// Both guests: the Linux guest needs some 75 MiB (its smallest -m, below), the image far less.
const MEMORY = '128M';

const { guestCommand } = await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-redis');
const app = buildExample(scratch, 'redis', 'x86_64', 'kvm-x86_64');
const image = join(app, 'build', 'redis_kvm-x86_64');
const initrd = join(scratch, 'rootfs.cpio');
writeFileSync(initrd, packFolder(ROOTFS));

// The Linux guest: Debian's kernel, its virtio-net modules, /net for eth0, the same Redis at
// /sbin/redis-server with the same redis.conf.
const kernel = await debianKernel(opts.flavour);
const { flags, sources } = await redisBuild(app, 'kvm-x86_64');
const program = buildStatic(join(scratch, 'redis-server-musl-static'), flags, sources);
const initramfs = await buildInitramfs(
  join(scratch, 'redis-linux.cpio'),
  { 'sbin/redis-server': program, 'etc/redis/redis.conf': CONF, ...(await netGuestFiles(kernel, scratch)) },
  ['/sbin/redis-server', '/etc/redis/redis.conf'],
);

function cli(port, ...args) {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 }).trim();
}

/** Whether Redis on port answers PING within 1 s (asynchronous: see guest-server.mjs). */
async function answers(port) {
  try {
    const { stdout } = await promisify(execFile)('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8', timeout: 1000 });
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

/** Requests per second of redis-benchmark's test `t` (set, get); throws on an error or a missing figure. */
function benchmark(port, t) {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-q', '-n', String(N), '-c', String(CLIENTS), '-t', t], { encoding: 'utf8', timeout: 120_000 });
  const m = /^\S+: ([\d.]+) requests per second/m.exec(out.split('\r').pop());
  if (!m || /error/i.test(out)) throw new Error(`redis-benchmark -t ${t} against port ${port} failed:\n${out}`);
  return Number(m[1]);
}

const GUEST = 'Redis, our image';
const LINUX = 'Redis, Linux guest';
const HOST = 'redis-server on the host (Debian, no VM)';
const settings = { debugExitPort: '0xf4', semihosting: false, virtioNet: true };
const guests = {
  [GUEST]: async (net, memory) => guestCommand({ arch: 'x86_64', plat: 'kvm', image, settings, memory, initrd, args: ['--', '/etc/redis/redis.conf'], net }),
  [LINUX]: (net, memory) => linuxGuestCommand({ kernel: kernel.vmlinuz, initramfs, memory, cpus: 1, net }),
};

async function startHost() {
  const port = await freePort();
  const s = await startProcess('redis-server', [CONF, '--port', String(port), '--bind', '127.0.0.1'], 'Ready to accept connections');
  return { port, stop: async () => s.child.kill() };
}

const TESTS = ['get', 'set'];
const rps = new Map([GUEST, LINUX].map((l) => [l, TESTS.map(() => [])]));
const boot = new Map([GUEST, LINUX].map((l) => [l, []]));

/** Starts `label`'s server, checks that it stores a key, runs the tests; the rates in TESTS' order. */
async function measureServer(label) {
  const server = label === HOST ? await startHost() : await bootServer(guests[label], answers, MEMORY, 6379);
  if (server.ms === null) throw new Error(`${label} did not answer with -m ${MEMORY}; its console:\n${server.console()}`);
  if (label !== HOST) boot.get(label).push(server.ms);
  try {
    if (label !== HOST && !(cli(server.port, 'SET', 'k', 'v') === 'OK' && cli(server.port, 'GET', 'k') === 'v')) throw new Error(`${label} does not store a key`);
    return TESTS.map((t) => benchmark(server.port, t));
  } finally {
    await server.stop();
  }
}

const TEST_NAMES = TESTS.map((t) => t.toUpperCase());
const roundRows = [];
const ratios = TESTS.map(() => []);
console.log(`redis-benchmark -q -n ${N} -c ${CLIENTS}; ${ROUNDS} rounds, the two guests in turn`);
for (let round = 1; round <= ROUNDS; round++) {
  const order = round % 2 ? [GUEST, LINUX] : [LINUX, GUEST];
  const got = {};
  for (const label of order) {
    got[label] = await measureServer(label);
    got[label].forEach((r, i) => rps.get(label)[i].push(r));
  }
  const row = [`${round}`, order[0] === GUEST ? 'ours first' : 'Linux first'];
  TESTS.forEach((_, i) => {
    const ratio = got[GUEST][i] / got[LINUX][i];
    ratios[i].push(ratio);
    row.push(fmt(got[GUEST][i]), fmt(got[LINUX][i]), fmt(ratio, 2));
  });
  roundRows.push(row);
  console.log(`round ${round} (${row[1]}): ${TEST_NAMES.map((t, i) => `${t}/s ours ${row[2 + 3 * i]}, Linux ${row[3 + 3 * i]}, ratio ${row[4 + 3 * i]}`).join('; ')}; load ${load()}`);
}
const hostRates = await measureServer(HOST);

printTable(['round', 'order', ...TEST_NAMES.flatMap((t) => [`${t}/s ours`, `${t}/s Linux`, 'ours / Linux'])], [
  ...roundRows,
  ['median', '', ...TESTS.flatMap((_, i) => [fmt(median(rps.get(GUEST)[i])), fmt(median(rps.get(LINUX)[i])), fmt(median(ratios[i]), 2)])],
]);
console.log(`\nthe verdict: the median of the rounds' ratios; ${HOST}: ${TEST_NAMES.map((t, i) => `${t}/s ${fmt(hostRates[i])}`).join(', ')} (once, after the rounds)`);

const smallest = (name, hi) => smallestMemory(guests[name], answers, 6379, hi);
const memory = opts['no-memory'] ? { [GUEST]: NaN, [LINUX]: NaN } : { [GUEST]: await smallest(GUEST), [LINUX]: await smallest(LINUX, 256) };
const size = { [GUEST]: statSync(image).size, [LINUX]: statSync(kernel.vmlinuz).size + statSync(initramfs).size };
const mib = (m) => (Number.isNaN(m) ? 'not measured (--no-memory)' : `${m} MiB`);
const guestRow = (label, what) => [label, what, `${fmt(size[label] / 1024)} KiB`, `${fmt(median(boot.get(label)))} ms`, mib(memory[label])];
printTable(
  ['guest', 'boots', 'size', 'QEMU start to the first PONG (median)', 'smallest -m that serves'],
  [
    guestRow(GUEST, `kvm-x86_64 image (initrd ${fmt(statSync(initrd).size / 1024)} KiB besides)`),
    guestRow(LINUX, `${kernel.package} ${kernel.version}: vmlinuz + initramfs (redis-server ${fmt(statSync(program).size / 1024)} KiB, modules, /init)`),
    ['', `${GUEST} / ${LINUX}`, fmt(size[GUEST] / size[LINUX], 2), fmt(median(boot.get(GUEST)) / median(boot.get(LINUX)), 2), opts['no-memory'] ? '' : fmt(memory[GUEST] / memory[LINUX], 2)],
  ],
);
console.log(`guests: -M pc under QEMU TCG, -m ${MEMORY} (but for the smallest -m), 1 CPU, user networking (slirp) behind the port relay of \`ukconfig run --port\``);
console.log(`load average at the end: ${load()}`);
