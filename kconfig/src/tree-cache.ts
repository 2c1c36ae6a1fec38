/**
 * A persistent cache of parsed trees.
 *
 * Parsing and finalising a large tree (Linux: ~1,500 files, ~16,000
 * symbols) is most of the work of every command. The result depends only on
 * the files read, the environment variables the macros read, the glob
 * matches and the $(shell) outputs, so it is stored with exactly those
 * inputs and reused while all of them are unchanged: files by path, size and
 * modification time, the rest by value. The probes still run (or are
 * replayed) on every use, to check their output. Everything the parse
 * printed is stored too and printed again, in order.
 *
 * Location: $UKCONFIG_CACHE_DIR, else $XDG_CACHE_HOME/ukconfig, else
 * ~/.cache/ukconfig. UKCONFIG_CACHE=0 turns it off. Trees that parse in
 * less than 40 ms (UKCONFIG_CACHE_MIN_MS) are not cached: parsing them is as
 * fast as checking a cache.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, utimesSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { cacheEnabled, cacheFileFor, CACHE_FORMAT, evictOldest, replaceFile } from './tree-cache-key.js';
export { cacheEnabled };
import { constants, Expr, type ExprType } from './expr.js';
import type { Kconfig } from './kconfig.js';
import { MenuNode, type FileRef, type HelpTexts } from './menu.js';
import { SourceRecheck } from './source-path.js';
import type { ShellRunner } from './shell.js';
import type { ProbePlan } from './probes.js';
import { KSymbol, Property, type PropType, type ReverseDependency } from './symbol.js';

const MAGIC = 'UKKCACHE';
/** Bytes before the metadata: the magic, the format and six section sizes. */
const HEADER = 36;
/** Ints stored per menu node (see encode). */
const MENU_INTS = 11;
/** Parses faster than this (ms) are not worth caching. */
const MIN_PARSE_MS = 40;

interface Inputs {
  root: string;
  cwd: string;
  extensions: boolean;
  srctree: string | null;
  /** name as given -> resolved path (null: not found), stat identity. */
  files: [string, string | null, string][];
  /** pattern, matches, and what expanding it read (path, settledIdentity before the read). */
  globs: [string, string[], [string, string][]][];
  env: [string, string | null][];
  shell: [string, string, string][];
}

interface Meta {
  inputs: Inputs;
  /** How the probes can be started ahead (the scout's log; null: one by one as the parse reaches them). */
  probePlan: ProbePlan | null;
  outputs: [0 | 1, string][];
  envUsed: { name: string; value: string }[];
  modulesDefined: boolean;
  counts: { files: number; exprs: number; props: number; menus: number; symbols: number };
  diagnostics: Kconfig['diagnostics'];
}

/** A cache entry's objects, built but not yet part of a tree (CachedTree.decode). */
export interface DecodedTree {
  files: FileRef[];
  exprs: Expr[];
  symbols: KSymbol[];
  buckets: [number, KSymbol[]][];
  props: Property[];
  /** Index 0 is the tree's own root node. */
  menus: MenuNode[];
  modulesSym: KSymbol;
  ints: Int32Array;
  /** Where the menu nodes' links start in `ints`. */
  menuData: number;
}

/** One entry per root file (as resolved, so any working directory finds it) and setting. */
function cachePath(kc: Kconfig, root: string): string | null {
  const file = kc.resolvePath(root);
  return file === null ? null : cacheFileFor(file, kc.extensions, kc.env);
}

/** Entries kept: the most recently used ones (each is ~10 MB for Linux). */
const MAX_ENTRIES = 8;

function identity(path: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? statsIdentity(st) : 'missing';
}

/** Size, times and inode: an edit in place, a replacement or a `cp -p` over it all change one. */
function statsIdentity(st: Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

/** identity(), or null when the path cannot be looked at (not permitted, a file where a folder was...). */
function identityOrNull(path: string): string | null {
  try {
    return identity(path);
  } catch {
    return null;
  }
}

/**
 * How long after its last change a directory's identity is trusted: the
 * kernel stamps times from a clock that ticks every few milliseconds, so a
 * directory changed again within the same tick as the glob read it keeps its
 * times (and a directory's size does not follow its entries).
 */
const SETTLED_MS = 2000;
const UNSETTLED = 'unsettled';

/** The identity of what a glob expansion reads, or UNSETTLED when it changed too recently to vouch for a listing. */
function settledIdentity(path: string): string {
  let st: Stats | undefined;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch {
    return UNSETTLED;
  }
  if (st === undefined) return 'missing';
  return Date.now() - Math.max(st.mtimeMs, st.ctimeMs) < SETTLED_MS ? UNSETTLED : statsIdentity(st);
}

// ---- recording a parse --------------------------------------------------------

/** Runs `parse` with every input it reads recorded; returns them with what it printed. */
export function recordParse(kc: Kconfig, root: string, parse: () => void): { inputs: Inputs; outputs: [0 | 1, string][]; ms: number } {
  const inputs: Inputs = {
    root,
    cwd: kc.cwd,
    extensions: kc.extensions,
    srctree: kc.env.srctree ?? null,
    files: [],
    globs: [],
    env: [],
    shell: [],
  };
  const outputs: [0 | 1, string][] = [];
  const out = kc.out;
  const shell = kc.shell;
  kc.out = {
    stdout: (t) => {
      outputs.push([0, t]);
      out.stdout(t);
    },
    stderr: (t) => {
      outputs.push([1, t]);
      out.stderr(t);
    },
  };
  kc.shell = {
    run: (cmd) => {
      const r = shell.run(cmd);
      inputs.shell.push([cmd, r.stdout, r.stderr]);
      return r;
    },
  };
  kc.pp.onEnvRead = (name, value) => inputs.env.push([name, value ?? null]);
  kc.onResolve = (name, found) => inputs.files.push([name, found?.path ?? null, found ? statsIdentity(found.stats) : 'missing']);
  let reads: [string, string][] = [];
  kc.onGlobRead = (path) => reads.push([path, settledIdentity(path)]);
  kc.onGlob = (pattern, found) => {
    inputs.globs.push([pattern, found, reads]);
    reads = [];
  };
  const t0 = performance.now();
  try {
    parse();
  } finally {
    kc.out = out;
    kc.shell = shell;
    kc.pp.onEnvRead = null;
    kc.onResolve = null;
    kc.onGlob = null;
    kc.onGlobRead = null;
  }
  return { inputs, outputs, ms: performance.now() - t0 };
}

// ---- writing ------------------------------------------------------------------

/** Stores the parsed tree of `kc` (best effort: a cache that cannot be written is skipped). */
export function saveTree(kc: Kconfig, root: string, rec: ReturnType<typeof recordParse>, plan: ProbePlan | null): void {
  const minMs = kc.env.UKCONFIG_CACHE_MIN_MS !== undefined ? Number(kc.env.UKCONFIG_CACHE_MIN_MS) : MIN_PARSE_MS;
  if (rec.ms < minMs) return;
  try {
    const path = cachePath(kc, root);
    if (path === null) return;
    replaceFile(path, encode(kc, rec, plan));
    evictOldest(join(path, '..'), (f) => f.startsWith('tree-') && f.endsWith('.bin'), MAX_ENTRIES);
  } catch {
    // Read-only or full disk: the next run parses again.
  }
}

class Writer {
  ints: number[] = [];
  strings: string[] = [];
  /** Help texts, stored apart: most commands never read them. */
  helps: string[] = [];
  private stringIds = new Map<string, number>();
  int(n: number): void {
    this.ints.push(n);
  }
  str(s: string | null): void {
    if (s === null) return this.int(-1);
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    this.int(id);
  }
  help(s: string | null): void {
    if (s === null) return this.int(-1);
    this.int(this.helps.length);
    this.helps.push(s);
  }
}

function encode(kc: Kconfig, rec: ReturnType<typeof recordParse>, plan: ProbePlan | null): Buffer {
  const w = new Writer();
  const symbols = kc.allSymbols();
  const symId = new Map<KSymbol, number>(symbols.map((s, i) => [s, i]));
  const files = kc.fileList;
  const fileId = new Map<FileRef, number>(files.map((f, i) => [f, i]));
  fileId.set(kc.rootMenu.file, -2);
  const menus: MenuNode[] = [];
  const menuId = new Map<MenuNode, number>();
  // Depth first, parents before children, without recursion.
  const todo: MenuNode[] = [kc.rootMenu];
  while (todo.length) {
    const m = todo.pop()!;
    menuId.set(m, menus.length);
    menus.push(m);
    const children: MenuNode[] = [];
    for (let c = m.list; c; c = c.next) children.push(c);
    for (let i = children.length - 1; i >= 0; i--) todo.push(children[i]);
  }
  const props: Property[] = [];
  const propId = new Map<Property, number>();
  const addProp = (p: Property | null) => {
    if (p && !propId.has(p)) {
      propId.set(p, props.length);
      props.push(p);
    }
  };
  for (const s of symbols) s.props.forEach(addProp);
  for (const m of menus) addProp(m.prompt);
  // Expressions are stored hash-consed: structurally equal subtrees become
  // one node (finalised expressions are never rewritten, so sharing is safe;
  // for Linux this stores ~52,000 nodes instead of ~178,000).
  const exprs: Expr[] = [];
  const exprId = new Map<Expr, number>();
  const byShape = new Map<string, number>();
  const symKey = (x: KSymbol | null) => (x === null ? -1 : x === constants.yes ? -2 : x === constants.mod ? -3 : x === constants.no ? -4 : symId.get(x)!);
  const addExpr = (root: Expr | null) => {
    if (!root || exprId.has(root)) return;
    // Post-order without recursion: children get their ids before parents.
    const todo: [Expr, boolean][] = [[root, false]];
    while (todo.length) {
      const [e, childrenDone] = todo.pop()!;
      if (exprId.has(e)) continue;
      if (!childrenDone) {
        todo.push([e, true]);
        if (e.r && !exprId.has(e.r)) todo.push([e.r, false]);
        if (e.l && !exprId.has(e.l)) todo.push([e.l, false]);
        continue;
      }
      const shape = `${e.type},${e.l ? exprId.get(e.l) : -1},${e.r ? exprId.get(e.r) : -1},${symKey(e.s1)},${symKey(e.s2)}`;
      let id = byShape.get(shape);
      if (id === undefined) {
        id = exprs.length;
        byShape.set(shape, id);
        exprs.push(e);
      }
      exprId.set(e, id);
    }
  };
  for (const s of symbols) {
    addExpr(s.dirDep);
    addExpr(s.revDep);
    addExpr(s.implied);
    for (const r of s.selectedBy) addExpr(r.condition);
    for (const r of s.impliedBy) addExpr(r.condition);
  }
  for (const p of props) {
    addExpr(p.visibleExpr);
    addExpr(p.expr);
  }
  for (const m of menus) {
    addExpr(m.dep);
    addExpr(m.visibility);
  }

  const sym = (s: KSymbol | null) => {
    if (s === null) return w.int(-1);
    if (s === constants.yes) return w.int(-2);
    if (s === constants.mod) return w.int(-3);
    if (s === constants.no) return w.int(-4);
    const id = symId.get(s);
    if (id === undefined) throw new Error('symbol outside the table');
    w.int(id);
  };
  const expr = (e: Expr | null) => w.int(e ? exprId.get(e)! : -1);
  const file = (f: FileRef | null) => w.int(f ? (fileId.get(f) ?? -2) : -1);
  const menu = (m: MenuNode | null) => w.int(m ? (menuId.get(m) ?? -1) : -1);
  const prop = (p: Property | null) => w.int(p ? propId.get(p)! : -1);

  for (const f of files) {
    w.str(f.name);
    file(f.parent);
    w.int(f.lineno);
  }
  for (const e of exprs) w.int(e.type);
  for (const e of exprs) {
    expr(e.l);
    expr(e.r);
    sym(e.s1);
    sym(e.s2);
  }
  for (const s of symbols) {
    w.str(s.name);
    w.int(s.flags);
  }
  const buckets = kc.bucketsForCache();
  w.int(buckets.length);
  for (const [i, list] of buckets) {
    w.int(i);
    w.int(list.length);
    for (const s of list) sym(s);
  }
  for (const p of props) {
    w.int(p.type);
    w.str(p.text);
    expr(p.visibleExpr);
    expr(p.expr);
    menu(p.menu);
    file(p.file);
    w.int(p.lineno);
  }
  for (const m of menus) {
    sym(m.sym);
    prop(m.prompt);
    expr(m.visibility);
    expr(m.dep);
    w.int(m.flags);
    w.help(m.help);
    file(m.file);
    w.int(m.lineno);
    menu(m.next);
    menu(m.parent);
    menu(m.list);
  }
  const revs = (list: ReverseDependency[]) => {
    w.int(list.length);
    for (const r of list) {
      sym(r.symbol);
      expr(r.condition);
      prop(r.property);
    }
  };
  for (const s of symbols) {
    w.int(s.type);
    w.int(s.props.length);
    for (const p of s.props) prop(p);
    expr(s.dirDep);
    expr(s.revDep);
    expr(s.implied);
    sym(s.choice);
    w.int(s.choiceMembers.length);
    for (const m of s.choiceMembers) sym(m);
    revs(s.selectedBy);
    revs(s.impliedBy);
  }
  sym(kc.modulesSym);

  const meta: Meta = {
    inputs: rec.inputs,
    probePlan: plan,
    outputs: rec.outputs,
    envUsed: kc.pp.envUsed,
    modulesDefined: kc.modulesDefined,
    counts: { files: files.length, exprs: exprs.length, props: props.length, menus: menus.length, symbols: symbols.length },
    diagnostics: kc.diagnostics,
  };
  // Padded with spaces so that the int arrays after it start 4-byte aligned
  // and can be read in place.
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const metaBuf = Buffer.concat([json, Buffer.from('    '.slice(0, (4 - ((HEADER + json.length) % 4)) % 4))]);
  const blob = w.strings.join('');
  const lengths = Int32Array.from(w.strings, (s) => s.length);
  const ints = Int32Array.from(w.ints);
  const helpBlob = w.helps.join('');
  const helpLengths = Int32Array.from(w.helps, (s) => s.length);
  const head = Buffer.alloc(HEADER);
  head.write(MAGIC, 0, 'latin1');
  [CACHE_FORMAT, metaBuf.length, ints.length, lengths.length, blob.length, helpLengths.length, helpBlob.length].forEach((n, i) =>
    head.writeInt32LE(n, 8 + 4 * i),
  );
  const bytes = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  // The help section comes last: a reader stops before it.
  return Buffer.concat([head, metaBuf, bytes(ints), bytes(lengths), Buffer.from(blob, 'latin1'), bytes(helpLengths), Buffer.from(helpBlob, 'latin1')]);
}

// ---- reading ------------------------------------------------------------------

/** A cache file found for a tree, not yet checked against the current inputs. */
export class CachedTree {
  constructor(
    private readonly data: Buffer,
    readonly meta: Meta,
    private readonly offsets: { ints: number; lengths: number; blob: number },
    private readonly counts: { ints: number; strings: number; blobLength: number },
    private readonly helpTexts: HelpTexts,
  ) {}

  /** The probe commands of the cached parse, in order, with their output then. */
  get probes(): [string, string, string][] {
    return this.meta.inputs.shell;
  }

  /** How the probes can be started ahead (null: one by one). */
  get probePlan(): ProbePlan | null {
    return this.meta.probePlan;
  }

  /** Whether every input but the probes is as it was (see probesCurrent). */
  inputsCurrent(kc: Kconfig): boolean {
    const inp = this.meta.inputs;
    // The working directory may differ: every name must then still resolve to the same file.
    if (inp.extensions !== kc.extensions || inp.srctree !== (kc.env.srctree ?? null)) return false;
    for (const [name, value] of inp.env) if ((kc.env[name] ?? null) !== value) return false;
    const files = new SourceRecheck(kc.cwd, kc.env.srctree);
    // Indexed, without destructuring: runs once, unoptimised, where either allocates per step.
    // The parse resolves most names twice (Linux: ~1,500 files, ~3,000
    // entries): a name already checked with the same answer is not looked up again.
    const checked = new Map<string, string>();
    for (let i = 0; i < inp.files.length; i++) {
      const file = inp.files[i];
      const path = file[1];
      const answer = `${path}\0${file[2]}`;
      if (checked.get(file[0]) === answer) continue;
      checked.set(file[0], answer);
      const now = files.locate(file[0], path);
      if ((now?.path ?? null) !== path) return false;
      if (now && statsIdentity(now.stats) !== file[2]) return false;
    }
    for (const [pattern, found, reads] of inp.globs) {
      // Nothing it read has changed (each directory's listing is as it was): the same matches.
      if (reads.length > 0 && reads.every(([path, id]) => id !== UNSETTLED && identityOrNull(path) === id)) continue;
      const now = kc.glob(pattern);
      if (now.length !== found.length || now.some((f, i) => f !== found[i])) return false;
    }
    return true;
  }

  /**
   * Whether the probes give what they gave; `shell` gives their outputs now.
   * Asked last: the tree can be decoded while the probes still run. Asked
   * in order, and not beyond the first that differs: with it, a serial parse
   * may not reach the next ones.
   */
  probesCurrent(shell: ShellRunner): boolean {
    for (const [cmd, stdout, stderr] of this.meta.inputs.shell) {
      const r = shell.run(cmd);
      if (r.stdout !== stdout || r.stderr !== stderr) return false;
    }
    return true;
  }

  /**
   * Builds the cached tree's objects for `kc` without changing `kc`: until
   * `install`, the tree can still be dropped (when a probe's output changed).
   * `tick` is called every few thousand objects (probes started ahead go on
   * meanwhile).
   */
  decode(kc: Kconfig, tick: () => void = () => {}): DecodedTree {
    const { counts } = this.meta;
    const ints = new Int32Array(this.data.buffer, this.data.byteOffset + this.offsets.ints, this.counts.ints);
    const lengths = new Int32Array(this.data.buffer, this.data.byteOffset + this.offsets.lengths, this.counts.strings);
    const blob = this.data.toString('latin1', this.offsets.blob, this.offsets.blob + this.counts.blobLength);
    const strings: string[] = new Array(lengths.length);
    let off = 0;
    for (let i = 0; i < lengths.length; i++) {
      strings[i] = blob.slice(off, off + lengths[i]);
      off += lengths[i];
    }
    const tree: DecodedTree = {
      files: [],
      exprs: new Array(counts.exprs),
      symbols: new Array(counts.symbols),
      buckets: [],
      props: new Array(counts.props),
      menus: new Array(counts.menus),
      modulesSym: constants.no,
      ints,
      menuData: 0,
    };
    const { files, exprs, symbols, buckets, props, menus } = tree;
    const { symOf, exprOf, propOf, menuOf, fileOf } = lookups(kc, tree);
    // Local closures, not a Cursor: these loops run once, cold, and a Cursor measured ~5 ms slower.
    let pos = 0;
    const int = () => ints[pos++];
    const str = () => {
      const i = ints[pos++];
      return i < 0 ? null : strings[i];
    };

    const fileParents: number[] = [];
    for (let i = 0; i < counts.files; i++) {
      const name = str()!;
      fileParents.push(int());
      files.push({ name, parent: null, lineno: int() });
    }
    files.forEach((f, i) => (f.parent = fileOf(fileParents[i])));

    for (let i = 0; i < counts.exprs; i++) {
      if ((i & 4095) === 0) tick();
      exprs[i] = new Expr(int() as ExprType);
    }
    // Symbols are created before expressions are linked (expressions name them).
    let sp = pos + counts.exprs * 4;
    for (let i = 0; i < counts.symbols; i++) {
      if ((i & 4095) === 0) tick();
      const nameId = ints[sp++];
      symbols[i] = new KSymbol(kc, nameId < 0 ? null : strings[nameId], ints[sp++]);
    }
    for (let i = 0; i < counts.exprs; i++) {
      if ((i & 4095) === 0) tick();
      const e = exprs[i];
      e.l = exprOf(int());
      e.r = exprOf(int());
      e.s1 = symOf(int());
      e.s2 = symOf(int());
    }
    pos = sp;
    const nb = int();
    for (let b = 0; b < nb; b++) {
      const index = int();
      const n = int();
      const list: KSymbol[] = new Array(n);
      for (let j = 0; j < n; j++) list[j] = symOf(int())!;
      buckets.push([index, list]);
    }

    menus[0] = kc.rootMenu;
    for (let i = 1; i < counts.menus; i++) menus[i] = new MenuNode(null, kc.rootMenu.file, 0);
    for (let i = 0; i < counts.props; i++) {
      if ((i & 4095) === 0) tick();
      const type = int() as PropType;
      const text = str();
      const visibleExpr = exprOf(int());
      const expr = exprOf(int());
      const menu = menuOf(int());
      const file = fileOf(int())!;
      const p = new Property(type, menu, file, int());
      p.text = text;
      p.visibleExpr = visibleExpr;
      p.expr = expr;
      props[i] = p;
    }
    // The menu nodes' links are read at install (the root node is kc's own).
    tree.menuData = pos;
    pos += MENU_INTS * counts.menus;
    const revs = (): ReverseDependency[] | null => {
      const n = int();
      if (n === 0) return null;
      const out: ReverseDependency[] = new Array(n);
      for (let j = 0; j < n; j++) out[j] = { symbol: symOf(int())!, condition: exprOf(int()), property: propOf(int())! };
      return out;
    };
    for (let i = 0; i < counts.symbols; i++) {
      if ((i & 4095) === 0) tick();
      const s = symbols[i];
      s.type = int();
      const np = int();
      const list: Property[] = new Array(np);
      for (let j = 0; j < np; j++) list[j] = propOf(int())!;
      s.props = list;
      s.dirDep = exprOf(int());
      s.revDep = exprOf(int());
      s.implied = exprOf(int());
      s.choice = symOf(int());
      const nm = int();
      if (nm) {
        s.choiceMembers = new Array(nm);
        for (let j = 0; j < nm; j++) s.choiceMembers[j] = symOf(int())!;
      }
      const sel = revs();
      if (sel) s.selectedBy = sel;
      const imp = revs();
      if (imp) s.impliedBy = imp;
    }
    tree.modulesSym = symOf(int()) ?? constants.no;
    return tree;
  }

  /** Fills `kc` (fresh, unparsed) with a decoded tree and prints what the parse printed. */
  install(kc: Kconfig, tree: DecodedTree): void {
    const { symOf, exprOf, propOf, menuOf, fileOf } = lookups(kc, tree);
    const c = new Cursor(tree.ints, tree.menuData);
    const menus = tree.menus;
    for (let i = 0; i < menus.length; i++) {
      const m = menus[i];
      m.sym = symOf(c.int());
      m.prompt = propOf(c.int());
      m.visibility = exprOf(c.int());
      m.dep = exprOf(c.int());
      m.flags = c.int();
      const help = c.int();
      if (help < 0) m.help = null;
      else m.deferHelp(this.helpTexts, help);
      m.file = fileOf(c.int()) ?? kc.rootMenu.file;
      m.lineno = c.int();
      m.next = menuOf(c.int());
      m.parent = menuOf(c.int());
      m.list = menuOf(c.int());
    }
    kc.modulesSym = tree.modulesSym;
    kc.modulesDefined = this.meta.modulesDefined;
    kc.restoreBuckets(tree.buckets);
    kc.restoreFiles(tree.files);
    kc.pp.restoreEnvUsed(this.meta.envUsed);
    kc.diagnostics.push(...this.meta.diagnostics);
    for (const [stream, text] of this.meta.outputs) (stream ? kc.out.stderr : kc.out.stdout)(text);
    kc.changed = true;
  }
}

/** Reads an entry's int stream from `pos`. */
class Cursor {
  constructor(
    private readonly ints: Int32Array,
    public pos: number,
  ) {}
  int(): number {
    return this.ints[this.pos++];
  }
}

/** Stored ids to the decoded objects (negative ids: none, or a constant or kc's own). */
function lookups(kc: Kconfig, t: DecodedTree) {
  return {
    symOf: (i: number): KSymbol | null =>
      i >= 0 ? t.symbols[i] : i === -2 ? constants.yes : i === -3 ? constants.mod : i === -4 ? constants.no : null,
    exprOf: (i: number): Expr | null => (i < 0 ? null : t.exprs[i]),
    propOf: (i: number): Property | null => (i < 0 ? null : t.props[i]),
    menuOf: (i: number): MenuNode | null => (i < 0 ? null : t.menus[i]),
    fileOf: (i: number): FileRef | null => (i === -1 ? null : i === -2 ? kc.rootMenu.file : t.files[i]),
  };
}

// The entry read last: the probe prefetch and the load that follows both need it.
let lastOpened: { path: string; identity: string; entry: CachedTree | null } | null = null;

/** The cache entry for `root` in `kc`'s setting, if there is a readable one. */
export function openCachedTree(kc: Kconfig, root: string): CachedTree | null {
  if (!cacheEnabled(kc.env)) return null;
  const path = cachePath(kc, root);
  if (path === null) return null;
  const id = identity(path);
  if (id === 'missing') return null;
  if (lastOpened && lastOpened.path === path && lastOpened.identity === id) return lastOpened.entry;
  const entry = readEntry(path, root);
  // A use counts as recent for eviction.
  if (entry) touch(path);
  lastOpened = { path, identity: identity(path), entry };
  return entry;
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Read-only cache: eviction order just stays as it was.
  }
}

function readEntry(path: string, root: string): CachedTree | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  let helpTexts: EntryHelpTexts | null = null;
  try {
    const head = Buffer.alloc(HEADER);
    if (readAt(fd, head, 0) !== HEADER || head.toString('latin1', 0, 8) !== MAGIC) return null;
    const [format, metaLen, nInts, nStrings, blobLength, nHelps, helpBlobLength] = Array.from({ length: 7 }, (_, i) => head.readInt32LE(8 + 4 * i));
    if (format !== CACHE_FORMAT) return null;
    // Everything but the help section, which stays in the file until asked for.
    const eager = HEADER + metaLen + 4 * nInts + 4 * nStrings + blobLength;
    if (eager + 4 * nHelps + helpBlobLength !== fstatSync(fd).size) return null;
    let data = Buffer.allocUnsafe(eager);
    if (readAt(fd, data, 0) !== eager) return null;
    let off = HEADER;
    const meta = JSON.parse(data.toString('utf8', off, off + metaLen)) as Meta;
    off += metaLen;
    // Int32Array views need 4-byte alignment: copy into an aligned buffer when needed.
    if ((data.byteOffset + off) % 4 !== 0) {
      const aligned = Buffer.alloc(data.length - off + 4);
      data.copy(aligned, 0, off);
      data = aligned;
      off = 0;
    }
    if (meta.inputs.root !== root) return null;
    const ints = off;
    const lengths = ints + nInts * 4;
    const blob = lengths + nStrings * 4;
    helpTexts = new EntryHelpTexts(fd, eager, nHelps, helpBlobLength);
    return new CachedTree(data, meta, { ints, lengths, blob }, { ints: nInts, strings: nStrings, blobLength }, helpTexts);
  } catch {
    return null;
  } finally {
    if (helpTexts === null) closeSync(fd);
  }
}

/** Reads into all of `buf` from `position`; returns the bytes read (fewer at the end of the file). */
function readAt(fd: number, buf: Buffer, position: number): number {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * An entry's help section, read on first use through the descriptor the
 * entry was read from: the file may be replaced meanwhile (a cache entry is
 * only ever renamed over), the open file stays what it was.
 */
class EntryHelpTexts implements HelpTexts {
  private texts: string[] | null = null;

  constructor(
    private readonly fd: number,
    private readonly offset: number,
    private readonly count: number,
    private readonly blobLength: number,
  ) {}

  text(id: number): string {
    this.texts ??= this.load();
    return this.texts[id];
  }

  private load(): string[] {
    const data = Buffer.allocUnsafe(4 * this.count + this.blobLength);
    const got = readAt(this.fd, data, this.offset);
    closeSync(this.fd);
    if (got !== data.length) throw new Error(`tree cache: help texts cut short (${got} of ${data.length} bytes)`);
    const blob = data.toString('latin1', 4 * this.count);
    const texts: string[] = new Array(this.count);
    for (let i = 0, off = 0; i < this.count; i++) {
      const length = data.readInt32LE(4 * i);
      texts[i] = blob.slice(off, off + length);
      off += length;
    }
    return texts;
  }
}
