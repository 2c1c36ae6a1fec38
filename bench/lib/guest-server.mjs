// A server in a guest, as the network benchmarks time it: QEMU started
// with a command (buildgen's guestCommand, or linux-guest.mjs's), the
// time from its start to the first answer of a probe that the benchmark
// gives (curl's page, redis-cli's PONG), and the smallest -m with which it
// answers. The probe is the same for our image and the Linux guest, so
// the two start-up times measure the same thing. The probe is asynchronous:
// while it waits, QEMU's console must still be read, or QEMU (which writes
// it a byte at a time to a full pipe) holds the guest until it is, and the
// probe's own timeout shows up as start-up time.
//
// Every guest is reached the way `ukconfig run --port` reaches it: through
// buildgen's port relay (port-relay.ts), which listens on the host's port
// with a full backlog and hands QEMU's forward (backlog 1) one handshake at
// a time. Without it, clients beyond the second meet SYN cookies and wait
// seconds for retransmissions. The relay runs in a worker thread, so that
// the benchmarks' synchronous clients (execFileSync of ab, redis-benchmark)
// do not stop it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { freePort, ROOT } from './examples.mjs';

// The worker: relayPorts() of the forwards it is given, the forwards as QEMU gets them posted back.
const RELAY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.module).then(({ relayPorts }) => relayPorts(workerData.ports)).then(
  (r) => parentPort.postMessage({ ports: r.ports }),
  (e) => parentPort.postMessage({ error: String(e && e.stack || e) }),
);`;

/**
 * Relays 127.0.0.1:`port` to `guestPort` of a guest as `ukconfig run --port` does. Resolves with
 * { net, close }: `net` for guestCommand (QEMU's forward from the relay's loopback port).
 */
export async function relayedForward(port, guestPort) {
  const module = join(ROOT, 'dist', 'buildgen', 'src', 'port-relay.js');
  const worker = new Worker(RELAY_WORKER, { eval: true, workerData: { module, ports: [{ addr: '127.0.0.1', hostPort: port, guestPort }] } });
  const reply = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (reply.error) {
    await worker.terminate();
    throw new Error(`cannot relay port ${port}: ${reply.error}`);
  }
  return { net: { ports: reply.ports }, close: () => worker.terminate() };
}

/**
 * Starts QEMU with `await commandAt(net, memory)` ({ file, args }; `net` for guestCommand: the
 * guest's `guestPort` forwarded through relayedForward() from `port`, a free port of 127.0.0.1)
 * and probes `await answersOn(port)` every 10 ms. Resolves with { port, pid, ms, stop, console }
 * once it answers (ms from QEMU's start; pid: QEMU's), or with { ms: null, console } after
 * `waitMs` or when QEMU ends first (then it is stopped). `console()` is its output so far.
 */
export async function bootServer(commandAt, answersOn, memory, guestPort, waitMs = 30_000) {
  const port = await freePort();
  const relay = await relayedForward(port, guestPort);
  const cmd = await commandAt(relay.net, memory);
  const t0 = performance.now();
  const child = spawn(cmd.file, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = async () => {
    if (!exited) {
      const ended = new Promise((res) => child.once('exit', res));
      child.kill();
      await ended;
    }
    await relay.close();
  };
  const console = () => out;
  while (!exited && performance.now() - t0 < waitMs) {
    if (await answersOn(port)) return { port, pid: child.pid, ms: performance.now() - t0, stop, console };
    await new Promise((r) => setTimeout(r, 10));
  }
  await stop();
  return { ms: null, console };
}

/**
 * The smallest -m in whole MiB with which bootServer(commandAt, answersOn, guestPort) answers: bisection
 * between 1 and `hi` MiB, where a guest that has not answered in 15 s fails; throws when `hi` fails.
 */
export async function smallestMemory(commandAt, answersOn, guestPort, hi = 64) {
  const bootAt = (memory, waitMs) => bootServer(commandAt, answersOn, memory, guestPort, waitMs);
  const top = await bootAt(`${hi}M`);
  if (top.ms === null) throw new Error(`no answer with -m ${hi}M; the console:\n${top.console()}`);
  await top.stop();
  let lo = 0; // fails (or not tried)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const g = await bootAt(`${mid}M`, 15_000);
    if (g.ms !== null) {
      await g.stop();
      hi = mid;
    } else lo = mid;
  }
  return hi;
}
