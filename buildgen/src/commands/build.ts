/**
 * `ukconfig build [V=1] [-j N] [NAME=VALUE ...]`: one image per enabled
 * platform, from the application folder's .config, in build/.
 *
 * Exit status: 0 all images built; 1 bad input (nothing was compiled) or
 * a failed compile or link; 2 usage error.
 */
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { statSync, existsSync } from 'node:fs';
import { projectPaths, UsageError, type Command, type Workspace } from '../../../workspace/src/index.js';
import { loadAppTree } from '../app-tree.js';
import { collectCompileCommands } from '../compile-commands.js';
import { writeIfChanged } from '../files.js';
import { generate, type GeneratedImage } from '../generate.js';
import { renderMakefile } from '../makefile.js';
import { runMake } from '../make-runner.js';
import { Problems } from '../problems.js';
import { prepareThirdParty } from '../third-party.js';
import { missingBuildTools } from '../tools.js';

interface BuildArgs {
  jobs: number;
  vars: Record<string, string>;
}

export const command: Command = {
  summary: 'build one image per enabled platform into build/ (V=1: full command lines)',
  usage: 'ukconfig build [-C DIR] [--config FILE] [-j N] [V=1] [NAME=VALUE ...]',
  run: build,
};

function parseArgs(args: string[]): BuildArgs {
  const out: BuildArgs = { jobs: availableParallelism(), vars: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const jobs = a === '-j' ? args[++i] : a.startsWith('-j') ? a.slice(2) : null;
    if (jobs !== null) {
      if (!/^[1-9]\d*$/.test(jobs ?? '')) throw new UsageError('-j needs a number of jobs');
      out.jobs = Number(jobs);
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      out.vars[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    } else throw new UsageError(`unexpected argument '${a}'`);
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

async function build(args: string[], ws: Workspace): Promise<number> {
  const opts = parseArgs(args);
  const started = performance.now();
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
    await prepareThirdParty(images, { jobs: opts.jobs, vars: opts.vars, env: process.env, say: (l) => process.stdout.write(l + '\n') });
  } catch (e) {
    if (e instanceof Problems) {
      for (const m of e.messages) process.stderr.write(m + '\n');
      process.stderr.write('ukconfig build: nothing was built\n');
      return 1;
    }
    throw e;
  }

  try {
    await writeGenerated(images, buildRoot, opts.vars);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!err.code || !err.path) throw e;
    process.stderr.write(`ukconfig build: cannot write ${err.path}: ${err.code}\nukconfig build: nothing was built\n`);
    return 1;
  }

  const tagged = images.length > 1;
  const say = (id: string, text: string) => process.stdout.write(`${tagged ? `[${id}] ` : ''}${text}\n`);
  const ids = images.map((i) => `${i.plan.id} (${i.plan.libraries.length} libraries)`);
  process.stdout.write(`ukconfig build: ${ids.join(', ')} with ${opts.jobs} jobs each\n`);
  const results = await Promise.all(
    images.map(async (i) => {
      const r = await runMake(i.makefile, { jobs: opts.jobs, vars: opts.vars, onLine: (l) => say(i.plan.id, l) });
      const shown = relative(process.cwd(), i.plan.image) || i.plan.image;
      if (r.exitCode !== 0) say(i.plan.id, `FAILED (make exit status ${r.exitCode})`);
      else if (r.workLines === 0) say(i.plan.id, `${shown} is up to date`);
      else say(i.plan.id, `${shown}: ${statSync(i.plan.image).size.toLocaleString('en-US')} bytes (with symbols: ${shown}.dbg)`);
      return r.exitCode === 0;
    }),
  );
  const failed = results.filter((ok) => !ok).length;
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  if (failed) {
    process.stderr.write(`ukconfig build: ${failed} of ${images.length} images failed (${secs} s)\n`);
    return 1;
  }
  process.stdout.write(`ukconfig build: done in ${secs} s\n`);
  return 0;
}
