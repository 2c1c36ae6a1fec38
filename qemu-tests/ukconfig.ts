/**
 * Running the real `ukconfig` command (bin/ukconfig.js over dist/, built by
 * `npm test`'s pretest step) in throw-away application folders.
 */
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ukconfig.js');

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first');

export interface Result {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Long matrices (every scheduler, architecture and platform of an example)
 * run in full only under `npm run test:long` (UKCONFIG_LONG_TESTS=1);
 * `npm test` runs the fixed sample each test file names, to keep CI short.
 */
export const LONG_TESTS = process.env.UKCONFIG_LONG_TESTS === '1';

/** All of `cases` under the long tests, else those `inSample` keeps. */
export function sampled<T>(cases: T[], inSample: (c: T) => boolean): T[] {
  return LONG_TESTS ? cases : cases.filter(inSample);
}

/** A guest never gets more than this; a hang fails the test instead of stalling the suite. */
export const GUEST_TIMEOUT_S = 60;

export async function ukconfig(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<Result> {
  const r = await execa(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env,
    extendEnv: opts.env === undefined,
    ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
    reject: false,
    timeout: opts.timeoutMs ?? 180_000,
  });
  if (r.timedOut) throw new Error(`ukconfig ${args.join(' ')} timed out`);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * Boots the image of a pair under a timeout; console text with the serial line's \r dropped.
 * `input`, if given, is the guest's standard input (the serial line on kvm), else it has none.
 */
export async function runGuest(app: string, runArgs: string[], guestArgs: string[], input?: string): Promise<Result> {
  const r = await ukconfig(['-C', app, 'run', '--timeout', String(GUEST_TIMEOUT_S), ...runArgs, '--', ...guestArgs], {
    timeoutMs: (GUEST_TIMEOUT_S + 30) * 1000,
    input,
  });
  return { ...r, stdout: r.stdout.replace(/\r/g, '') };
}

/** A port of 127.0.0.1 free now for UDP and TCP (QEMU binds both for a forward). */
export async function freeForwardPort(): Promise<number> {
  for (;;) {
    const s = createSocket('udp4');
    await new Promise<void>((res) => s.bind(0, '127.0.0.1', res));
    const port = s.address().port;
    await new Promise<void>((res) => s.close(res));
    const tcp = createServer();
    const free = await new Promise<boolean>((res) => {
      tcp.once('error', () => res(false));
      tcp.listen(port, '127.0.0.1', () => tcp.close(() => res(true)));
    });
    if (free) return port;
  }
}

/**
 * Boots the application's kvm image as a network server: `ukconfig run --net user` with a free port
 * of 127.0.0.1 forwarded to its port `guestPort`, library parameters `params` and arguments `args`,
 * `opts.mem` of memory (16M) and further `ukconfig run` options `opts.run` (--initrd, --share).
 * Resolves once its console shows `ready` (or it ended, or GUEST_TIMEOUT_S passed), with what the
 * console showed by then; the guest is the running process, to kill or await.
 */
export async function startServerGuest(
  app: string,
  guestPort: number,
  params: string[],
  args: string[],
  ready: string,
  opts: { mem?: string; run?: string[] } = {},
) {
  const port = await freeForwardPort();
  const guest = execa(
    process.execPath,
    [BIN, '-C', app, 'run', '--plat', 'kvm', '--timeout', String(GUEST_TIMEOUT_S), '--mem', opts.mem ?? '16M', '--net', 'user',
      '--port', `127.0.0.1:${port}:${guestPort}`, ...(opts.run ?? []), '--', ...params, '--', ...args],
    { stdin: 'ignore', reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 },
  );
  const out = { text: '' };
  guest.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  const start = Date.now();
  while (!out.text.includes(ready) && Date.now() - start < GUEST_TIMEOUT_S * 1000 && guest.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  /** `console` is what the guest had printed when `ready` came; `output()` is all it has printed so far. */
  return { guest, port, console: out.text, output: () => out.text };
}

/** Sends `data` to 127.0.0.1:port and waits up to `ms` for one datagram back (null: none came). */
export function exchange(sock: Socket, port: number, data: Buffer, ms: number): Promise<{ data: Buffer; port: number } | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sock.off('message', onMessage);
      resolve(null);
    }, ms);
    const onMessage = (msg: Buffer, from: { port: number }) => {
      clearTimeout(timer);
      sock.off('message', onMessage);
      resolve({ data: msg, port: from.port });
    };
    sock.on('message', onMessage);
    sock.send(data, port, '127.0.0.1');
  });
}

/**
 * Opens a TCP connection to 127.0.0.1:port, writes `data`, half-closes, and resolves with what came back
 * before the server closed; `connected` is called once the connection is up.
 */
export function tcpEcho(port: number, data: Buffer, ms: number, connected = () => {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const c = connect(port, '127.0.0.1', () => {
      connected();
      c.end(data);
    });
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error(`tcp echo of ${data.length} bytes: ${Buffer.concat(chunks).length} back after ${ms} ms`));
    }, ms);
    c.on('data', (d: Buffer) => chunks.push(d));
    c.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`tcp echo of ${data.length} bytes: ${e.message} after ${Buffer.concat(chunks).length} bytes back`));
    });
    c.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

/** Connects, writes `data` and resets the connection (RST) before reading the answer. */
export function tcpReset(port: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => c.write(data, () => setTimeout(() => c.resetAndDestroy(), 50)));
    c.on('error', (e) => reject(new Error(`the connection reset by the test: ${e.message}`)));
    c.on('close', () => resolve());
  });
}

const scratch: string[] = [];

function copyApp(from: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ukconfig-${name}-`));
  cpSync(from, dir, { recursive: true, filter: (src) => !/\/(build|\.config(\.old)?)$/.test(src) });
  scratch.push(dir);
  return dir;
}

/** A copy of examples/<name> in a temporary folder. */
export function copyExample(name: string): string {
  return copyApp(join(ROOT, 'examples', name), name);
}

/** A copy of qemu-tests/apps/<name> (applications that exist for the tests) in a temporary folder. */
export function copyTestApp(name: string): string {
  return copyApp(join(ROOT, 'qemu-tests', 'apps', name), name);
}

/** Applies `defconfigs/<defconfig>` in `app` and builds its images; both must succeed. */
export async function configureAndBuild(app: string, defconfig: string): Promise<void> {
  for (const step of [['apply', `defconfigs/${defconfig}`], ['build']]) {
    const r = await ukconfig(['-C', app, ...step]);
    if (r.exitCode !== 0) throw new Error(`ukconfig ${step.join(' ')} failed in ${app} (${r.exitCode}):\n${r.stdout}${r.stderr}`);
  }
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ukconfig-${prefix}-`));
  scratch.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Every file under `dir` with its modification time (ns). */
export function mtimes(dir: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p, statSync(p, { bigint: true }).mtimeNs);
    }
  };
  walk(dir);
  return out;
}

/** The `CC`/`AS` progress lines of a build: `[image] lib/file` (image empty for one-image builds). */
export function compiled(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => /^(?:\[([^\]]+)\] )?  (?:CC|AS) +(\S+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1] ?? ''} ${m[2]}`.trim())
    .sort();
}

/** Global symbols a relocatable object defines, or leaves undefined (`nm`: the host's, or a cross one). */
function symbols(object: string, which: 'defined' | 'undefined', nm: string): Set<string> {
  const out = execFileSync(nm, which === 'defined' ? ['-g', '--defined-only', object] : ['-u', object], { encoding: 'utf8' });
  return new Set(out.split('\n').map((l) => l.trim().split(/\s+/).at(-1)!).filter(Boolean));
}

/** Symbols library `user` takes from library `provider` (objects in an image's libs/): what ties one to the other by name. */
export function namedUses(libs: string, user: string, provider: string, nm = 'nm'): string[] {
  const defined = symbols(join(libs, `${provider}.o`), 'defined', nm);
  return [...symbols(join(libs, `${user}.o`), 'undefined', nm)].filter((s) => defined.has(s)).sort();
}
