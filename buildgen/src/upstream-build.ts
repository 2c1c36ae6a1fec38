/**
 * Upstream builds (manifest `build SCRIPT`): a library whose origin has a
 * build system of its own that is the real knowledge (musl: some 1,300
 * files, per-architecture replacements, generated headers) runs it once
 * per architecture, and its output is cached beside the origin:
 *
 *   <out>/include/   headers on the include path of every library of the image
 *   <out>/lib/*.a    archives linked into the image
 *
 * The script runs with `sh` in an empty scratch folder, with
 *   UK_ORIGIN  the prepared origin tree (do not write into it)
 *   UK_OUT     the folder to fill          UK_LIBDIR  the library's folder
 *   UK_ARCH    x86_64 | arm64               UK_JOBS    parallel jobs
 *   CC AR RANLIB UK_ARCH_CFLAGS             the image's toolchain (native/toolchain.mk)
 * One build serves every platform of the architecture, so the script picks
 * flags that are safe on all of them. The output folder is named after
 * everything that went in (origin, script, inputs, toolchain and its
 * version): a change to any of them builds anew, anything else reuses it.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, writeFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa, type Options } from 'execa';
import { cacheName, originCacheRoot, publish, tempBeside, withLock } from './origin-cache.js';
import type { LibraryPlan } from './image-plan.js';
import { projectPaths } from '../../workspace/src/index.js';
import { Problems } from './problems.js';

/** Bump when the script contract changes. */
const BUILD_FORMAT = 1;

export type ToolchainEnv = Record<string, string>;

/** The tools and flags of `arch` as native/toolchain.mk sets them, with make's command-line variables. */
export async function toolchainEnv(arch: string, vars: Record<string, string>): Promise<ToolchainEnv> {
  const mk = join(projectPaths().native, 'tools', 'toolchain-env.mk');
  const args = ['-s', '--no-print-directory', '-f', mk, `UK_ARCH=${arch}`, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), 'print'];
  const r = await execa('make', args, { stdin: 'ignore', reject: false, env: quietMakeEnv(process.env), extendEnv: false });
  if (r.exitCode !== 0) throw new Problems([`cannot read the ${arch} toolchain settings: ${String(r.stderr).trim()}`]);
  const out: ToolchainEnv = {};
  for (const line of String(r.stdout).split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** The environment without the variables a parent make passes down, which would leak into a sub-build. */
function quietMakeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { MAKEFLAGS: _a, MFLAGS: _b, MAKELEVEL: _c, MAKEOVERRIDES: _d, ...rest } = env;
  return rest;
}

type BuildingLibrary = LibraryPlan & { originDir: string; manifest: { build: NonNullable<LibraryPlan['manifest']['build']> } };

export function hasUpstreamBuild(lib: LibraryPlan): lib is BuildingLibrary {
  return lib.manifest.build !== null && lib.originDir !== null;
}

/** The cache folder of `lib`'s build for this toolchain. */
export function upstreamDir(lib: BuildingLibrary, arch: string, tc: ToolchainEnv, env: NodeJS.ProcessEnv): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([BUILD_FORMAT, basename(lib.originDir), arch, Object.entries(tc).sort()]));
  const b = lib.manifest.build;
  for (const f of [b.script, ...b.inputs]) h.update(f + '\0').update(readFileSync(join(lib.dir, f)));
  return join(originCacheRoot(env), 'build', `${cacheName(lib.name)}-${arch}-${h.digest('hex').slice(0, 16)}`);
}

export interface UpstreamOptions {
  arch: string;
  toolchain: ToolchainEnv;
  jobs: number;
  env: NodeJS.ProcessEnv;
  say: (line: string) => void;
}

const LOG_TAIL = 30;

/** Runs `lib`'s upstream build unless the cache has it; returns the output folder. */
export async function upstreamBuild(lib: BuildingLibrary, opts: UpstreamOptions): Promise<string> {
  const out = upstreamDir(lib, opts.arch, opts.toolchain, opts.env);
  if (existsSync(out)) return out;
  const where = `${lib.manifest.file}:${lib.manifest.build.line}`;
  await withLock(`${out}.lock`, async () => {
    if (existsSync(out)) return;
    const tmp = tempBeside(out);
    const scratch = `${tmp}.work`;
    const log = `${tmp}.log`;
    mkdirSync(tmp, { recursive: true });
    mkdirSync(scratch, { recursive: true });
    const started = performance.now();
    opts.say(`  BUILD   ${lib.name} for ${opts.arch} with its own build system (once; cached in ${out})`);
    try {
      const options: Options = {
        cwd: scratch,
        env: {
          ...quietMakeEnv(opts.env),
          ...opts.toolchain,
          UK_ORIGIN: lib.originDir,
          UK_OUT: tmp,
          UK_LIBDIR: lib.dir,
          UK_ARCH: opts.arch,
          UK_JOBS: String(opts.jobs),
        },
        extendEnv: false,
        stdin: 'ignore',
        all: true,
        reject: false,
      };
      const r = await execa('sh', [join(lib.dir, lib.manifest.build.script)], options);
      writeFileSync(log, String(r.all ?? ''));
      if (r.exitCode !== 0) {
        const kept = `${out}.failed.log`;
        copyFileSync(log, kept);
        const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL);
        throw new Problems([...tail, `${where}: the ${opts.arch} build of ${lib.name} failed (exit status ${r.exitCode}); full log: ${kept}`]);
      }
      copyFileSync(log, join(tmp, 'build.log'));
      publish(tmp, out);
      opts.say(`  BUILD   ${lib.name} for ${opts.arch} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      for (const p of [tmp, scratch, log]) rmSync(p, { recursive: true, force: true });
    }
  }, (holder) => opts.say(`  BUILD   ${lib.name} for ${opts.arch}: waiting for ${holder}, which is building it`));
  return out;
}

/** What an output folder gives the image: its include folder, its archives. */
export function upstreamProducts(out: string): { include: string | null; archives: string[] } {
  const include = join(out, 'include');
  const lib = join(out, 'lib');
  const archives = statSync(lib, { throwIfNoEntry: false })?.isDirectory()
    ? readdirSync(lib)
        .filter((n) => n.endsWith('.a'))
        .sort()
        .map((n) => join(lib, n))
    : [];
  return { include: existsSync(include) ? include : null, archives };
}
