// A server in a guest, as the network benchmarks time it: QEMU started
// with a command (buildgen's guestCommand, or linux-guest.mjs's), the
// time from its start to the first answer of a probe that the benchmark
// gives (curl's page, redis-cli's PONG), and the smallest -m with which it
// answers. The probe is the same for our image and the Linux guest, so
// the two start-up times measure the same thing.
import { spawn } from 'node:child_process';

/**
 * Starts QEMU (`cmd`: { file, args }) and probes `answers()` every 10 ms. Resolves with
 * { ms, stop, console } once it answers (ms from QEMU's start), or with { ms: null, console }
 * after `waitMs` or when QEMU ends first (then it is stopped). `console()` is its output so far.
 */
export async function bootUntilAnswer(cmd, answers, waitMs = 30_000) {
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
    if (answers()) return { ms: performance.now() - t0, stop, console };
    await new Promise((r) => setTimeout(r, 10));
  }
  await stop();
  return { ms: null, console };
}

/**
 * The smallest -m in whole MiB with which `bootAt(memory, waitMs)` (a bootUntilAnswer result
 * for memory such as '12M') answers: bisection between 1 and `hi` MiB, where a guest that has
 * not answered in 15 s fails; throws when `hi` fails.
 */
export async function smallestMemory(bootAt, hi = 64) {
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
