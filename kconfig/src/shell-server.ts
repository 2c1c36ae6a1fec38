/**
 * Runs `$(shell)` commands one at a time through one long-lived `/bin/sh`,
 * exactly as conf's popen runs them, without forking this (large) process
 * for each: spawnSync cost ~0.8 ms of our own CPU time a command, which a
 * tree with 20,000 commands turned into minutes.
 *
 * What a command sees is what popen gives it: `/bin/sh -c` with the
 * command's exact bytes, our environment and working directory, our standard
 * input and error output, and a pipe as its standard output. Of that pipe we
 * read what conf reads (up to 4096 bytes, or to its end when every writer has
 * closed it, background processes included), then we stop reading (closing
 * it, so a command that writes on gets SIGPIPE, as under conf) and wait for
 * the command to end before the next one starts.
 *
 * The pipe is a FIFO in a scratch folder and the server says on a second
 * FIFO when a command has started and when it has ended: reading a FIFO is
 * the one wait Node can do synchronously on another process. The server
 * opens the output FIFO read-write first, so that its own open never waits
 * for a reader (we may have died), and keeps only the write end.
 */
import { closeSync, constants, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childProcess } from './child-process.js';
import { SyncShell, type ShellResult, type ShellRunner } from './shell.js';

/** What conf's do_shell reads of a command's output at most. */
const CONF_READ = 4096;

export class SerialShell implements ShellRunner {
  private server: Server | null = null;
  /** No FIFO or no server could be had here: each command is spawned instead. */
  private unavailable = false;
  private readonly spawned: SyncShell;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd?: string,
  ) {
    this.spawned = new SyncShell(env, cwd);
  }

  run(command: string): ShellResult {
    const cmd = cString(command);
    if (!this.unavailable) this.server ??= startServer(this.env, this.cwd);
    const server = this.server;
    if (!server) {
      this.unavailable = true;
      return this.spawned.run(cmd);
    }
    server.send(commandMessage(cmd));
    if (server.line() !== 'o') {
      // The server ended before it started the command (it was killed, its
      // folder removed): a new one takes the next command, this one runs now.
      this.close();
      return this.spawned.run(cmd);
    }
    const { text, full } = server.output(CONF_READ);
    // After the command's status; a server that died meanwhile is replaced next time.
    const status = server.line();
    // A full read closed the pipe on the command: a process it left behind
    // may still hold it and write, into the next command's output were the
    // FIFO opened again; then the next command gets new FIFOs.
    if (status === null || (full && !server.reopenOutput())) this.close();
    return { stdout: text, stderr: '' };
  }

  /** Ends the server (it is waiting for the next command) and removes its FIFOs. */
  close(): void {
    this.server?.close();
    this.server = null;
  }
}

interface Server {
  /** Sends bytes (a latin1 string). */
  send(text: string): void;
  /** The next line the server says, or null once it has ended. */
  line(): string | null;
  /** The command's output up to `max` bytes (`full`: it reached max and the pipe is closed). */
  output(max: number): { text: string; full: boolean };
  /** After a full read: opens the output FIFO again if nothing holds its write end (whether it could). */
  reopenOutput(): boolean;
  close(): void;
}

/**
 * The server's script (see spawnServer): for each command it says `o` once
 * it has opened the output FIFO (we read it from then on) and the status
 * once the command has ended. fd 3 is our standard input, fd 4 our error
 * output, fd 5 the status FIFO.
 */
const SERVER_SCRIPT = `# A parent that was killed closed the status FIFO: writing to it must not
# end this shell before it removes its folder. A caught signal (not an
# ignored one) is reset to its default in the commands, as under conf.
trap 'V_lost=1' PIPE
V_run() {
  exec 7<>"$V_dir/out" 6>"$V_dir/out" 7<&-
  echo o >&5
  /bin/sh -c "$V_cmd" <&3 >&6 2>&4 3<&- 4>&- 5>&- 6>&-
  V_status=$?
  exec 6>&-
  echo "$V_status" >&5
}
V_dir=$1
V_nl='
'
while IFS= read -r V_lines; do
  IFS= read -r V_cmd
  while [ "$V_lines" -gt 1 ]; do IFS= read -r V_line; V_cmd=$V_cmd$V_nl$V_line; V_lines=$((V_lines - 1)); done
  V_run
done
# Our input ended: we closed it (and remove this folder too) or we were
# killed, which leaves nobody else to remove it.
/bin/rm -rf "$V_dir"
`;

/** conf's command is a C string: it ends at its first NUL byte. */
export function cString(cmd: string): string {
  const nul = cmd.indexOf('\0');
  return nul < 0 ? cmd : cmd.slice(0, nul);
}

/**
 * A command (a C string) for a server: its number of lines, then its lines
 * (the bytes as they are: \`read -r\` keeps every byte but NUL).
 */
export function commandMessage(cmd: string): string {
  let lines = 1;
  for (let i = cmd.indexOf('\n'); i >= 0; i = cmd.indexOf('\n', i + 1)) lines++;
  return `${lines}\n${cmd}\n`;
}

function startServer(env: NodeJS.ProcessEnv, cwd: string | undefined): Server | null {
  // Our standard input and error output are handed to each command: both must be open.
  try {
    fstatSync(0);
    fstatSync(2);
  } catch {
    return null;
  }
  const dir = scratchDir();
  const outPath = join(dir, 'out');
  if (!makeFifos([join(dir, 'status'), outPath])) {
    removeScratchDir(dir);
    return null;
  }
  const status = new StatusFifo(join(dir, 'status'), false);
  let outFd: number | null = openReader(outPath);
  const sh = spawnServer(SERVER_SCRIPT, dir, env, cwd, [0, 2, status.writer]);
  status.handedOver();
  const end = () => {
    // Closed at once (end() would wait for the event loop), and the server
    // waited for: it ends on reading the end of its input, and the status
    // FIFO ends with it.
    sh?.stdin!.destroy();
    if (sh) while (status.line(true) !== null);
    status.close();
    if (outFd !== null) closeSync(outFd);
    outFd = null;
    removeScratchDir(dir);
  };
  if (!sh) {
    end();
    return null;
  }
  return {
    // A pipe write of a few bytes completes at once: the shell sees it while we wait synchronously.
    send: (text) => void sh.stdin!.write(Buffer.from(text, 'latin1')),
    line: () => status.line(true),
    output(max) {
      const buf = Buffer.alloc(max);
      let got = 0;
      while (got < max) {
        const n = readRetrying(outFd!, buf, got, max - got);
        if (n === 0) break;
        got += n;
      }
      const full = got === max;
      if (full) {
        closeSync(outFd!);
        outFd = null;
      }
      return { text: buf.toString('latin1', 0, got), full };
    },
    reopenOutput() {
      // A read that does not wait ends (0) only when no process holds a write end.
      const probe = openSync(outPath, constants.O_RDONLY | constants.O_NONBLOCK);
      let held = true;
      try {
        held = readSync(probe, Buffer.alloc(1), 0, 1, null) !== 0;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
      if (!held) outFd = openReader(outPath);
      closeSync(probe);
      return !held;
    },
    close: end,
  };
}

/**
 * Starts a server `script` (`$1`: `dir`; `V_` replaced by a prefix that no
 * variable of `env` has, so that the commands' environment is exactly
 * `env`), reading its commands from a pipe; `fds` become its fd 3 on.
 * Null when it cannot be started.
 */
export function spawnServer(script: string, dir: string, env: NodeJS.ProcessEnv, cwd: string | undefined, fds: number[]): import('node:child_process').ChildProcess | null {
  let sh: import('node:child_process').ChildProcess;
  try {
    sh = childProcess().spawn('/bin/sh', ['-c', script.replace(/\bV_/g, variablePrefix(env)), 'sh', dir], {
      env,
      cwd,
      stdio: ['pipe', 'ignore', 'ignore', ...fds],
    });
  } catch {
    return null;
  }
  sh.on('error', () => {});
  sh.stdin!.on('error', () => {});
  sh.unref();
  return sh.pid === undefined ? null : sh;
}

/** Makes FIFOs (Node has no call for it); whether it could. */
export function makeFifos(paths: string[]): boolean {
  const made = childProcess().spawnSync('mkfifo', ['-m', '600', ...paths], { env: { PATH: '/usr/bin:/bin' }, stdio: 'ignore' });
  return made.status === 0;
}

/** A blocking read end of a FIFO, opened without waiting for a writer (see StatusFifo). */
function openReader(path: string): number {
  const rw = openSync(path, 'r+');
  const fd = openSync(path, 'r');
  closeSync(rw);
  return fd;
}

function readRetrying(fd: number, buf: Buffer, at: number, len: number): number {
  for (;;) {
    try {
      return readSync(fd, buf, at, len, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EINTR') throw e;
    }
  }
}

/**
 * A FIFO on which a server reports, a line at a time, and which reads as
 * ended once the server and everything it started have ended. Its read
 * ends are opened without waiting for a writer (a read-write open of a FIFO
 * never waits, and a reader opened while it is open neither); the write end
 * is kept until the server has its own (handedOver), so that reading only
 * ends when the server does.
 */
export class StatusFifo {
  writer: number;
  private readonly reader: number;
  /** A second read end that never waits (when `polled`). */
  private readonly poller: number | null;
  private pending = '';
  /** The server and all it started have ended. */
  ended = false;
  private readonly buf = Buffer.alloc(256);

  constructor(path: string, polled: boolean) {
    this.writer = openSync(path, 'r+');
    this.reader = openSync(path, 'r');
    this.poller = polled ? openSync(path, constants.O_RDONLY | constants.O_NONBLOCK) : null;
  }

  handedOver(): void {
    closeSync(this.writer);
    this.writer = -1;
  }

  /** The next line; null when it has ended, or (unless `wait`) when none has come yet. */
  line(wait: boolean): string | null {
    for (;;) {
      const nl = this.pending.indexOf('\n');
      if (nl >= 0) {
        const l = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        return l;
      }
      if (this.ended) return null;
      let n: number;
      if (wait) n = readRetrying(this.reader, this.buf, 0, this.buf.length);
      else {
        try {
          n = readSync(this.poller!, this.buf, 0, this.buf.length, null);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN' || code === 'EINTR') return null;
          throw e;
        }
      }
      if (n === 0) this.ended = true;
      else this.pending += this.buf.toString('latin1', 0, n);
    }
  }

  close(): void {
    if (this.writer >= 0) closeSync(this.writer);
    closeSync(this.reader);
    if (this.poller !== null) closeSync(this.poller);
    this.writer = -1;
  }
}

/** A prefix for the server's variable names that no name in `env` starts with. */
export function variablePrefix(env: NodeJS.ProcessEnv): string {
  const names = Object.keys(env);
  for (let n = 0; ; n++) {
    const prefix = `ukconfig${n}_`;
    if (!names.some((k) => k.startsWith(prefix))) return prefix;
  }
}

/**
 * A folder for a server's files, within the run. On a disk file system
 * (ext4 mounted with discard, as /tmp is on the project's machines) creating
 * and removing ~180 files took ~50 ms of a ~0.5 s Linux run; in memory
 * (tmpfs) it is nearly free. A TMPDIR the user set is honoured.
 */
export function scratchDir(): string {
  let dir: string | null = null;
  if (!process.env.TMPDIR) {
    try {
      dir = mkdtempSync('/dev/shm/ukconfig-probes-');
    } catch {
      // No shared-memory file system here, or not ours to write.
    }
  }
  dir ??= mkdtempSync(join(tmpdir(), 'ukconfig-probes-'));
  // Removed when the process ends at the latest, whatever happened to the parse.
  if (!cleanupRegistered) process.once('exit', () => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  cleanupRegistered = true;
  scratchDirs.add(dir);
  return dir;
}

export function removeScratchDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  scratchDirs.delete(dir);
}

const scratchDirs = new Set<string>();
let cleanupRegistered = false;
