/**
 * The `origin` and `build` statements of a manifest (docs/manifest-format.md,
 * "Third-party sources"): where a library's third-party source comes from,
 * pinned by a SHA-256, and the upstream build script that turns it into
 * archives and headers. Only the words are checked here; fetching and
 * unpacking are origin-prepare.ts's work.
 */

export type OriginKind = 'debian' | 'npm';

export interface OriginSpec {
  kind: OriginKind;
  /** Debian source package name, or npm package name (scoped names keep their `@scope/`). */
  package: string;
  version: string;
  /** Debian: SHA-256 of the package's .dsc (which pins every other file); npm: of the tarball. */
  sha256: string;
  line: number;
}

export interface BuildSpec {
  /** A script in the library folder, run by `sh` (the contract is in docs/porting.md). */
  script: string;
  /** Further files of the library folder the script reads: a change rebuilds. */
  inputs: string[];
  line: number;
}

/** The first component of a manifest path that names the prepared origin tree instead of the library folder. */
export const ORIGIN_DIR = 'origin';

const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
// Debian policy 5.6.12: [epoch:]upstream[-revision].
const DEBIAN_VERSION = /^(\d+:)?[0-9][A-Za-z0-9.+~-]*$/;
const NPM_PACKAGE = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const NPM_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const SHA256 = /^sha256:([0-9a-f]{64})$/;

export const ORIGIN_USAGE = "origin takes 'debian PACKAGE VERSION sha256:HEX' or 'npm PACKAGE VERSION sha256:HEX'";

/** The origin of `origin WORDS...`, or the reason it is not one. */
export function parseOrigin(words: string[], line: number): OriginSpec | string {
  if (words.length !== 4) return ORIGIN_USAGE;
  const [kind, pkg, version, sum] = words;
  if (kind !== 'debian' && kind !== 'npm') return `unknown origin kind '${kind}': ${ORIGIN_USAGE}`;
  if (kind === 'debian') {
    if (!DEBIAN_PACKAGE.test(pkg)) return `'${pkg}' is not a Debian source package name`;
    if (!DEBIAN_VERSION.test(version)) return `'${version}' is not a Debian version`;
  } else {
    if (!NPM_PACKAGE.test(pkg)) return `'${pkg}' is not an npm package name`;
    if (!NPM_VERSION.test(version)) return `'${version}' is not an exact npm version (no ranges)`;
  }
  const m = SHA256.exec(sum);
  if (!m) return `'${sum}' is not a checksum: write sha256: and 64 lowercase hex digits`;
  return { kind, package: pkg, version, sha256: m[1], line };
}

/** How messages name an origin: `debian musl 1.2.3-1`. */
export function originName(o: OriginSpec): string {
  return `${o.kind} ${o.package} ${o.version}`;
}

/** True for a manifest path inside the prepared origin (`origin/src/x.c`). */
export function isOriginPath(path: string): boolean {
  return path === ORIGIN_DIR || path.startsWith(ORIGIN_DIR + '/');
}
