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
import { UsageError, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { loadAppTree } from '../app-tree.js';
import { collectCompileCommands } from '../compile-commands.js';
import { writeIfChanged } from '../files.js';
import { Interruptions, runMake } from '../make-runner.js';
import { buildMatrix } from '../matrix.js';
import { chooseJobs, prepareBuild, writeImageFiles, type PreparedBuild } from '../prepare.js';
import { Problems } from '../problems.js';
import { prepareThirdParty } from '../third-party.js';

interface BuildArgs {
  /** -j N, or null: make's jobserver when run under make, else one job per core (distcc: its hosts' slots). */
  jobs: number | null;
  vars: Record<string, string>;
  /** --cc-launcher (or UK_CC_LAUNCHER=...), when given. */
  launcher: string | undefined;
  /** --matrix: the defconfigs and folders given. */
  matrix: string[] | null;
}

export const command: Command = {
  summary: 'build one image per enabled platform into build/ (V=1: full command lines)',
  globals: ['dir', 'config'],
  options: [
    { name: '-j', aliases: ['--jobs'], value: 'N', help: 'N jobs for each image (default: the number of CPUs, the slots of distcc\'s hosts, or the job slots of the make it runs under)' },
    { name: '--cc-launcher', value: 'CMD', complete: ['ccache', 'distcc', 'icecc'], help: 'put CMD in front of every compile (ccache, distcc, icecc; default $UK_CC_LAUNCHER, else CONFIG_UK_CC_LAUNCHER)' },
    { name: '--matrix', help: 'build each defconfig given (DEFCONFIG or DIR operands; default defconfigs/) in build/matrix/<name>/, under one jobserver' },
  ],
  operands: { text: '[V=1] [NAME=VALUE ...] [DEFCONFIG|DIR ... with --matrix]', min: 0, max: Infinity, complete: ['V=1', 'CROSS_COMPILE=', 'CC=', 'CFLAGS='] },
  help:
    'NAME=VALUE goes to make (CROSS_COMPILE=, CC=, extra CFLAGS=). With --json, make\'s\n' +
    'lines go to standard error and a report of the images to standard output.\n' +
    'With --matrix, DIR is an application folder (its defconfigs/) or a folder of defconfigs;\n' +
    'the configuration file is not read or written.\n' +
    'Exit status: 0 every image built; 1 bad input (nothing was compiled) or a failed compile\n' +
    'or link (--matrix: a configuration failed); 2 usage; 130 interrupted (Ctrl-C).',
  run: build,
};

function parseArgs(args: CommandArgs): BuildArgs {
  const out: BuildArgs = { jobs: null, vars: {}, launcher: undefined, matrix: args.options.has('--matrix') ? [] : null };
  const jobs = args.options.get('-j');
  if (jobs !== undefined) {
    if (!/^[1-9]\d*$/.test(String(jobs))) throw new UsageError('-j needs a number of jobs');
    out.jobs = Number(jobs);
  }
  for (const a of args.operands) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) out.vars[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    else if (out.matrix) out.matrix.push(a);
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  // UK_CC_LAUNCHER=CMD among make's words is the same request as --cc-launcher: it is checked, and kept out of compile_commands.json.
  if (out.vars.UK_CC_LAUNCHER !== undefined) {
    out.launcher = out.vars.UK_CC_LAUNCHER;
    delete out.vars.UK_CC_LAUNCHER;
  }
  const option = args.options.get('--cc-launcher');
  if (option !== undefined) out.launcher = String(option);
  return out;
}

/** The generated files, then compile_commands.json when a Makefile changed. */
async function writeGenerated(prepared: PreparedBuild, vars: Record<string, string>): Promise<void> {
  const makefilesChanged = writeImageFiles(prepared);
  const ccFile = join(prepared.buildRoot, 'compile_commands.json');
  if (!makefilesChanged && existsSync(ccFile)) return;
  let commands;
  try {
    commands = await collectCompileCommands(prepared.images, vars);
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
  if (opts.matrix) return buildMatrix({ jobs: opts.jobs, vars: opts.vars, launcher: opts.launcher, operands: opts.matrix }, ws);
  const started = performance.now();
  // With --json, standard output is the report's: make's lines go to standard error.
  const out = ws.json ? process.stderr : process.stdout;
  const nothingBuilt = (problems: string[]) => {
    for (const m of problems) process.stderr.write(m + '\n');
    process.stderr.write('ukconfig build: nothing was built\n');
    if (ws.json) process.stdout.write(JSON.stringify({ images: [], problems }, null, 2) + '\n');
    return 1;
  };
  let prepared: PreparedBuild;
  try {
    const { app, kc } = await loadAppTree(ws);
    prepared = prepareBuild(kc, { app, configFile: ws.configFile, buildRoot: join(app, 'build'), launcherOption: opts.launcher, vars: opts.vars, env: process.env });
    for (const w of prepared.warnings) process.stderr.write(w + '\n');
    await prepareThirdParty(prepared.images, { jobs: opts.jobs ?? availableParallelism(), vars: opts.vars, env: process.env, say: (l) => process.stdout.write(l + '\n') });
  } catch (e) {
    if (e instanceof Problems) return nothingBuilt(e.messages);
    throw e;
  }
  const images = prepared.images;

  try {
    await writeGenerated(prepared, opts.vars);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!err.code || !err.path) throw e;
    return nothingBuilt([`ukconfig build: cannot write ${err.path}: ${err.code}`]);
  }

  const tagged = images.length > 1;
  const say = (id: string, text: string) => out.write(`${tagged ? `[${id}] ` : ''}${text}\n`);
  const ids = images.map((i) => `${i.plan.id} (${i.plan.libraries.length} libraries)`);
  const jobs = await chooseJobs(opts.jobs, [prepared], process.env);
  const via = prepared.launcher.words.length ? ` through ${prepared.launcher.words.join(' ')}` : '';
  out.write(`ukconfig build: ${ids.join(', ')} ${jobs === null ? 'with the job slots of the make it runs under' : `with ${jobs} jobs each`}${via}\n`);
  const interruptions = new Interruptions();
  let reports: ImageReport[];
  try {
    reports = await Promise.all(
      images.map(async (i): Promise<ImageReport> => {
        const r = await runMake(i.makefile, { jobs, vars: opts.vars, cwd: i.plan.buildDir, onLine: (l) => say(i.plan.id, l), interruptions });
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
