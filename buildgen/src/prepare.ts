/**
 * What comes before make for one configuration (a single build, or one
 * configuration of a matrix): its images planned, the tools and the
 * compiler launcher checked, config.h and the Makefiles written.
 */
import type { Kconfig } from 'kconfig-parser-ts';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { projectPaths } from '../../workspace/src/index.js';
import { writeIfChanged } from './files.js';
import { generate, type GeneratedImage } from './generate.js';
import { chooseLauncher, distccSlots, launcherProblem, type Launcher } from './launcher.js';
import { enclosingJobserver } from './make-runner.js';
import { renderMakefile } from './makefile.js';
import { Problems } from './problems.js';
import { SYSCALL_TABLE_HEADER } from './syscall-table.js';
import { missingBuildTools } from './tools.js';

export type PreparedImage = GeneratedImage & { makefile: string };

export interface PreparedBuild {
  app: string;
  buildRoot: string;
  images: PreparedImage[];
  launcher: Launcher;
  warnings: string[];
}

export interface PrepareOptions {
  app: string;
  configFile: string;
  buildRoot: string;
  /** --cc-launcher, when given. */
  launcherOption: string | undefined;
  /** NAME=VALUE words for make. */
  vars: Record<string, string>;
  env: NodeJS.ProcessEnv;
}

/** The launcher is not there: a matrix stops at once, as a single build does, since every configuration would fail alike. */
export class LauncherMissing extends Problems {}

/** Plans the images and checks what they need; Problems with every reason when they cannot be built. */
export function prepareBuild(kc: Kconfig, o: PrepareOptions): PreparedBuild {
  const generation = generate(kc, { app: o.app, configFile: o.configFile, buildRoot: o.buildRoot });
  const launcher = chooseLauncher({ option: o.launcherOption, env: o.env, configured: generation.ccLauncher, configFile: o.configFile });
  const arches = [...new Set(generation.images.map((i) => i.plan.arch))];
  const noLauncher = launcherProblem(launcher, o.env);
  if (noLauncher) throw new LauncherMissing([noLauncher]);
  const problems = missingBuildTools(arches, o.vars, o.env);
  if (problems.length) throw new Problems(problems);
  return {
    app: o.app,
    buildRoot: o.buildRoot,
    images: generation.images.map((i) => ({ ...i, makefile: join(i.plan.buildDir, 'Makefile') })),
    launcher,
    warnings: generation.warnings,
  };
}

/** config.h and the Makefile of each image, each written only when its text changed; true when a Makefile changed. */
export function writeImageFiles(b: PreparedBuild): boolean {
  const paths = projectPaths();
  const settings = { launcher: b.launcher.words, roots: { project: paths.root, app: b.app, buildRoot: b.buildRoot } };
  let makefilesChanged = false;
  for (const i of b.images) {
    writeIfChanged(i.plan.configH, i.configHeader, 'latin1');
    writeIfChanged(join(i.plan.buildDir, 'include', SYSCALL_TABLE_HEADER), i.syscallTable);
    if (writeIfChanged(i.makefile, renderMakefile(i.plan, paths.rulesMk, settings))) makefilesChanged = true;
  }
  return makefilesChanged;
}

/**
 * Jobs for make: -j N; else those of an enclosing make (null); else, with
 * distcc, as many as its hosts take; else one per core.
 */
export async function chooseJobs(jobs: number | null, builds: PreparedBuild[], env: NodeJS.ProcessEnv): Promise<number | null> {
  if (jobs !== null) return jobs;
  if (enclosingJobserver(env)) return null;
  for (const b of builds) {
    const slots = await distccSlots(b.launcher, env);
    if (slots !== null) return slots;
  }
  return availableParallelism();
}
