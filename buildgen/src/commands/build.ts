/**
 * `ukconfig build [V=1] [-j N] [NAME=VALUE ...]`: one image per enabled
 * platform, from the application folder's .config, in build/.
 *
 * Exit status: 0 all images built; 1 bad input (nothing was compiled) or
 * a failed compile or link; 2 usage error; 128 + the signal when
 * interrupted (130 for Ctrl-C).
 */
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { statSync, existsSync } from 'node:fs';
import { projectPaths, UsageError, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { loadAppTree } from '../app-tree.js';
import { collectCompileCommands } from '../compile-commands.js';
import { writeIfChanged } from '../files.js';
import { generate, type GeneratedImage } from '../generate.js';
import { renderMakefile } from '../makefile.js';
import { enclosingJobserver, Interruptions, runMake } from '../make-runner.js';
import { Problems } from '../problems.js';
import { prepareThirdParty } from '../third-party.js';
import { missingBuildTools } from '../tools.js';

interface BuildArgs {
  /** -j N, or null: make's jobserver when run under make, else one job per core. */
  jobs: number | null;
  vars: Record<string, string>;
}

export const command: Command = {
  summary: 'build one image per enabled platform into build/ (V=1: full command lines)',
  globals: ['dir', 'config'],
  options: [{ name: '-j', aliases: ['--jobs'], value: 'N', help: 'N jobs for each image (default: the number of CPUs, or the job slots of the make it runs under)' }],
  operands: { text: '[V=1] [NAME=VALUE ...]', min: 0, max: Infinity, complete: ['V=1', 'CROSS_COMPILE=', 'CC=', 'CFLAGS='] },
  help:
    'NAME=VALUE goes to make (CROSS_COMPILE=, CC=, extra CFLAGS=). With --json, make\'s\n' +
    'lines go to standard error and a report of the images to standard output.\n' +
    'Exit status: 0 every image built; 1 bad input (nothing was compiled) or a failed compile\n' +
    'or link; 2 usage; 130 interrupted (Ctrl-C).',
  run: build,
};

function parseArgs(args: CommandArgs): BuildArgs {
  const out: BuildArgs = { jobs: null, vars: {} };
  const jobs = args.options.get('-j');
  if (jobs !== undefined) {
    if (!/^[1-9]\d*$/.test(String(jobs))) throw new UsageError('-j needs a number of jobs');
    out.jobs = Number(jobs);
  }
  for (const a of args.operands) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) throw new UsageError(`unexpected argument '${a}'`);
    out.vars[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
  }
  return out;
}

/** config.h and the Makefile of each image, then compile_commands.json when a Makefile changed. */
async function writeGenerated(images: (GeneratedImage & { makefile: string })[], buildRoot: string, vars: Record<string, string>): Promise<void> {
  const rulesMk = projectPaths().rulesMk;
  let makefilesChanged = false;
  for (const i of images) {
    writeIfChanged(i.plan.configH, i.configHeader, 'latin1');
    writeIfChanged(join(i.plan.buildDir, 'include', 'uk', 'syscall_table.h'), i.syscallTable);
    if (writeIfChanged(i.makefile, renderMakefile(i.plan, rulesMk))) makefilesChanged = true;
  }
  const ccFile = join(buildRoot, 'compile_commands.json');
  if (!makefilesChanged && existsSync(ccFile)) return;
  let commands;
  try {
    commands = await collectCompileCommands(images, vars);
  } catch (e) {
    // make's own message about a broken Makefile comes again, in full, from the build that follows.
    process.stderr.write(`ukconfig build: warning: compile_commands.json not updated: ${(e as Error).message.split('\n')[0]}\n`);
    return;
  }
  writeIfChanged(ccFile, JSON.stringify(commands, null, 2) + '\n');
}

interface ImageReport {
  id: string;
  image: string;
  status: 'built' | 'up-to-date' | 'failed' | 'interrupted';
  /** Size of the image file, when built or up to date. */
  bytes: number | null;
  makeExitStatus: number;
}

async function build(args: CommandArgs, ws: Workspace): Promise<number> {
  const opts = parseArgs(args);
  const started = performance.now();
  // With --json, standard output is the report's: make's lines go to standard error.
  const out = ws.json ? process.stderr : process.stdout;
  const nothingBuilt = (problems: string[]) => {
    for (const m of problems) process.stderr.write(m + '\n');
    process.stderr.write('ukconfig build: nothing was built\n');
    if (ws.json) process.stdout.write(JSON.stringify({ images: [], problems }, null, 2) + '\n');
    return 1;
  };
  let images: (GeneratedImage & { makefile: string })[];
  let buildRoot: string;
  try {
    const { app, kc } = await loadAppTree(ws);
    buildRoot = join(app, 'build');
    const generation = generate(kc, { app, configFile: ws.configFile, buildRoot });
    for (const w of generation.warnings) process.stderr.write(w + '\n');
    const arches = [...new Set(generation.images.map((i) => i.plan.arch))];
    const missing = missingBuildTools(arches, opts.vars, process.env);
    if (missing.length) throw new Problems(missing);
    images = generation.images.map((i) => ({ ...i, makefile: join(i.plan.buildDir, 'Makefile') }));
    await prepareThirdParty(images, { jobs: opts.jobs ?? availableParallelism(), vars: opts.vars, env: process.env, say: (l) => process.stdout.write(l + '\n') });
  } catch (e) {
    if (e instanceof Problems) return nothingBuilt(e.messages);
    throw e;
  }

  try {
    await writeGenerated(images, buildRoot, opts.vars);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!err.code || !err.path) throw e;
    return nothingBuilt([`ukconfig build: cannot write ${err.path}: ${err.code}`]);
  }

  const tagged = images.length > 1;
  const say = (id: string, text: string) => out.write(`${tagged ? `[${id}] ` : ''}${text}\n`);
  const ids = images.map((i) => `${i.plan.id} (${i.plan.libraries.length} libraries)`);
  const jobs = opts.jobs ?? (enclosingJobserver(process.env) ? null : availableParallelism());
  out.write(`ukconfig build: ${ids.join(', ')} ${jobs === null ? 'with the job slots of the make it runs under' : `with ${jobs} jobs each`}\n`);
  const interruptions = new Interruptions();
  let reports: ImageReport[];
  try {
    reports = await Promise.all(
      images.map(async (i): Promise<ImageReport> => {
        const r = await runMake(i.makefile, { jobs: opts.jobs, vars: opts.vars, onLine: (l) => say(i.plan.id, l), interruptions });
        const shown = relative(process.cwd(), i.plan.image) || i.plan.image;
        const report: ImageReport = { id: i.plan.id, image: shown, status: 'built', bytes: null, makeExitStatus: r.exitCode };
        if (r.exitCode !== 0) {
          report.status = interruptions.received ? 'interrupted' : 'failed';
          say(i.plan.id, interruptions.received ? 'interrupted' : `FAILED (make exit status ${r.exitCode})`);
          return report;
        }
        report.bytes = statSync(i.plan.image).size;
        if (r.workLines === 0) {
          report.status = 'up-to-date';
          say(i.plan.id, `${shown} is up to date`);
        } else say(i.plan.id, `${shown}: ${report.bytes.toLocaleString('en-US')} bytes (with symbols: ${shown}.dbg)`);
        return report;
      }),
    );
  } finally {
    interruptions.dispose();
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  if (ws.json) process.stdout.write(JSON.stringify({ images: reports, seconds, interrupted: interruptions.received !== null }, null, 2) + '\n');
  if (interruptions.received) {
    process.stderr.write(`ukconfig build: interrupted (${interruptions.received}) after ${seconds.toFixed(2)} s\n`);
    return interruptions.exitStatus();
  }
  const failed = reports.filter((r) => r.status === 'failed').length;
  if (failed) {
    process.stderr.write(`ukconfig build: ${failed} of ${images.length} images failed (${seconds.toFixed(2)} s)\n`);
    return 1;
  }
  out.write(`ukconfig build: done in ${seconds.toFixed(2)} s\n`);
  return 0;
}
