// A server in a guest, as the network benchmarks time it: QEMU started
// with a command (buildgen's guestCommand, or linux-guest.mjs's), the
// time from its start to the first answer of a probe that the benchmark
// gives (curl's page, redis-cli's PONG), and the smallest -m with which it
// answers. The probe is the same for our image and the Linux guest, so
// the two start-up times measure the same thing.
import { spawn } from 'node:child_process';
import { freePort } from './examples.mjs';

/**
 * Starts QEMU with `await commandAt(port, memory)` ({ file, args }, the guest's server forwarded
 * from `port`, a free port of 127.0.0.1) and probes `answersOn(port)` every 10 ms. Resolves with
 * { port, ms, stop, console } once it answers (ms from QEMU's start), or with { ms: null,
 * console } after `waitMs` or when QEMU ends first (then it is stopped). `console()` is its
 * output so far.
 */
export async function bootServer(commandAt, answersOn, memory, waitMs = 30_000) {
  const port = await freePort();
  const cmd = await commandAt(port, memory);
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
  };
  const console = () => out;
  while (!exited && performance.now() - t0 < waitMs) {
    if (answersOn(port)) return { port, ms: performance.now() - t0, stop, console };
    await new Promise((r) => setTimeout(r, 10));
  }
  await stop();
  return { ms: null, console };
}

/**
 * The smallest -m in whole MiB with which bootServer(commandAt, answersOn) answers: bisection
 * between 1 and `hi` MiB, where a guest that has not answered in 15 s fails; throws when `hi` fails.
 */
export async function smallestMemory(commandAt, answersOn, hi = 64) {
  const bootAt = (memory, waitMs) => bootServer(commandAt, answersOn, memory, waitMs);
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
