/**
 * The third-party step of a build, between planning and make: the origin
 * of every library of the images prepared (fetched, checked, unpacked,
 * patched; or found in the cache), the manifests' `origin/` paths checked
 * against it, and the upstream builds run (or found). A failure stops the
 * build before anything is compiled.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedImage } from './generate.js';
import type { LibraryPlan } from './image-plan.js';
import type { Manifest } from './manifest.js';
import { prepareOrigin } from './origin-prepare.js';
import { isOriginPath, ORIGIN_DIR, type OriginSpec } from './origin-spec.js';
import { Problems } from './problems.js';
import { findOnPath } from './tools.js';
import { hasUpstreamBuild, toolchainEnv, upstreamBuild, upstreamProducts, type ToolchainEnv } from './upstream-build.js';

export interface ThirdPartyOptions {
  jobs: number;
  /** make's command-line variables (CROSS_COMPILE=...). */
  vars: Record<string, string>;
  env: NodeJS.ProcessEnv;
  say: (line: string) => void;
}

/** `origin/...` paths of the library's statements that the prepared tree lacks. */
function missingOriginPaths(m: Manifest, tree: string): string[] {
  const out: string[] = [];
  for (const e of m.entries) {
    if (e.kind !== 'source' && e.kind !== 'include' && e.kind !== 'private-include') continue;
    for (const v of e.values.filter(isOriginPath)) {
      const st = statSync(join(tree, v.slice(ORIGIN_DIR.length + 1)), { throwIfNoEntry: false });
      const ok = e.kind === 'source' ? st?.isFile() : st?.isDirectory();
      if (!ok) out.push(`${m.file}:${e.line}: ${v}: no such ${e.kind === 'source' ? 'file' : 'directory'} in the origin (${tree})`);
    }
  }
  return out;
}

export async function prepareThirdParty(images: GeneratedImage[], opts: ThirdPartyOptions): Promise<void> {
  const libs = images.flatMap((i) => i.plan.libraries.filter((l) => l.originDir !== null));
  if (libs.length === 0) return;
  const needFetch = libs.some((l) => !existsSync(l.originDir!));
  if (needFetch) {
    const missing = ['curl', 'tar', 'patch', 'xz'].filter((t) => !findOnPath(t, opts.env));
    if (missing.length) throw new Problems([`${missing.join(', ')} not found on PATH: third-party sources need them (Debian: apt-get install ${missing.join(' ').replace('xz', 'xz-utils')})`]);
  }

  const problems: string[] = [];
  const prepared = new Set<Manifest>();
  for (const lib of libs) {
    if (prepared.has(lib.manifest)) continue;
    prepared.add(lib.manifest);
    await prepareOrigin(lib.manifest as Manifest & { origin: OriginSpec }, opts);
    problems.push(...missingOriginPaths(lib.manifest, lib.originDir!));
  }
  if (problems.length) throw new Problems(problems);

  const toolchains = new Map<string, ToolchainEnv>();
  const outputs = new Map<string, string>();
  for (const image of images) {
    const { plan } = image;
    for (const lib of plan.libraries) {
      if (!hasUpstreamBuild(lib)) continue;
      const key = `${lib.name}\0${plan.arch}`;
      let out = outputs.get(key);
      if (out === undefined) {
        let tc = toolchains.get(plan.arch);
        if (!tc) toolchains.set(plan.arch, (tc = await toolchainEnv(plan.arch, opts.vars)));
        out = await upstreamBuild(lib, { arch: plan.arch, toolchain: tc, jobs: opts.jobs, env: opts.env, say: opts.say });
        outputs.set(key, out);
      }
      useOutput(lib, plan, out);
    }
  }
}

function useOutput(lib: LibraryPlan, plan: GeneratedImage['plan'], out: string): void {
  lib.upstreamDir = out;
  const products = upstreamProducts(out);
  if (products.include) plan.systemIncludes.push(products.include);
  plan.archives.push(...products.archives);
}
