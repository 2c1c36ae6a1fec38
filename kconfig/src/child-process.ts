/**
 * Child processes, for code that must not load node:child_process before it
 * needs it, and for code that waits on a child without the event loop.
 */
import { readFileSync } from 'node:fs';

/**
 * node:child_process, loaded on first use: a conf run with replayed probes
 * and no piped input never starts a process, and loading the module (with
 * the stream and net modules under it) costs ~3 ms of such a run.
 */
export function childProcess(): typeof import('node:child_process') {
  return process.getBuiltinModule('node:child_process');
}

/**
 * Whether our child `pid` has exited. Until the event loop reaps it, an
 * exited child shows as a zombie; a missing entry counts as exited.
 */
export function childExited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.lastIndexOf(')') + 2;
    return stat.slice(state, state + 1) === 'Z';
  } catch {
    return true;
  }
}

/** Sleeps the whole thread for `ms` (synchronous waits poll with it). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
