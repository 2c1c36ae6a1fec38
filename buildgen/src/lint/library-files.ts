/**
 * The files of the libraries as the compiler sees them: which library
 * publishes which header under which condition, what each library
 * compiles, and each file read and scanned once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Manifest, ManifestEntry } from '../manifest.js';
import { isOriginPath } from '../origin-spec.js';
import { scanSource, type ScannedFile } from './c-scan.js';
import type { Language } from './cpp-condition.js';
import { and, expr, type Formula } from './formula.js';

/** A library as the lint sees it. */
export interface Library {
  manifest: Manifest;
  name: string;
  /** enabled-if. */
  enabled: Formula;
  /** Sources with the conditions of their statements. */
  sources: { path: string; when: Formula }[];
  /** Public include directories (absolute) with their conditions. */
  includes: { dir: string; when: Formula }[];
  privateIncludes: { dir: string; when: Formula }[];
  /** export statements, or null when it has none (every global is visible). */
  exports: { symbol: string; when: Formula }[] | null;
  /**
   * same-api-as: libraries whose headers and symbols this one provides as
   * well (another implementation of their API, built from sources the
   * lint cannot read, such as musl's for nolibc's).
   */
  sameApiAs: string[];
  /**
   * It publishes headers the lint cannot read: those its upstream build
   * installs (`build`), or an include directory of its origin (lwIP's
   * `include origin/src/include`), fetched only by a build.
   */
  upstreamHeaders: boolean;
}

/** Headers every image has: native/include (first on the include path). */
export interface SharedHeaders {
  dir: string;
  names: ReadonlySet<string>;
}

/** Where a header name is published: one entry per library include directory holding it. */
export interface HeaderProvider {
  library: Library;
  path: string;
  when: Formula;
}

const conditionOf = (e: ManifestEntry): Formula => and(...e.conditions.map((c) => expr(c.text)));

export function libraryOf(m: Manifest): Library {
  const lib: Library = { manifest: m, name: m.name, enabled: expr(m.enabledIf.text), sources: [], includes: [], privateIncludes: [], exports: null, sameApiAs: [], upstreamHeaders: m.build !== null };
  for (const e of m.entries) {
    const when = conditionOf(e);
    if (e.kind === 'source') lib.sources.push(...e.values.map((v) => ({ path: join(m.dir, v), when })));
    else if (e.kind === 'include') {
      lib.includes.push(...e.values.map((v) => ({ dir: join(m.dir, v), when })));
      if (e.values.some(isOriginPath)) lib.upstreamHeaders = true;
    }
    else if (e.kind === 'private-include') lib.privateIncludes.push(...e.values.map((v) => ({ dir: join(m.dir, v), when })));
    else if (e.kind === 'export') (lib.exports ??= []).push(...e.values.map((symbol) => ({ symbol, when })));
    else if (e.kind === 'same-api-as') lib.sameApiAs.push(...e.values);
  }
  return lib;
}

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Header name -> the library include directories that hold it. */
export function headerIndex(libraries: Library[]): Map<string, HeaderProvider[]> {
  const index = new Map<string, HeaderProvider[]>();
  for (const library of libraries) {
    for (const inc of library.includes) {
      for (const name of filesUnder(inc.dir)) {
        const list = index.get(name) ?? index.set(name, []).get(name)!;
        list.push({ library, path: join(inc.dir, name), when: and(library.enabled, inc.when) });
      }
    }
  }
  // An implementation of another library's API publishes the same header names.
  for (const library of libraries) {
    for (const other of library.sameApiAs) {
      for (const list of index.values()) {
        const theirs = list.find((p) => p.library.name === other);
        if (theirs) list.push({ library, path: theirs.path, when: library.enabled });
      }
    }
  }
  return index;
}

export function languageOf(path: string): Language {
  return path.endsWith('.S') ? 'asm' : path.endsWith('.c') ? 'c' : 'header';
}

/** Each file read and scanned once. */
export class SourceCache {
  private readonly files = new Map<string, ScannedFile | null>();

  /** null when the file cannot be read. */
  get(path: string): ScannedFile | null {
    let f = this.files.get(path);
    if (f === undefined) {
      try {
        f = scanSource(readFileSync(path, 'latin1'), languageOf(path) === 'asm' ? 'asm' : 'c');
      } catch {
        f = null;
      }
      this.files.set(path, f);
    }
    return f;
  }

  /** Every file scanned so far. */
  entries(): [string, ScannedFile][] {
    return [...this.files].filter((e): e is [string, ScannedFile] => e[1] !== null);
  }
}
