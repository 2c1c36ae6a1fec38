/**
 * From the tree, the user's .config and the manifests to one plan per
 * image: everything that can be wrong with the input is found here, before
 * anything is compiled.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kconfig } from 'kconfig-parser-ts';
import { projectPaths } from '../../workspace/src/index.js';
import { Conditions } from './conditions.js';
import { enterImageView, readUserConfig, saveChoices, unmetDependencies } from './image-config.js';
import { planImage, type ImagePlan } from './image-plan.js';
import { loadLibraries } from './libraries.js';
import { UNSAFE_PATH } from './makefile.js';
import type { Manifest } from './manifest.js';
import { originTreeDir } from './origin-prepare.js';
import { Problems } from './problems.js';
import { imageSyscalls, renderSyscallTable, syscallProviders } from './syscall-table.js';

export interface GeneratedImage {
  plan: ImagePlan;
  /** Text of config.h for this image's view. */
  configHeader: string;
  /** Text of include/uk/syscall_table.h (the system calls of the image's libraries). */
  syscallTable: string;
}

export interface Generation {
  images: GeneratedImage[];
  warnings: string[];
  /** CONFIG_UK_CC_LAUNCHER of the configuration ('' for none). */
  ccLauncher: string;
}

export interface GenerateOptions {
  app: string;
  /** The user's .config. */
  configFile: string;
  buildRoot: string;
  /**
   * Called for each image while the tree holds that image's configuration
   * view, for questions about the configuration the image is built from.
   */
  inView?: (image: GeneratedImage, view: ImageView) => void;
  /** Where the origin cache is found (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** What an image's plan was made from, valid only inside `inView`. */
export interface ImageView {
  kc: Kconfig;
  manifests: Manifest[];
  conditions: Conditions;
}

const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export function generate(kc: Kconfig, opts: GenerateOptions): Generation {
  const paths = projectPaths();
  const manifests = loadLibraries(paths.pools, opts.app);
  const user = readUserConfig(kc, opts.configFile);
  if (!user) {
    throw new Problems([`cannot read ${opts.configFile}: configure first, e.g. ukconfig apply ${suggestDefconfig(opts.app)}`]);
  }
  const problems = [...user.errors];
  if (user.platforms.length === 0) problems.push(`${opts.configFile}: no platform is enabled (set one of the PLAT_* options)`);
  if (!IMAGE_NAME.test(user.name)) problems.push(`${opts.configFile}: UK_NAME "${user.name}" is not usable as a file name`);
  for (const plat of user.platforms) {
    if (!existsSync(join(paths.native, 'targets', `${user.arch}-${plat}.mk`))) {
      problems.push(`${opts.configFile}: no target profile native/targets/${user.arch}-${plat}.mk for platform ${plat} on ${user.arch}`);
    }
  }
  for (const dir of [opts.buildRoot, paths.native, ...manifests.map((m) => m.dir)]) {
    if (UNSAFE_PATH.test(dir)) problems.push(`${dir}: make cannot work with blanks or special characters in this path`);
  }
  const conditions = new Conditions(kc, manifests);
  problems.push(...conditions.errors);
  if (problems.length) throw new Problems(problems);

  const env = opts.env ?? process.env;
  const originDirs = new Map<Manifest, string>();
  const originDir = (m: Manifest): string => {
    let dir = originDirs.get(m);
    if (dir === undefined) {
      dir = originTreeDir(m as Manifest & { origin: NonNullable<Manifest['origin']> }, env);
      if (UNSAFE_PATH.test(dir)) throw new Problems([`${dir}: make cannot work with blanks or special characters in this path (set UKCONFIG_CACHE_DIR)`]);
      originDirs.set(m, dir);
    }
    return dir;
  };
  const providers = syscallProviders(manifests);
  const images: GeneratedImage[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-view-'));
  try {
    const choices = join(scratch, 'choices.config');
    saveChoices(kc, choices);
    for (const plat of user.platforms) {
      enterImageView(kc, choices, plat, user.platforms);
      const unmet = unmetDependencies(kc);
      if (unmet.length) {
        problems.push(...unmet);
        continue;
      }
      const plan = planImage({ arch: user.arch, plat, buildRoot: opts.buildRoot, name: user.name }, manifests, conditions, originDir);
      const syscalls = imageSyscalls(plan);
      problems.push(...syscalls.problems);
      const image = { plan, configHeader: kc.headerText(), syscallTable: renderSyscallTable(plan, syscalls.table, providers) };
      images.push(image);
      opts.inView?.(image, { kc, manifests, conditions });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (problems.length) throw new Problems([...new Set(problems)]);
  return { images, warnings: conditions.warnings, ccLauncher: user.ccLauncher };
}

function suggestDefconfig(app: string): string {
  return existsSync(join(app, 'defconfigs')) ? 'defconfigs/<name>' : '<defconfig>';
}
