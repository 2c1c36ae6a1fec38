/**
 * What goes into one image: the libraries whose `enabled-if` holds in the
 * image's configuration view, and their statements whose conditions hold.
 */
import { join } from 'node:path';
import type { Conditions } from './conditions.js';
import type { ListKind, Manifest } from './manifest.js';

export interface LibraryPlan {
  name: string;
  dir: string;
  sources: string[];
  privateIncludes: string[];
  cppflags: string[];
  cflags: string[];
  asflags: string[];
  exports: string[];
}

export interface ImagePlan {
  arch: string;
  plat: string;
  /** `<plat>-<arch>`: the build folder's name and the image name's suffix. */
  id: string;
  buildDir: string;
  image: string;
  configH: string;
  /** Public include directories of every library of the image (absolute). */
  includes: string[];
  cppflags: string[];
  cflags: string[];
  asflags: string[];
  libraries: LibraryPlan[];
}

export interface ImageTarget {
  arch: string;
  plat: string;
  /** The folder holding every image and the per-image build folders. */
  buildRoot: string;
  /** UK_NAME. */
  name: string;
}

export function imageId(plat: string, arch: string): string {
  return `${plat}-${arch}`;
}

export function imagePaths(t: ImageTarget): { id: string; buildDir: string; image: string } {
  const id = imageId(t.plat, t.arch);
  return { id, buildDir: join(t.buildRoot, id), image: join(t.buildRoot, `${t.name}_${id}`) };
}

/** Evaluates the manifests in the configuration the tree holds now. */
export function planImage(t: ImageTarget, manifests: Manifest[], conditions: Conditions): ImagePlan {
  const { id, buildDir, image } = imagePaths(t);
  const plan: ImagePlan = {
    arch: t.arch,
    plat: t.plat,
    id,
    buildDir,
    image,
    configH: join(buildDir, 'config.h'),
    includes: [],
    cppflags: [],
    cflags: [],
    asflags: [],
    libraries: [],
  };
  for (const m of manifests) {
    if (!conditions.holds(m.enabledIf)) continue;
    const lib: LibraryPlan = {
      name: m.name,
      dir: m.dir,
      sources: [],
      privateIncludes: [],
      cppflags: [],
      cflags: [],
      asflags: [],
      exports: [],
    };
    const lists: Record<ListKind, string[]> = {
      source: lib.sources,
      include: plan.includes,
      'private-include': lib.privateIncludes,
      cppflags: lib.cppflags,
      cflags: lib.cflags,
      asflags: lib.asflags,
      'global-cppflags': plan.cppflags,
      'global-cflags': plan.cflags,
      'global-asflags': plan.asflags,
      export: lib.exports,
    };
    for (const e of m.entries) {
      if (!conditions.allHold(e.conditions)) continue;
      const values = e.kind === 'include' ? e.values.map((v) => join(m.dir, v)) : e.values;
      lists[e.kind].push(...values);
    }
    plan.libraries.push(lib);
  }
  return plan;
}
