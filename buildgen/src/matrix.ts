/**
 * `ukconfig build --matrix DEFCONFIG|DIR ...`: many configurations at once,
 * each in its own build folder (<app>/build/matrix/<defconfig>/), all under
 * ONE make jobserver: a top-level Makefile runs the image Makefiles as
 * sub-makes (`+$(MAKE)`), so -j N bounds every compile of every
 * configuration. The user's configuration file is neither read nor written:
 * each defconfig is read as `build --config DEFCONFIG` would read it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isAppDir, UsageError, Workspace } from '../../workspace/src/index.js';
import { loadAppTree } from './app-tree.js';
import { Interruptions, runMake } from './make-runner.js';
import { UNSAFE_PATH } from './makefile.js';
import { prepareThirdParty } from './third-party.js';
import { chooseJobs, LauncherMissing, prepareBuild, writeImageFiles, type PreparedBuild } from './prepare.js';
import { Problems } from './problems.js';

export interface MatrixOptions {
  jobs: number | null;
  vars: Record<string, string>;
  launcher: string | undefined;
  /** DEFCONFIG and DIR operands; empty: the application folder's defconfigs/. */
  operands: string[];
}

interface Configuration {
  /** As printed: the defconfig's name (with the application's when several are built). */
  name: string;
  app: string;
  defconfig: string;
  buildRoot: string;
  prepared: PreparedBuild | null;
  /** The first problem or error line; null while none. */
  error: string | null;
  images: { id: string; image: string; bytes: number | null; log: string; exitStatus: number | null }[];
}

const DONE = /^ukconfig-matrix-done (\d+) (\d+) (\d+)$/;

/** Every regular file of `dir`, sorted: a folder of defconfigs. */
function defconfigsIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(dir, e.name))
    .sort();
}

/** (application, defconfig) pairs of the operands, in the order given. */
function collect(operands: string[], ws: Workspace): { app: string; defconfig: string }[] {
  const out: { app: string; defconfig: string }[] = [];
  const words = operands.length ? operands : [ws.requireApp()];
  for (const word of words) {
    const path = resolve(ws.dir, word);
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new UsageError(`${word}: no such file or folder`, { usage: false });
    }
    if (st.isDirectory()) {
      // An application folder (its defconfigs/), or a defconfigs folder of one, or any folder of defconfigs for the current application.
      const app = isAppDir(path) ? path : isAppDir(dirname(path)) ? dirname(path) : ws.app;
      if (app === null) throw new UsageError(`${word}: not an application folder, nor a folder of defconfigs inside one (give -C APP)`, { usage: false });
      const folder = app === path ? join(path, 'defconfigs') : path;
      let files: string[];
      try {
        files = defconfigsIn(folder);
      } catch {
        throw new UsageError(`${app}: it has no defconfigs/ folder`, { usage: false });
      }
      if (files.length === 0) throw new UsageError(`${folder}: no defconfig in it`, { usage: false });
      for (const f of files) out.push({ app, defconfig: f });
    } else {
      const up = dirname(dirname(path));
      const app = ws.app ?? (basename(dirname(path)) === 'defconfigs' && isAppDir(up) ? up : null);
      if (app === null) throw new UsageError(`${word}: which application? Run in its folder or give -C APP`, { usage: false });
      out.push({ app, defconfig: path });
    }
  }
  return out;
}

function configurations(operands: string[], ws: Workspace): Configuration[] {
  const pairs = collect(operands, ws);
  const several = new Set(pairs.map((p) => p.app)).size > 1;
  const seen = new Map<string, string>();
  return pairs.map(({ app, defconfig }) => {
    const base = basename(defconfig);
    const folder = join(app, 'build', 'matrix', base);
    const earlier = seen.get(folder);
    if (earlier !== undefined && earlier !== defconfig) throw new UsageError(`${defconfig} and ${earlier} would share the build folder ${folder}`, { usage: false });
    seen.set(folder, defconfig);
    return { name: several ? `${basename(app)}/${base}` : base, app, defconfig, buildRoot: folder, prepared: null, error: null, images: [] };
  });
}

/**
 * The top-level Makefile: one phony goal per image, whose recipe runs the
 * image's make with the jobserver (`+`), its output in a log, and reports
 * the exit status on a line of its own.
 */
function topMakefile(configs: Configuration[]): string {
  const goals: string[] = [];
  const rules: string[] = [];
  configs.forEach((c, ci) =>
    c.prepared?.images.forEach((img, ii) => {
      const goal = `image-${ci}-${ii}`;
      goals.push(goal);
      rules.push(
        `${goal}:`,
        `\t+@$(MAKE) --no-print-directory -C ${img.plan.buildDir} -f ${img.makefile} > ${c.images[ii].log} 2>&1; echo "ukconfig-matrix-done ${ci} ${ii} $$?"`,
        '',
      );
    }),
  );
  return [`# Generated by ukconfig build --matrix.`, `.PHONY: all ${goals.join(' ')}`, `all: ${goals.join(' ')}`, '', ...rules].join('\n');
}

/** The first line of a failed image's log that says what went wrong. */
export function firstError(log: string): string {
  const lines = log.split('\n').filter((l) => l.trim() !== '');
  const hit =
    lines.find((l) => /\berror\b|undefined reference|multiple definition|No rule to make target/i.test(l) && !/^make(\[\d+\])?: \*\*\*.*Error \d+/.test(l)) ??
    lines.find((l) => /^make(\[\d+\])?: \*\*\*/.test(l));
  return hit ?? lines.at(-1) ?? 'make failed without a message';
}

function sizes(c: Configuration): string {
  return c.images.map((i) => `${i.id} ${i.bytes!.toLocaleString('en-US')} bytes`).join(', ');
}

export async function buildMatrix(opts: MatrixOptions, ws: Workspace): Promise<number> {
  const started = performance.now();
  const out = ws.json ? process.stderr : process.stdout;
  const configs = configurations(opts.operands, ws);

  // Plan every configuration first: a bad one fails alone, a missing launcher stops everything.
  const trees = new Map<string, Awaited<ReturnType<typeof loadAppTree>>['kc']>();
  for (const c of configs) {
    try {
      if (UNSAFE_PATH.test(c.defconfig)) throw new Problems([`${c.defconfig}: make cannot work with blanks or special characters in this path`]);
      let kc = trees.get(c.app);
      if (!kc) {
        kc = (await loadAppTree(new Workspace(ws.globals, ws.env, c.app))).kc;
        trees.set(c.app, kc);
      }
      c.prepared = prepareBuild(kc, { app: c.app, configFile: c.defconfig, buildRoot: c.buildRoot, launcherOption: opts.launcher, vars: opts.vars, env: process.env });
      // Third-party sources (fetched once into the cache, then shared by every configuration):
      // their upstream builds give the include folders and archives the Makefiles name.
      await prepareThirdParty(c.prepared.images, { jobs: opts.jobs ?? availableParallelism(), vars: opts.vars, env: process.env, say: (l) => process.stdout.write(l + '\n') });
      writeImageFiles(c.prepared);
      c.images = c.prepared.images.map((i) => ({
        id: i.plan.id,
        image: relative(ws.dir, i.plan.image) || i.plan.image,
        bytes: null,
        log: join(i.plan.buildDir, 'build.log'),
        exitStatus: null,
      }));
    } catch (e) {
      if (e instanceof LauncherMissing) {
        process.stderr.write(`${e.messages[0]}\nukconfig build: nothing was built\n`);
        return 1;
      }
      const err = e as NodeJS.ErrnoException;
      if (!(e instanceof Problems) && !(err.code && err.path)) throw e;
      c.prepared = null;
      c.error = e instanceof Problems ? (e.messages[0] ?? 'the configuration cannot be loaded (see above)') : `cannot write ${err.path}: ${err.code}`;
    }
  }
  // The manifests' warnings are the same for every configuration of an application: once each.
  for (const w of new Set(configs.flatMap((c) => c.prepared?.warnings ?? []))) process.stderr.write(w + '\n');

  const buildable = configs.filter((c) => c.prepared);
  const jobs = await chooseJobs(opts.jobs, buildable.map((c) => c.prepared!), process.env);
  out.write(
    `ukconfig build --matrix: ${configs.length} configurations, ${buildable.reduce((n, c) => n + c.images.length, 0)} images, ` +
      `${jobs === null ? 'with the job slots of the make it runs under' : `${jobs} jobs in all`}\n`,
  );
  const width = Math.max(...configs.map((c) => c.name.length));
  const report = (c: Configuration) =>
    out.write(c.error === null ? `ok      ${c.name.padEnd(width)}  ${sizes(c)}\n` : `FAILED  ${c.name.padEnd(width)}  ${c.error}\n`);
  for (const c of configs) if (c.error !== null) report(c);

  const interruptions = new Interruptions();
  let makeStatus = 0;
  const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-matrix-'));
  try {
    if (buildable.length) {
      const top = join(scratch, 'Makefile');
      writeFileSync(top, topMakefile(configs));
      const r = await runMake(top, {
        jobs,
        vars: opts.vars,
        interruptions,
        onLine: (line) => {
          const m = DONE.exec(line);
          if (!m) return void out.write(line + '\n');
          const c = configs[Number(m[1])];
          const img = c.images[Number(m[2])];
          img.exitStatus = Number(m[3]);
          if (img.exitStatus === 0) img.bytes = statSync(c.prepared!.images[Number(m[2])].plan.image).size;
          else if (c.error === null) c.error = `${img.id}: ${firstError(readFileSync(img.log, 'utf8'))}`;
          if (c.images.every((i) => i.exitStatus !== null)) report(c);
        },
      });
      makeStatus = r.exitCode;
    }
  } finally {
    interruptions.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
  // An image whose make never reported (interrupted) counts as failed.
  for (const c of buildable) {
    if (c.error === null && c.images.some((i) => i.exitStatus === null)) c.error = interruptions.received ? 'interrupted' : `make exit status ${makeStatus}`;
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  const failed = configs.filter((c) => c.error !== null);
  if (ws.json) {
    const json = {
      configurations: configs.map((c) => ({
        name: c.name,
        app: c.app,
        defconfig: c.defconfig,
        buildRoot: c.buildRoot,
        status: c.error === null ? 'ok' : 'failed',
        error: c.error,
        images: c.images.map((i) => ({ id: i.id, image: i.image, bytes: i.bytes, log: i.log, makeExitStatus: i.exitStatus })),
      })),
      ok: configs.length - failed.length,
      failed: failed.length,
      seconds,
      interrupted: interruptions.received !== null,
    };
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  }
  if (interruptions.received) {
    process.stderr.write(`ukconfig build: interrupted (${interruptions.received}) after ${seconds.toFixed(2)} s\n`);
    return interruptions.exitStatus();
  }
  const summary = `ukconfig build --matrix: ${configs.length - failed.length} of ${configs.length} configurations built, ${failed.length} failed (${seconds.toFixed(2)} s)\n`;
  (failed.length ? process.stderr : out).write(summary);
  return failed.length ? 1 : 0;
}
