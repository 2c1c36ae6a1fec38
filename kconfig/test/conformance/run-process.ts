// Spawns one process with a fixed environment, feeds stdin, captures stdout and
// stderr as raw bytes and enforces a timeout (the whole process group is killed).
import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** Exit status, or null when the process died from a signal or timed out. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: Buffer;
  stderr: Buffer;
  /** Wall-clock milliseconds. */
  ms: number;
  /** Set when the executable could not be started at all. */
  spawnError?: string;
}

export interface ProcessSpec {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: Buffer | string;
  timeoutMs: number;
}

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(spec.argv[0], spec.argv.slice(1), {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout kills grandchildren too
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: string | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, spec.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // the tool may exit without reading stdin (EPIPE)
    child.on('error', (e) => {
      spawnError = String(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: timedOut ? null : code,
        signal,
        timedOut,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err),
        ms: performance.now() - started,
        spawnError,
      });
    });
    child.stdin.end(spec.stdin ?? '');
  });
}
