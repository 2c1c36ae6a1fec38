/**
 * What goes into one image: the libraries whose `enabled-if` holds in the
 * image's configuration view, and their statements whose conditions hold.
 */
import { join } from 'node:path';
import type { Conditions } from './conditions.js';
import type { ListKind, Manifest } from './manifest.js';
import { isOriginPath, ORIGIN_DIR } from './origin-spec.js';
import { syscallEntry } from './syscall-table.js';

export interface LibraryPlan {
  name: string;
  dir: string;
  sources: string[];
  privateIncludes: string[];
  cppflags: string[];
  cflags: string[];
  asflags: string[];
  exports: string[];
  /** System calls the library implements (manifest `syscall`). */
  syscalls: string[];
  manifest: Manifest;
  /** The prepared origin tree (in the cache) when the library has an origin; `origin/...` sources are in it. */
  originDir: string | null;
  /** Output folder of the library's upstream build, once it has run (include/, lib/*.a). */
  upstreamDir: string | null;
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
  /** Header folders of upstream builds (a libc's): system headers, searched before the compiler's. */
  systemIncludes: string[];
  /** Static archives of upstream builds, linked into the image. */
  archives: string[];
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

/** Evaluates the manifests in the configuration the tree holds now; `originDir` places a library's origin tree. */
export function planImage(t: ImageTarget, manifests: Manifest[], conditions: Conditions, originDir: (m: Manifest) => string): ImagePlan {
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
    systemIncludes: [],
    archives: [],
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
      syscalls: [],
      manifest: m,
      originDir: m.origin ? originDir(m) : null,
      upstreamDir: null,
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
      syscall: lib.syscalls,
      // For the lint only: nothing to build.
      'same-api-as': [],
    };
    // Origin folders are absolute; sources stay relative (native/rules.mk finds origin/ ones in UK_LIB_<name>_ORIGIN).
    const inOrigin = (v: string) => join(lib.originDir!, v.slice(ORIGIN_DIR.length + 1));
    for (const e of m.entries) {
      if (!conditions.allHold(e.conditions)) continue;
      let values = e.values;
      if (e.kind === 'include') values = values.map((v) => (isOriginPath(v) ? inOrigin(v) : join(m.dir, v)));
      else if (e.kind === 'private-include') values = values.map((v) => (isOriginPath(v) ? inOrigin(v) : v));
      lists[e.kind].push(...values);
    }
    // The generated system call table calls each implementation by name, from outside the library.
    if (lib.exports.length) lib.exports.push(...lib.syscalls.map(syscallEntry));
    plan.libraries.push(lib);
  }
  return plan;
}
