/**
 * Running a tree's $(shell) probes in parallel before the real parse.
 *
 * The probes of real trees (toolchain checks) are independent, but the
 * reference tool runs them one after another, which is most of its time.
 * Here a speculative parse discovers the commands and starts each at once;
 * a second speculative round catches commands whose text depends on earlier
 * results; the real parse then replays the results in order (running any
 * command still unknown on the spot), so output and values are unchanged.
 */
import { childProcess } from './child-process.js';
import { availableParallelism } from 'node:os';
import { Kconfig, type KconfigOptions } from './kconfig.js';
import { Parser } from './parser.js';
import type { ShellResult, ShellRunner } from './shell.js';
import { openCachedTree } from './tree-cache.js';
import { ProbeBatch } from './probe-batch.js';

const SILENT = { stdout: () => {}, stderr: () => {} };

class Launcher implements ShellRunner {
  readonly pending: Promise<void>[] = [];
  private running = 0;
  private queue: string[] = [];
  private readonly limit = Math.max(4, availableParallelism() * 4);

  constructor(
    private readonly results: Map<string, ShellResult>,
    private readonly started: Set<string>,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string | undefined,
  ) {}

  run(cmd: string): ShellResult {
    const known = this.results.get(cmd);
    if (known) return known;
    if (!this.started.has(cmd)) {
      this.started.add(cmd);
      this.queue.push(cmd);
      this.pump();
    }
    return { stdout: '', stderr: '' };
  }

  private pump(): void {
    while (this.running < this.limit && this.queue.length) {
      const cmd = this.queue.shift()!;
      this.running++;
      this.pending.push(
        collect(cmd, this.env, this.cwd).then((r) => {
          this.results.set(cmd, r);
          this.running--;
          this.pump();
        }),
      );
    }
  }

  async settle(): Promise<void> {
    for (let i = 0; i < this.pending.length; i++) await this.pending[i];
  }
}

function collect(cmd: string, env: NodeJS.ProcessEnv, cwd: string | undefined): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = childProcess().spawn('/bin/sh', ['-c', cmd], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', () => resolve({ stdout: '', stderr: '' }));
    child.on('close', () =>
      resolve({ stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1') }),
    );
  });
}

/**
 * Runs the probes `rootFile` will ask for; returns their results keyed by
 * command, for a PrefetchedShell.
 */
export async function prefetchProbes(
  rootFile: string,
  opts: Pick<KconfigOptions, 'env' | 'extensions' | 'cwd'>,
  rounds = 2,
): Promise<Map<string, ShellResult>> {
  const results = new Map<string, ShellResult>();
  const started = new Set<string>();
  const env = (opts.env ?? process.env) as NodeJS.ProcessEnv;
  // A cached tree knows its probes: run those at once, no speculative parse needed.
  const cached = openCachedTree(new Kconfig({ ...opts, output: SILENT }), rootFile);
  if (cached) return new ProbeBatch(cached.commands, env, opts.cwd).done;
  for (let round = 0; round < rounds; round++) {
    const launcher = new Launcher(results, started, env, opts.cwd);
    const kc = new Kconfig({ ...opts, shell: launcher, output: SILENT });
    try {
      new Parser(kc).parse(rootFile);
    } catch {
      // A speculative parse may fail on placeholder values; what it found still helps.
    }
    if (launcher.pending.length === 0) break;
    await launcher.settle();
  }
  return results;
}
