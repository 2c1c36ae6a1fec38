/**
 * Running a guest whose exit status comes on its console (xen, baremetal,
 * rpi3, malta: nothing carries it to the host), not in QEMU's exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RUN_FAILED, type Command, type GuestExit } from './guest.js';
import { GuestStop } from './guest-stop.js';

export interface StatusLineRun {
  /** The status the guest printed; null when it printed none. */
  exit: GuestExit | null;
  /** QEMU's exit code (null: killed). */
  code: number | null;
  /** --timeout ended the machine. */
  timedOut: boolean;
  /** QEMU could not be started: why. */
  startError: string | null;
  /** A signal to the command ended the machine (guest-stop.ts): the shell's status for it. */
  stopped: { signal: string; status: number } | null;
}

/** After the status line, how long the machine may take to stop on its own before it is ended. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs `cmd` with its standard output read a line at a time (`\r`
 * dropped): `onLine` shows the line as it should and returns the guest's
 * status once the line is its status line. `stdin: 'pipe'` lets `onLine`
 * type into QEMU's console (child.stdin). `started` runs once a signal to
 * this process would end the machine too.
 */
export async function runForStatusLine(
  cmd: Command,
  timeoutS: number | null,
  stdin: 'pipe' | 'ignore',
  onLine: (line: string, child: ChildProcess) => GuestExit | null,
  started?: () => void,
): Promise<StatusLineRun> {
  const child = spawn(cmd.file, cmd.args, { stdio: [stdin, 'pipe', 'inherit'] });
  const stop = new GuestStop(child);
  // Whoever is told the machine runs (a debugger's user) may stop us now.
  started?.();
  let exit: GuestExit | null = null;
  let timedOut = false;
  const timer = timeoutS === null ? null : setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutS * 1000);
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  // QEMU gone before it read what was typed: nothing to report.
  child.stdin?.on('error', () => {});
  for await (const raw of createInterface({ input: child.stdout! })) {
    const status = onLine(raw.replace(/\r/g, ''), child);
    if (exit === null && status !== null) {
      exit = status;
      setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    }
  }
  try {
    const code = await closed;
    const stopped = stop.received ? { signal: stop.received, status: stop.exitStatus() } : null;
    return { exit, code, timedOut, startError: null, stopped };
  } catch (e) {
    return { exit: null, code: null, timedOut, startError: `cannot start ${cmd.file}: ${(e as Error).message}`, stopped: null };
  } finally {
    stop.dispose();
    if (timer) clearTimeout(timer);
  }
}

/**
 * The status of a halt line, the last line a baremetal, rpi3 or malta guest
 * prints (pools/plat/baremetal/x86_64/halt.c, pools/plat/rpi3/arm64/halt.c,
 * pools/plat/malta/mips/halt.c):
 * `PLAT: halt, status N` (main returned N) or `PLAT: crash, status 255`.
 */
export function haltLineStatus(plat: string, line: string): GuestExit | null {
  const m = /^(\w+): (halt|crash), status (\d+)$/.exec(line);
  if (!m || m[1] !== plat) return null;
  return { status: Number(m[3]), note: m[2] === 'crash' ? 'the guest crashed (see its CRASH: message)' : null };
}

/**
 * Runs the command with the guest's console on `out`, and gives the status
 * of the guest's halt line. The guest ends the machine after it (a PC's
 * ACPI power off, a Raspberry Pi's watchdog reset or the Malta FPGA's
 * software reset, with -no-reboot);
 * should it not, the machine is ended 10 s later. `machine` names it in
 * the messages ("the PC").
 */
export async function runUntilHaltLine(
  plat: string,
  machine: string,
  cmd: Command,
  timeoutS: number | null,
  out: NodeJS.WritableStream,
  started?: () => void,
): Promise<GuestExit> {
  const r = await runForStatusLine(
    cmd,
    timeoutS,
    'ignore',
    (line) => {
      out.write(line + '\n');
      return haltLineStatus(plat, line);
    },
    started,
  );
  if (r.startError !== null) return { status: RUN_FAILED, note: r.startError };
  if (r.stopped) return { status: r.stopped.status, note: `stopped the guest on ${r.stopped.signal}` };
  if (r.exit !== null) return r.exit;
  if (r.timedOut) return { status: RUN_FAILED, note: `stopped ${machine} after ${timeoutS} s (--timeout) without a status line` };
  return { status: RUN_FAILED, note: `QEMU exited (${r.code}) before the guest printed its status line` };
}
