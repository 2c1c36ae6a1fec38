// Runs ConfCases against both tools. Each case gets <root>/<id>/ with
//   input/  the starting directory (base case's conf result + prepare())
//   conf/   a copy of input/ after the real conf ran in it
//   ours/   a copy of input/ after our conf ran in it
//   repro.sh, conf.stdout, ours.stderr, …  (only kept when the case fails)
// Passing cases are deleted as soon as nothing depends on them.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseCommandLine, type ConfCase } from './conf-case.js';
import { compareOutcomes, type Outcome } from './compare-outcomes.js';
import { snapshotDir } from './dir-snapshot.js';
import { confCommand, oursCommand, toolEnv, type OracleManifest } from './oracle.js';
import { Slots } from './process-slots.js';
import { makeScratchDir } from './scratch-space.js';
import { runProcess, type ProcessResult } from './run-process.js';

export interface CaseReport {
  id: string;
  problems: string[];
  artifacts: string;
  confMs: number;
  oursMs: number;
}

const RUN_TIMEOUT_MS = Number(process.env.UKCONFIG_CONF_TIMEOUT_MS) || 60_000;
/** Failing cases whose directories are kept (they may live in RAM on /dev/shm). */
const MAX_KEPT_FAILURES = Number(process.env.UKCONFIG_KEEP_FAILURES) || 25;

interface CaseState {
  /** Resolves once the real conf has run; its conf/ dir may be used as a base. */
  confRun?: Promise<ProcessResult>;
  dependentsLeft: number;
  finished: boolean;
  /** Failing case whose directory stays for inspection. */
  keep: boolean;
}

export class CaseRunner {
  readonly root: string;
  private readonly states = new Map<ConfCase, CaseState>();
  private readonly ours = oursCommand();
  private keptFailures = 0;

  constructor(
    private readonly manifest: OracleManifest,
    private readonly slots: Slots,
    allCases: readonly ConfCase[],
  ) {
    this.root = makeScratchDir('ukconfig-conformance-');
    const ids = new Set<string>();
    for (const c of allCases) {
      if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
      ids.add(c.id);
      this.state(c);
      if (c.base) this.state(c.base).dependentsLeft++;
    }
  }

  oursCommandLine(): string {
    return this.ours.join(' ');
  }

  private state(c: ConfCase): CaseState {
    let s = this.states.get(c);
    if (!s) {
      s = { dependentsLeft: 0, finished: false, keep: false };
      this.states.set(c, s);
    }
    return s;
  }

  private caseDir(c: ConfCase): string {
    return join(this.root, c.id.replace(/[^A-Za-z0-9._+-]+/g, '_'));
  }

  /** Builds <case>/input once: copy of the base case's conf result, then prepare(). */
  private async prepareInput(c: ConfCase): Promise<string> {
    const input = join(this.caseDir(c), 'input');
    mkdirSync(input, { recursive: true });
    if (c.base) {
      await this.runConf(c.base);
      cpSync(join(this.caseDir(c.base), 'conf'), input, { recursive: true, verbatimSymlinks: true });
      const bs = this.state(c.base);
      bs.dependentsLeft--;
      this.maybeCleanup(c.base);
    }
    c.prepare?.(input, { manifest: this.manifest, arch: c.arch, linux: this.manifest.linux });
    return input;
  }

  private runTool(c: ConfCase, tool: 'conf' | 'ours', input: string): Promise<ProcessResult> {
    const work = join(this.caseDir(c), tool);
    rmSync(work, { recursive: true, force: true });
    cpSync(input, work, { recursive: true, verbatimSymlinks: true });
    const argv = [...(tool === 'conf' ? confCommand(this.manifest) : this.ours), ...c.args];
    return this.slots.use(() =>
      runProcess({ argv, cwd: work, env: toolEnv(this.manifest, c.arch, c.env), stdin: c.stdin, timeoutMs: RUN_TIMEOUT_MS }),
    );
  }

  /** Runs the real conf for a case (memoized: dependents reuse its result dir). */
  runConf(c: ConfCase): Promise<ProcessResult> {
    const s = this.state(c);
    s.confRun ??= this.prepareInput(c).then((input) => this.runTool(c, 'conf', input));
    return s.confRun;
  }

  async compare(c: ConfCase): Promise<CaseReport> {
    const dir = this.caseDir(c);
    const confProc = await this.runConf(c);
    const oursProc = await this.runTool(c, 'ours', join(dir, 'input'));
    const conf: Outcome = { proc: confProc, files: snapshotDir(join(dir, 'conf')) };
    const ours: Outcome = { proc: oursProc, files: snapshotDir(join(dir, 'ours')) };
    const problems = compareOutcomes(conf, ours);
    const s = this.state(c);
    s.finished = true;
    let artifacts = dir;
    if (problems.length > 0) {
      s.keep = this.keptFailures++ < MAX_KEPT_FAILURES;
      if (s.keep) this.keepEvidence(c, conf.proc, ours.proc);
      else artifacts = `(not kept: more than ${MAX_KEPT_FAILURES} failing cases; raise UKCONFIG_KEEP_FAILURES)`;
    }
    this.maybeCleanup(c);
    return { id: c.id, problems, artifacts, confMs: confProc.ms, oursMs: oursProc.ms };
  }

  private keepEvidence(c: ConfCase, conf: ProcessResult, ours: ProcessResult): void {
    const dir = this.caseDir(c);
    for (const [tool, p] of [['conf', conf], ['ours', ours]] as const) {
      writeFileSync(join(dir, `${tool}.stdout`), p.stdout);
      writeFileSync(join(dir, `${tool}.stderr`), p.stderr);
      writeFileSync(join(dir, `${tool}.status`), `${p.timedOut ? 'timeout' : p.signal ? p.signal : p.code}\n`);
    }
    if (c.stdin !== undefined) writeFileSync(join(dir, 'stdin'), c.stdin);
    const env = { ...toolEnv(this.manifest, c.arch, c.env) };
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const envLine = Object.entries(env).map(([k, v]) => `${k}=${q(v)}`).join(' \\\n  ');
    const run = (tool: string, argv: string[]) =>
      `rm -rf ${tool}.rerun && cp -a input ${tool}.rerun && (cd ${tool}.rerun && env -i \\\n  ${envLine} \\\n  ${argv.map(q).join(' ')} ${c.args.map(q).join(' ')}${c.stdin !== undefined ? ' <../stdin' : ''} >../${tool}.rerun.stdout 2>../${tool}.rerun.stderr; echo "${tool}: exit $?")\n`;
    writeFileSync(
      join(dir, 'repro.sh'),
      `#!/bin/sh\n# ${caseCommandLine(c)}\n# Reruns both tools from input/ into conf.rerun/ and ours.rerun/.\ncd "$(dirname "$0")"\n` +
        run('conf', confCommand(this.manifest)) +
        run('ours', this.ours) +
        'diff -r conf.rerun ours.rerun && cmp conf.rerun.stdout ours.rerun.stdout && cmp conf.rerun.stderr ours.rerun.stderr && echo identical\n',
      { mode: 0o755 },
    );
  }

  private maybeCleanup(c: ConfCase): void {
    const s = this.state(c);
    if (s.finished && !s.keep && s.dependentsLeft === 0) rmSync(this.caseDir(c), { recursive: true, force: true });
  }

  /** Removes the artifacts root when every case passed; returns whether it was kept. */
  finish(): boolean {
    const kept = [...this.states.values()].some((s) => s.keep);
    if (!kept) rmSync(this.root, { recursive: true, force: true });
    return kept;
  }
}
