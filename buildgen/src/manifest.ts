/**
 * Parser of `library.uk`, the build manifest of a micro-library
 * (docs/manifest-format.md). Knows nothing of Kconfig: conditions are kept
 * as expression text with their line and evaluated later, per image.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Problems } from './problems.js';
import { logicalLines, rawSpan, type LogicalLine } from './manifest-words.js';
import { isOriginPath, parseOrigin, type BuildSpec, type OriginSpec } from './origin-spec.js';

export const LIST_STATEMENTS = [
  'source',
  'include',
  'private-include',
  'cppflags',
  'cflags',
  'asflags',
  'global-cppflags',
  'global-cflags',
  'global-asflags',
  'export',
  'syscall',
  'same-api-as',
] as const;
export type ListKind = (typeof LIST_STATEMENTS)[number];

/** A Kconfig expression written in a manifest, with the line it came from. */
export interface Condition {
  text: string;
  line: number;
}

export interface ManifestEntry {
  kind: ListKind;
  values: string[];
  /** All must hold: enclosing blocks first, then the statement's own `if`. */
  conditions: Condition[];
  line: number;
}

export interface Manifest {
  file: string;
  dir: string;
  name: string;
  /** Line of the `library` statement, 0 when the name comes from the folder. */
  nameLine: number;
  /** The leading comment line: the library's one-line purpose. */
  purpose: string | null;
  enabledIf: Condition;
  entries: ManifestEntry[];
  /** Where the third-party source comes from, if the library has one. */
  origin: OriginSpec | null;
  /** The upstream build that turns the origin into archives and headers. */
  build: BuildSpec | null;
}

/** Every problem found in one or more manifests, each as `FILE:LINE: message`. */
export class ManifestError extends Problems {}

export const LIBRARY_NAME = /^[a-z0-9_]+$/;
const SYMBOL_NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*$/;
const SYSCALL_NAME = /^[a-z0-9_]+$/;
const PATH_KINDS = new Set<ListKind>(['source', 'include', 'private-include']);

interface Block {
  condition: Condition;
  line: number;
}

export function parseManifest(file: string): Manifest {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ManifestError([`${file}:0: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  return parseManifestText(file, source);
}

export function parseManifestText(file: string, source: string): Manifest {
  const dir = dirname(file);
  const problems: string[] = [];
  const fail = (line: number, message: string) => problems.push(`${file}:${line}: ${message}`);
  const lines = logicalLines(source);
  const blocks: Block[] = [];
  const entries: ManifestEntry[] = [];
  let name: string | null = null;
  let nameLine = 0;
  let enabledIf: Condition | null = null;
  let purpose: string | null = null;
  let statements = 0;
  let enabledIfSeen = false;
  let origin: OriginSpec | null = null;
  let build: BuildSpec | null = null;
  let firstOriginPath = 0;

  for (const l of lines) {
    if (l.error) {
      fail(l.line, l.error);
      continue;
    }
    if (l.words.length === 0) {
      if (statements === 0 && purpose === null && l.comment) purpose = l.comment;
      continue;
    }
    statements++;
    const head = l.words[0];
    const keyword = head.quoted ? null : head.text;
    const last = l.words[l.words.length - 1];
    const opensBlock = !last.quoted && last.text === '{';

    if (keyword === '}') {
      if (l.words.length !== 1) fail(l.line, "'}' must stand alone on its line");
      else if (!blocks.pop()) fail(l.line, "'}' without an open block");
      continue;
    }
    if (keyword === 'if' || keyword === 'arch' || keyword === 'plat' || opensBlock) {
      const condition = blockCondition(l, keyword, opensBlock, fail);
      // An invalid header ending in '{' still opens a block, so that its '}' does not cascade into more errors.
      if (opensBlock) blocks.push({ condition: condition ?? { text: 'n', line: l.line }, line: l.line });
      continue;
    }
    if (keyword === 'library') {
      if (name !== null) fail(l.line, `library repeated (first at line ${nameLine})`);
      else if (statements !== 1) fail(l.line, "'library' must be the first statement");
      else if (l.words.length !== 2) fail(l.line, "'library' takes exactly one name");
      else if (!LIBRARY_NAME.test(l.words[1].text)) fail(l.line, `invalid library name '${l.words[1].text}' (allowed: a-z 0-9 _)`);
      else {
        name = l.words[1].text;
        nameLine = l.line;
      }
      continue;
    }
    if (keyword === 'enabled-if') {
      enabledIfSeen = true;
      if (enabledIf !== null) fail(l.line, `enabled-if repeated (first at line ${enabledIf.line})`);
      else if (blocks.length) fail(l.line, 'enabled-if inside a block');
      else if (l.words.length < 2) fail(l.line, 'enabled-if needs an expression');
      else enabledIf = { text: rawSpan(l, 1, l.words.length - 1), line: l.line };
      continue;
    }
    if (keyword === 'origin' || keyword === 'build') {
      const values = l.words.slice(1).map((w) => w.text);
      const first = keyword === 'origin' ? origin?.line : build?.line;
      if (first !== undefined) fail(l.line, `${keyword} repeated (first at line ${first})`);
      else if (blocks.length) fail(l.line, `${keyword} inside a block (a library has one ${keyword} whatever the configuration)`);
      else if (keyword === 'origin') {
        const o = parseOrigin(values, l.line);
        if (typeof o === 'string') fail(l.line, o);
        else origin = o;
      } else {
        const bad = values.length === 0 ? 'build needs a script' : checkFiles(values, dir);
        if (bad) fail(l.line, bad);
        else build = { script: values[0], inputs: values.slice(1), line: l.line };
      }
      continue;
    }
    const kind = LIST_STATEMENTS.find((k) => k === keyword);
    if (!kind) {
      fail(l.line, `unknown statement '${head.text}'`);
      continue;
    }
    const ifAt = l.words.findIndex((w, i) => i > 0 && !w.quoted && w.text === 'if');
    const values = l.words.slice(1, ifAt < 0 ? undefined : ifAt).map((w) => w.text);
    const conditions = blocks.map((b) => b.condition);
    if (ifAt >= 0) {
      if (ifAt === l.words.length - 1) {
        fail(l.line, "'if' with an empty expression");
        continue;
      }
      conditions.push({ text: rawSpan(l, ifAt + 1, l.words.length - 1), line: l.line });
    }
    if (values.length === 0) {
      fail(l.line, `${kind} needs at least one value`);
      continue;
    }
    const bad = checkValues(kind, values, dir);
    if (bad) {
      fail(l.line, bad);
      continue;
    }
    if (!firstOriginPath && PATH_KINDS.has(kind) && values.some(isOriginPath)) firstOriginPath = l.line;
    entries.push({ kind, values, conditions, line: l.line });
  }

  const eof = lines.length ? lines[lines.length - 1].line : 1;
  for (const b of blocks) fail(eof, `end of file inside the block opened at line ${b.line}`);
  if (!enabledIfSeen) fail(eof, 'missing enabled-if');
  if (firstOriginPath && !origin) fail(firstOriginPath, "paths under 'origin/' need an origin statement");
  if (build && !origin) fail(build.line, 'build needs an origin statement (it builds the origin)');
  if (problems.length) throw new ManifestError(problems);
  return { file, dir, name: name ?? basename(dir), nameLine, purpose, enabledIf: enabledIf!, entries, origin, build };
}

function blockCondition(
  l: LogicalLine,
  keyword: string | null,
  opensBlock: boolean,
  fail: (line: number, message: string) => void,
): Condition | null {
  const shape = "a block starts with 'if EXPR {', 'arch NAME {' or 'plat NAME {'";
  if (!opensBlock) {
    fail(l.line, `missing '{' at the end: ${shape}`);
    return null;
  }
  const n = l.words.length;
  if (keyword === 'if') {
    if (n < 3) {
      fail(l.line, "'if' with an empty expression");
      return null;
    }
    return { text: rawSpan(l, 1, n - 2), line: l.line };
  }
  if ((keyword === 'arch' || keyword === 'plat') && n === 3 && /^[a-z0-9_]+$/.test(l.words[1].text)) {
    return { text: `${keyword === 'arch' ? 'ARCH' : 'PLAT'}_${l.words[1].text.toUpperCase()}`, line: l.line };
  }
  fail(l.line, shape);
  return null;
}

/** Null when the values are acceptable for the statement. */
function checkValues(kind: ListKind, values: string[], dir: string): string | null {
  if (kind === 'export') {
    const bad = values.find((v) => !SYMBOL_NAME.test(v));
    return bad === undefined ? null : `invalid symbol name '${bad}'`;
  }
  if (kind === 'same-api-as') {
    const bad = values.find((v) => !LIBRARY_NAME.test(v));
    return bad === undefined ? null : `invalid library name '${bad}'`;
  }
  if (kind === 'syscall') {
    const bad = values.find((v) => !SYSCALL_NAME.test(v));
    return bad === undefined ? null : `invalid system call name '${bad}' (Linux names: a-z 0-9 _)`;
  }
  if (!PATH_KINDS.has(kind)) return null;
  for (const v of values) {
    const bad = pathSyntax(v, dir);
    if (bad) return bad;
    // The origin is unpacked only when an image needs it: origin-prepare.ts checks these paths then.
    if (isOriginPath(v)) {
      if (kind === 'source' && !/\.(c|S)$/.test(v)) return `${v}: sources are .c or .S files`;
      continue;
    }
    let st;
    try {
      st = statSync(join(dir, v));
    } catch {
      return `${v}: no such ${kind === 'source' ? 'file' : 'directory'} in ${dir}`;
    }
    if (kind === 'source') {
      if (!st.isFile()) return `${v}: not a file`;
      if (!/\.(c|S)$/.test(v)) return `${v}: sources are .c or .S files`;
    } else if (!st.isDirectory()) return `${v}: not a directory`;
  }
  return null;
}

function pathSyntax(v: string, dir: string): string | null {
  if (v.startsWith('/')) return `${v}: absolute path (paths are relative to ${dir})`;
  if (v.split('/').includes('..')) return `${v}: '..' may not leave the library folder`;
  if (/[\s$#%:;=\\*?[\]'"`]/.test(v)) return `${v}: character that make or the shell would misread`;
  return null;
}

/** Null when every value is a file of the library folder (not under origin/). */
function checkFiles(values: string[], dir: string): string | null {
  for (const v of values) {
    const bad = pathSyntax(v, dir);
    if (bad) return bad;
    if (isOriginPath(v)) return `${v}: must be a file of the library folder, not of the origin`;
    if (!statSync(join(dir, v), { throwIfNoEntry: false })?.isFile()) return `${v}: no such file in ${dir}`;
  }
  return null;
}
