/**
 * The fuzzer's driver: generates cases (cases.ts), runs each through our
 * engine in a worker process with a time limit and a memory limit, and the
 * real Linux 6.1 conf on an identical copy. A case passes when ours ends in
 * a result or a file:line error (never an escaped exception, a hang or
 * unbounded memory) and, in conf mode, with conf's exit status and .config
 * wherever conf itself neither crashes nor hangs; the deliberate
 * differences of docs/configuring.md are counted apart.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { makeCase, type Corpus, type FuzzCase } from './cases.js';
import { runProcess } from '../conformance/run-process.js';
import { makeScratchDir } from '../conformance/scratch-space.js';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** The case numbers to run instead of 0 .. count - 1 (cases a long run found). */
  indices?: number[];
  /** Worker processes (and conf runs) at once. */
  jobs: number;
  corpus: Corpus;
  /** The real conf, or null to check our runs only. */
  conf: string | null;
  /** Called after each case. */
  progress?: (done: number, summary: FuzzSummary) => void;
}

export interface Finding {
  id: string;
  description: string;
  what: string;
  /** Where the case's files are kept. */
  dir: string;
}

export interface FuzzSummary {
  cases: number;
  passed: number;
  crashes: Finding[];
  hangs: Finding[];
  memory: Finding[];
  /** Exit status or .config differ from conf's, outside the documented differences. */
  differences: Finding[];
  /** Loaded from the tree cache, a case gave something else than parsed. */
  cacheMismatches: Finding[];
  /** Commands started ahead of the parse that it never asked for (probes.ts broke its rule). */
  unusedProbes: Finding[];
  /** Differences docs/configuring.md lists as deliberate (conf misbehaves there), by kind. */
  documented: Record<string, number>;
  /** Cases compared with conf, and those where conf crashed or hung (not compared). */
  compared: number;
  confCrashed: number;
  confHung: number;
  ms: number;
  /** Time per kind of case (ms), and the slowest cases. */
  kinds: Record<string, { cases: number; ms: number }>;
  slowest: { id: string; ms: number }[];
}

/**
 * Per case, ours (in a worker) hangs past this much CPU time of its own (a
 * loop), or when neither it nor its commands use CPU time for
 * IDLE_LIMIT_MS (waiting forever), or past WALL_LIMIT_MS in all. CPU time
 * rather than wall time, so that a busy machine or a low priority (the long
 * run is meant for `nice`) does not turn a slow case into a hang. The
 * limit leaves out the CPU time of the tree's `$(shell)` commands: conf
 * runs the same ones and pays the same (seed 8's 29728 runs 80,000 that
 * each read a file the one before grew: two minutes of CPU in conf's
 * commands too, and little in ours).
 */
const CPU_LIMIT_MS = 30_000;
const IDLE_LIMIT_MS = 30_000;
const WALL_LIMIT_MS = 600_000;
/** conf never needs long for a case it finishes; past this it hangs. */
const CONF_TIMEOUT_MS = 10_000;
/** A worker's V8 heap limit, and the resident size at which it is stopped. */
const HEAP_MB = 1536;
const RSS_LIMIT_KB = 2_500_000;

/** conf misbehaves on these inputs; ours refuses them (docs/configuring.md). */
const DOCUMENTED: [string, RegExp][] = [
  ['memory exhausted (conf goes on with a truncated tree)', /:\d+: memory exhausted\n/],
  ['more than 1,000 operators in a statement', /: expression too complex \(more than 1000 operators\)\n/],
  ['a file larger than 64 MiB', /can't read file .*: larger than 64 MiB\n/],
  ['a macro expansion larger than 128 MiB', /:\d+: macro expansion larger than 128 MiB\n/],
];

/** The harmless programs a fuzzed $(shell) may run (nothing that deletes, sleeps or reads standard input forever). */
const PROGRAMS = ['echo', 'printf', 'true', 'false', 'test', 'expr', 'tr', 'wc', 'uname', 'basename', 'dirname'];

interface Job {
  dir: string;
  args: string[];
  env: Record<string, string>;
  stdin: string;
  extensions: boolean;
  twice: boolean;
  ahead: boolean;
  /** The case's files, to put back between the two runs of `twice`. */
  files: Record<string, string>;
}

interface Reply {
  code?: number;
  stdout?: string;
  stderr?: string;
  config?: string | null;
  crash?: string;
  cacheMismatch?: string | null;
  /** Commands started ahead that the parse never asked for. */
  unused?: string[];
}

/** A worker process, restarted after a hang, a memory blow-up or a crash of its own. */
class FuzzWorker {
  private child: ChildProcess | null = null;
  private childErr = '';

  private start(): ChildProcess {
    const child = fork(join(import.meta.dirname, 'worker.mjs'), [], {
      execArgv: [`--max-old-space-size=${HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.childErr = '';
    child.stderr!.on('data', (b: Buffer) => {
      if (this.childErr.length < 20_000) this.childErr += b.toString('latin1');
    });
    this.child = child;
    return child;
  }

  run(job: Job): Promise<{ reply: Reply } | { failure: 'hang' | 'memory' | 'crash'; detail: string }> {
    const child = this.child && this.child.connected ? this.child : this.start();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: { reply: Reply } | { failure: 'hang' | 'memory' | 'crash'; detail: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watch);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if ('failure' in r) this.stop();
        resolve(r);
      };
      const onMessage = (reply: Reply) => finish({ reply });
      const onExit = (code: number | null, signal: string | null) => {
        const oom = /heap out of memory|Allocation failed/.test(this.childErr);
        finish({ failure: oom ? 'memory' : 'crash', detail: `worker ended (${signal ?? code}): ${this.childErr.slice(-2000)}` });
      };
      const timer = setTimeout(() => finish({ failure: 'hang', detail: `no result within ${WALL_LIMIT_MS / 1000} s` }), WALL_LIMIT_MS);
      const ownAtStart = cpuMs(child.pid!).own;
      let cpuSeen = cpuMs(child.pid!).all;
      let cpuSeenAt = Date.now();
      const watch = setInterval(() => {
        const rss = residentKb(child.pid!);
        if (rss > RSS_LIMIT_KB) finish({ failure: 'memory', detail: `resident size ${Math.round(rss / 1024)} MB` });
        const { own, all: cpu } = cpuMs(child.pid!);
        if (own - ownAtStart > CPU_LIMIT_MS) finish({ failure: 'hang', detail: `more than ${CPU_LIMIT_MS / 1000} s of CPU time` });
        if (cpu !== cpuSeen) {
          cpuSeen = cpu;
          cpuSeenAt = Date.now();
        } else if (Date.now() - cpuSeenAt > IDLE_LIMIT_MS) finish({ failure: 'hang', detail: `waiting, without using CPU time, for ${IDLE_LIMIT_MS / 1000} s` });
      }, 200);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(job);
    });
  }

  stop(): void {
    if (this.child) {
      this.child.removeAllListeners();
      this.child.kill('SIGKILL');
    }
    this.child = null;
  }
}

/** CPU time (user + system) of a process and of the children it waited for, in ms. */
/** A process's CPU time in ms: its own, and with that of its ended (waited for) children. */
export function cpuMs(pid: number): { own: number; all: number } {
  try {
    // Fields after the command name (which may hold spaces), from the state on:
    // utime, stime, cutime, cstime are the 12th to 15th, in clock ticks (100 a second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = (Number(f[11]) + Number(f[12])) * 10;
    return { own, all: own + (Number(f[13]) + Number(f[14])) * 10 };
  } catch {
    return { own: 0, all: 0 };
  }
}

function residentKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function writeCase(dir: string, c: FuzzCase): void {
  for (const [path, text] of Object.entries(c.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, Buffer.from(text, 'latin1'));
  }
}

/** A folder of links to the harmless programs: the PATH of every run. */
function programsDir(root: string): string {
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const name of PROGRAMS) {
    for (const d of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
      if (existsSync(join(d, name))) {
        symlinkSync(join(d, name), join(bin, name));
        break;
      }
    }
  }
  return bin;
}

const STACK_TRACE = /\n\s+at .+:\d+:\d+|(?:TypeError|RangeError|ReferenceError)[:\s]/;

export async function runFuzz(opts: FuzzOptions): Promise<FuzzSummary & { root: string }> {
  const started = performance.now();
  const root = makeScratchDir('ukconfig-fuzz-');
  const bin = programsDir(root);
  const summary: FuzzSummary = {
    cases: 0,
    passed: 0,
    crashes: [],
    hangs: [],
    memory: [],
    differences: [],
    cacheMismatches: [],
    unusedProbes: [],
    documented: {},
    compared: 0,
    confCrashed: 0,
    confHung: 0,
    ms: 0,
    kinds: {},
    slowest: [],
  };
  const workers = Array.from({ length: opts.jobs }, () => new FuzzWorker());
  let next = 0;

  const runCase = async (worker: FuzzWorker, index: number) => {
    const caseStarted = performance.now();
    const c = makeCase(opts.seed, index, opts.corpus);
    const dir = join(root, c.id);
    const env: Record<string, string> = { PATH: bin, HOME: dir, LC_ALL: 'C', UKCONFIG_CACHE: '0', ...c.env };
    const oursDir = join(dir, 'ours');
    writeCase(oursDir, c);
    const oursEnv = c.twice ? { ...env, UKCONFIG_CACHE: '1', UKCONFIG_CACHE_MIN_MS: '0', UKCONFIG_CACHE_DIR: join(oursDir, '.cache') } : env;
    const compare = opts.conf !== null && !c.extensions;
    const confDir = join(dir, 'conf');
    if (compare) writeCase(confDir, c);
    const [ours, conf] = await Promise.all([
      worker.run({ dir: oursDir, args: c.args, env: oursEnv, stdin: c.stdin, extensions: c.extensions, twice: c.twice, ahead: c.ahead, files: c.twice ? c.files : {} }),
      compare ? runProcess({ argv: [opts.conf!, ...c.args], cwd: confDir, env, stdin: c.stdin, timeoutMs: CONF_TIMEOUT_MS }) : null,
    ]);
    const finding = (what: string): Finding => ({ id: c.id, description: c.description, what, dir });
    let failed = true;
    if ('failure' in ours) {
      const list = ours.failure === 'hang' ? summary.hangs : ours.failure === 'memory' ? summary.memory : summary.crashes;
      list.push(finding(ours.detail));
    } else if (ours.reply.crash !== undefined) {
      summary.crashes.push(finding(ours.reply.crash));
    } else if (STACK_TRACE.test(ours.reply.stderr ?? '')) {
      summary.crashes.push(finding(`a stack trace on stderr: ${ours.reply.stderr!.slice(0, 1000)}`));
    } else if (ours.reply.unused) {
      summary.unusedProbes.push(finding(`commands run ahead that the parse never asked for: ${JSON.stringify(ours.reply.unused).slice(0, 1000)}`));
    } else if (ours.reply.cacheMismatch) {
      summary.cacheMismatches.push(finding(ours.reply.cacheMismatch));
    } else {
      failed = false;
      if (conf?.timedOut) summary.confHung++;
      else if (conf && (conf.signal || conf.code === null || conf.code > 1)) summary.confCrashed++;
      else if (conf) {
        summary.compared++;
        const confConfig = existsSync(join(confDir, '.config')) ? readFileSync(join(confDir, '.config'), 'latin1') : null;
        if (conf.code !== ours.reply.code || confConfig !== ours.reply.config) {
          const documented = DOCUMENTED.find(([, re]) => re.test(ours.reply.stderr ?? ''));
          if (documented) summary.documented[documented[0]] = (summary.documented[documented[0]] ?? 0) + 1;
          else {
            failed = true;
            summary.differences.push(
              finding(`conf: exit ${conf.code}, stderr ${JSON.stringify(conf.stderr.toString('latin1').slice(0, 300))}; ours: exit ${ours.reply.code}, stderr ${JSON.stringify((ours.reply.stderr ?? '').slice(0, 300))}${confConfig === ours.reply.config ? '' : '; .config differs'}`),
            );
          }
        }
      }
    }
    summary.cases++;
    const ms = performance.now() - caseStarted;
    const kind = (summary.kinds[c.id.replace(/^fuzz-\d+-\d+-/, '')] ??= { cases: 0, ms: 0 });
    kind.cases++;
    kind.ms += ms;
    summary.slowest.push({ id: c.id, ms });
    summary.slowest.sort((a, b) => b.ms - a.ms).splice(5);
    if (!failed) {
      summary.passed++;
      rmSync(dir, { recursive: true, force: true });
    }
    opts.progress?.(summary.cases, summary);
  };

  await Promise.all(
    workers.map(async (w) => {
      const indices = opts.indices;
      while (next < (indices ? indices.length : opts.count)) {
        const i = next++;
        await runCase(w, indices ? indices[i] : i);
      }
      w.stop();
    }),
  );
  summary.ms = performance.now() - started;
  if (summary.passed === summary.cases) rmSync(root, { recursive: true, force: true });
  return { ...summary, root };
}

/** A short report of a run. */
export function describeFuzz(s: FuzzSummary & { root: string }, seed: number): string {
  const lines = [
    `kconfig fuzz: ${s.cases} cases (seed ${seed}) in ${(s.ms / 1000).toFixed(0)} s: ${s.passed} passed; ` +
      `${s.crashes.length} crashes, ${s.hangs.length} hangs, ${s.memory.length} memory blow-ups, ` +
      `${s.differences.length} differences from conf, ${s.cacheMismatches.length} cache mismatches, ${s.unusedProbes.length} commands run ahead unasked`,
    `  compared with conf: ${s.compared} (conf crashed on ${s.confCrashed}, hung on ${s.confHung}: not compared)`,
  ];
  for (const [kind, n] of Object.entries(s.documented)) lines.push(`  documented difference, ${kind}: ${n}`);
  lines.push(`  cases by kind: ${Object.entries(s.kinds).map(([k, v]) => `${k} ${v.cases} (${(v.ms / v.cases).toFixed(0)} ms each)`).join(', ')}`);
  lines.push(`  slowest: ${s.slowest.map((c) => `${c.id} ${(c.ms / 1000).toFixed(1)} s`).join(', ')}`);
  for (const [title, list] of [
    ['crash', s.crashes],
    ['hang', s.hangs],
    ['memory', s.memory],
    ['difference', s.differences],
    ['cache mismatch', s.cacheMismatches],
    ['run ahead unasked', s.unusedProbes],
  ] as const) {
    for (const f of list.slice(0, 20)) lines.push(`  ${title}: ${f.id} (${f.description.slice(0, 200)})\n    ${f.what.slice(0, 1500)}\n    files: ${f.dir}`);
  }
  return lines.join('\n');
}
