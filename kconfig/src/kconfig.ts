/**
 * A loaded Kconfig tree: the symbol table, the menu tree and the state the
 * reference tool keeps globally (MODULES, the changed flag, warning counts).
 */
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { isAbsolute } from 'node:path';
import { constants, forEachSymbol, setTransformNotice, type Expr } from './expr.js';
import { MenuNode, type FileRef } from './menu.js';
import { Preprocessor } from './preprocess.js';
import type { ShellRunner } from './shell.js';
import { ProbeRunner } from './probe-runner.js';
import { ConfData } from './confdata.js';
import { locateSourceFile, srctreeDir } from './source-path.js';
import { Parser } from './parser.js';
import {
  calcExpr,
  DefSlot,
  KSymbol,
  Property,
  PropType,
  resetConstants,
  SYM_CHOICE,
  SYM_CONST,
  SYM_DEF_USER,
  SYM_DEF_USER_UNGIVEN,
  SYM_NEED_SET_CHOICE_VALUES,
  SYM_VALID,
  SYMBOL_HASHSIZE,
  symbolHash,
  valuesInvalidated,
  withUserValue,
} from './symbol.js';

/** Where text goes: the CLI maps these to stdout/stderr; tests capture them. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: Output = {
  stdout: (t) => process.stdout.write(Buffer.from(t, 'latin1')),
  stderr: (t) => process.stderr.write(Buffer.from(t, 'latin1')),
};

/** Saved user values (opaque; see Kconfig.saveUserValues). */
export type UserValues = [KSymbol, number, KSymbol['defVal'][0], 0 | 1 | 2][];

/** A warning or error reported while loading or evaluating, with its location. */
export interface Diagnostic {
  severity: 'warning' | 'error';
  file: string | null;
  line: number | null;
  message: string;
  /** The exact text the reference tool prints for it. */
  text: string;
}

export interface KconfigOptions {
  /** Environment for macros and KCONFIG_* settings (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Runs $(shell,...) (default: like popen, one by one). */
  shell?: ShellRunner;
  /** Accept rsource/osource/orsource and globs in source paths (default false: Linux 6.1 exactly). */
  extensions?: boolean;
  output?: Output;
  /** Working directory used to resolve relative file names (default: process.cwd()). */
  cwd?: string;
  /** After a user change, recompute only what depends on it (for front ends; conf recomputes all). */
  incremental?: boolean;
  /**
   * Run all of the tree's $(shell) commands that a serial parse certainly
   * runs together, ahead of the parse (loadKconfigAsync; default: the
   * environment's UKCONFIG_PARALLEL_PROBES=1). Without it only a recognised
   * Kbuild tree's compiler probes run together; see docs/configuring.md.
   */
  parallelProbes?: boolean;
}

export class Kconfig {
  readonly env: Record<string, string | undefined>;
  readonly extensions: boolean;
  out: Output;
  readonly cwd: string;
  /** $CONFIG_, else CONFIG_: read once (an environment lookup per written line showed in profiles). */
  readonly configPrefix: string;
  readonly pp: Preprocessor;
  /** Runs $(shell) for the macros (setting it affects the parse that follows). */
  get shell(): ShellRunner {
    return this.pp.shell;
  }
  set shell(runner: ShellRunner) {
    this.pp.shell = runner;
  }
  readonly rootMenu: MenuNode;
  /** Buckets of the symbol table; iteration is bucket order, newest first within a bucket. */
  private buckets: (KSymbol[] | undefined)[] = new Array(SYMBOL_HASHSIZE);
  private ordered: KSymbol[] | null = null;
  /** Plain (non-constant, non-choice) symbols by name: the parser's common lookup (null: to be built from the buckets). */
  private plain: Map<string, KSymbol> | null = new Map();
  modulesSym: KSymbol = constants.no;
  /** A symbol carries the `modules` attribute. */
  modulesDefined = false;
  modulesVal: 0 | 1 | 2 = 0;
  /** Files read, newest first (the order auto.conf.cmd lists them). */
  readonly fileList: FileRef[] = [];
  private fileMap = new Map<string, FileRef>();
  readonly diagnostics: Diagnostic[] = [];
  /** Unmet-dependency warnings printed (KCONFIG_WERROR turns them into failure). */
  symWarnings = 0;
  changed = false;
  /** Counts computed values that changed: front ends compare it to know when to redraw. */
  valueChanges = 0;
  /** Line of the last statement parsed (where the reference tool attributes late properties). */
  lastParsedLine = 0;
  private lastParsedFile: FileRef | null = null;

  constructor(opts: KconfigOptions = {}) {
    this.env = opts.env ?? process.env;
    this.extensions = opts.extensions ?? false;
    this.incremental = opts.incremental ?? false;
    this.out = opts.output ?? processOutput;
    this.cwd = opts.cwd ?? process.cwd();
    this.configPrefix = this.env.CONFIG_ ?? 'CONFIG_';
    this.pp = new Preprocessor(this.env, opts.shell ?? new ProbeRunner(this.env as NodeJS.ProcessEnv, this.cwd));
    const root: FileRef = { name: '', parent: null, lineno: 0 };
    this.rootMenu = new MenuNode(null, root, 0);
    setTransformNotice((t) => this.out.stdout(t));
    resetConstants();
  }

  // ---- files -------------------------------------------------------------

  fileRef(name: string): FileRef {
    let f = this.fileMap.get(name);
    if (!f) {
      f = { name, parent: null, lineno: 0 };
      this.fileMap.set(name, f);
      this.fileList.unshift(f);
    }
    return f;
  }

  /** Sees every file name resolution during parsing: the tree cache records them. */
  onResolve: ((name: string, found: { path: string; stats: Stats } | null) => void) | null = null;

  /** A file as the reference tool opens it: the name as given, else under $srctree. */
  resolvePath(name: string): string | null {
    return this.locateFile(name)?.path ?? null;
  }

  /** resolvePath with the file's status. */
  locateFile(name: string): { path: string; stats: Stats } | null {
    const found = locateSourceFile(name, this.cwd, this.env.srctree);
    this.onResolve?.(name, found);
    return found;
  }


  setLastParsed(file: FileRef | null, line: number): void {
    this.lastParsedFile = file;
    this.lastParsedLine = line;
  }

  currentFileForFinalize(): FileRef {
    return this.lastParsedFile ?? this.rootMenu.file;
  }

  /**
   * Matches of a source glob, sorted; looked up like other sources: in the
   * working directory, then under $srctree.
   */
  glob(pattern: string): string[] {
    const bases = [this.cwd];
    const srctree = this.env.srctree;
    if (srctree !== undefined && !isAbsolute(pattern)) bases.push(srctreeDir(this.cwd, srctree));
    let found: string[] = [];
    const seen = this.onGlobRead;
    // What the expansion reads, told before each read (the tree cache records it).
    const fs: Partial<import('fast-glob').FileSystemAdapter> | null = seen && {
      readdirSync: ((path: string, options?: { withFileTypes: true }) =>
        (seen(path), options ? readdirSync(path, options) : readdirSync(path))) as import('fast-glob').FileSystemAdapter['readdirSync'],
      statSync: (path: string) => (seen(path), statSync(path)),
      lstatSync: (path: string) => (seen(path), lstatSync(path)),
    };
    for (const base of bases) {
      found = fastGlob().sync(pattern, { cwd: base, onlyFiles: true, absolute: false, ...(fs ? { fs } : {}) });
      if (found.length) break;
    }
    found.sort();
    this.onGlob?.(pattern, found);
    return found;
  }

  /** Sees every glob expansion during parsing: the tree cache records them. */
  onGlob: ((pattern: string, found: string[]) => void) | null = null;
  /** Sees each directory or file a glob expansion is about to read (before onGlob of that glob). */
  onGlobRead: ((path: string) => void) | null = null;

  /** Rebuilds the symbol table from buckets restored by the tree cache. */
  restoreBuckets(buckets: [number, KSymbol[]][]): void {
    this.buckets = new Array(SYMBOL_HASHSIZE);
    for (let i = 0; i < buckets.length; i++) this.buckets[buckets[i][0]] = buckets[i][1];
    // A restored tree is rarely parsed into again.
    this.plain = null;
    this.ordered = null;
    this.dependents = null;
  }

  /** Restores the list of files read (tree cache). */
  restoreFiles(files: FileRef[]): void {
    this.fileList.length = 0;
    this.fileMap.clear();
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      this.fileList.push(f);
      this.fileMap.set(f.name, f);
    }
  }

  /** The table's buckets, for the tree cache. */
  bucketsForCache(): [number, KSymbol[]][] {
    const out: [number, KSymbol[]][] = [];
    this.buckets.forEach((b, i) => {
      if (b && b.length) out.push([i, b]);
    });
    return out;
  }

  // ---- symbols -----------------------------------------------------------

  /** sym_lookup: finds or creates. `flags` picks the namespace (0, SYM_CONST or SYM_CHOICE). */
  lookup(name: string | null, flags: number): KSymbol {
    let hash = 0;
    if (name !== null) {
      if (name.length === 1) {
        if (name === 'y') return constants.yes;
        if (name === 'm') return constants.mod;
        if (name === 'n') return constants.no;
      }
      if (flags === 0) {
        const known = this.plainSymbols().get(name);
        if (known) return known;
      }
      hash = symbolHash(name) % SYMBOL_HASHSIZE;
      const bucket = this.buckets[hash];
      if (bucket) {
        for (let i = bucket.length - 1; i >= 0; i--) {
          const s = bucket[i];
          if (
            s.name === name &&
            (flags ? (s.flags & flags) !== 0 : (s.flags & (SYM_CONST | SYM_CHOICE)) === 0)
          )
            return s;
        }
      }
    }
    const sym = new KSymbol(this, name, flags);
    (this.buckets[hash] ??= []).push(sym);
    this.dependents = null;
    if (flags === 0 && name !== null) this.plainSymbols().set(name, sym);
    this.ordered = null;
    return sym;
  }

  private plainSymbols(): Map<string, KSymbol> {
    if (this.plain === null) {
      this.plain = new Map();
      for (const list of this.buckets) {
        if (list) for (const s of list) if (s.name !== null && !(s.flags & (SYM_CONST | SYM_CHOICE))) this.plain.set(s.name, s);
      }
    }
    return this.plain;
  }

  /** sym_find: an existing non-constant symbol (or y/m/n). */
  find(name: string): KSymbol | null {
    if (name.length === 1) {
      if (name === 'y') return constants.yes;
      if (name === 'm') return constants.mod;
      if (name === 'n') return constants.no;
    }
    const bucket = this.buckets[symbolHash(name) % SYMBOL_HASHSIZE];
    if (!bucket) return null;
    for (let i = bucket.length - 1; i >= 0; i--) {
      const s = bucket[i];
      if (s.name === name && !(s.flags & SYM_CONST)) return s;
    }
    return null;
  }

  /** Every symbol in symbol-table order (the order conf iterates them). */
  allSymbols(): KSymbol[] {
    if (this.ordered) return this.ordered;
    const list: KSymbol[] = [];
    for (let b = 0; b < this.buckets.length; b++) {
      const bucket = this.buckets[b];
      if (!bucket) continue;
      for (let i = bucket.length - 1; i >= 0; i--) list.push(bucket[i]);
    }
    this.ordered = list;
    return list;
  }

  // ---- global evaluation state --------------------------------------------

  /**
   * Recompute only what depends on a changed user value (front ends and the
   * resolver), instead of everything as conf does. Values are the same
   * either way; conf mode keeps the full recomputation because conf prints
   * warnings on every recomputation and its output must match.
   */
  incremental: boolean;
  private dependents: KSymbol[][] | null = null;

  /** Called after `sym`'s user value changed. */
  userValueChanged(sym: KSymbol): void {
    this.evalClean = false;
    if (!this.incremental || sym === this.modulesSym) {
      this.clearAllValid();
      return;
    }
    this.changed = true;
    const roots = [sym];
    // Choosing a member also changes the choice's user value.
    if (sym.choice) roots.push(sym.choice);
    this.invalidateFrom(roots);
  }

  /** Clears VALID on `roots` and everything whose value reads them, transitively. */
  invalidateFrom(roots: KSymbol[]): void {
    this.evalClean = false;
    valuesInvalidated();
    const deps = this.dependentsIndex();
    const stack = [...roots];
    const seen = new Set<KSymbol>(roots);
    while (stack.length) {
      const s = stack.pop()!;
      // Every tristate's effective type follows MODULES.
      if (s === this.modulesSym) return this.clearAllValid();
      s.flags &= ~SYM_VALID;
      const list = deps[s.index];
      if (!list) continue;
      for (const t of list) {
        if (seen.has(t)) continue;
        seen.add(t);
        stack.push(t);
      }
    }
  }

  /** For each symbol (by index), the symbols whose computation reads it. */
  private dependentsIndex(): KSymbol[][] {
    if (this.dependents) return this.dependents;
    const all = this.allSymbols();
    all.forEach((s, i) => (s.index = i));
    const deps: KSymbol[][] = new Array(all.length);
    const add = (from: KSymbol | null, reader: KSymbol) => {
      if (!from || from.index < 0 || from === reader) return;
      (deps[from.index] ??= []).push(reader);
    };
    const addExpr = (e: Expr | null, reader: KSymbol) => forEachSymbol(e, (s) => add(s, reader));
    for (const t of all) {
      addExpr(t.dirDep, t);
      addExpr(t.revDep, t);
      addExpr(t.implied, t);
      for (const p of t.props) {
        addExpr(p.visibleExpr, t);
        if (p.type === PropType.Default || p.type === PropType.Range) addExpr(p.expr, t);
      }
      if (t.choice) {
        add(t.choice, t);
        add(t, t.choice);
      }
      for (const m of t.choiceMembers) {
        add(m, t);
        add(t, m);
      }
    }
    this.dependents = deps;
    return deps;
  }

  /**
   * Every symbol has been computed since the last change of any user value,
   * and that computation printed no warning. Recomputing would then give the
   * same values and print nothing, so requests to recompute everything
   * (conf does it before writing .config and auto.conf) can be skipped.
   */
  evalClean = false;

  /** Forces every symbol to be recomputed (after any user value changes). */
  clearAllValid(): void {
    if (this.evalClean) {
      this.changed = true;
      return;
    }
    valuesInvalidated();
    for (const s of this.allSymbols()) s.flags &= ~SYM_VALID;
    this.changed = true;
    this.modulesSym.calcValue();
  }

  /** Unassigned members of a choice become n and the choice counts as answered. */
  setAllChoiceValues(choice: KSymbol): void {
    this.evalClean = false;
    for (const m of choice.choiceMembers) if (!m.hasValue()) m.defTri[DefSlot.User] = 0;
    choice.flags = withUserValue(choice.flags) & ~(SYM_VALID | SYM_NEED_SET_CHOICE_VALUES);
    valuesInvalidated();
  }

  // ---- public operations ----------------------------------------------------

  private data: ConfData | null = null;

  /** .config and generated-file I/O for this tree (messages silenced unless `messages` is set). */
  get confData(): ConfData {
    if (!this.data) {
      this.data = new ConfData(this);
      this.data.messages = null;
    }
    return this.data;
  }

  /** A symbol by name (defined or only referenced), or null. */
  symbol(name: string): KSymbol | null {
    const s = this.find(name);
    return s && !s.isConst() ? s : null;
  }

  /** Symbols defined by `config`/`menuconfig`, in symbol-table order. */
  definedSymbols(): KSymbol[] {
    return this.allSymbols().filter((s) => s.name !== null && !s.isChoice() && !s.isConst() && s.isDefined);
  }

  /** Choices (named and unnamed). */
  choices(): KSymbol[] {
    return this.allSymbols().filter((s) => s.isChoice());
  }

  /** Loads user values from a .config-style file; false when it cannot be read. */
  readConfig(path: string): boolean {
    return this.confData.read(path);
  }

  /** Writes .config atomically (keeping `<path>.old`); false on failure (`writeError` says why). */
  writeConfig(path: string): boolean {
    return this.confData.write(path) === 0;
  }

  /** Why the last writeConfig or writeMinimalConfig failed (errno's reason, e.g. "permission denied (EACCES)"). */
  get writeError(): string | null {
    return this.confData.lastWriteError;
  }

  /** The minimal configuration (savedefconfig's text), without writing it. */
  minimalConfigText(): string {
    return this.confData.minimalConfig();
  }

  /**
   * The symbols the minimal configuration names, in its order: the values
   * the user set that the tree would not give by itself.
   */
  minimalConfigSymbols(): KSymbol[] {
    return this.confData.minimalConfigSymbols();
  }

  /** Writes the minimal configuration (savedefconfig). */
  writeMinimalConfig(path: string): boolean {
    return this.confData.writeDefconfig(path);
  }

  /** Writes auto.conf, autoconf.h, rustc_cfg, auto.conf.cmd and include/config/ (syncconfig). */
  writeAutoconf(): boolean {
    return this.confData.writeAutoconf(true) === 0;
  }

  /** The full .config text for the current values (what writeConfig would write). */
  configText(): string {
    return this.confData.configText();
  }

  /**
   * The C header of the current values (autoconf.h's text: a #define per
   * symbol that is not n, named with the CONFIG_ prefix setting), without
   * writing it.
   */
  headerText(): string {
    return this.confData.headerText();
  }

  /** Parses an expression over this tree's symbols without changing the tree. */
  parseExpr(text: string, origin = '<expression>'): Expr {
    return new Parser(this).parseExpression(text, origin);
  }

  /** Evaluates an expression: 0 (n), 1 (m) or 2 (y). */
  evalExpr(text: string, origin?: string): 0 | 1 | 2 {
    return calcExpr(this.parseExpr(text, origin));
  }

  /**
   * The user values of every symbol (what .config and setValue give), to
   * put back later with restoreUserValues (undo, trying a plan).
   */
  saveUserValues(): UserValues {
    const saved: UserValues = [];
    for (const s of this.allSymbols()) {
      if (s.flags & SYM_DEF_USER || s.defVal[DefSlot.User] !== null || s.defTri[DefSlot.User] !== 0)
        saved.push([s, s.flags & (SYM_DEF_USER | SYM_DEF_USER_UNGIVEN), s.defVal[DefSlot.User], s.defTri[DefSlot.User]]);
    }
    return saved;
  }

  /** Puts back user values saved by saveUserValues; everything is recomputed. */
  restoreUserValues(saved: UserValues): void {
    for (const s of this.allSymbols()) {
      s.flags &= ~(SYM_DEF_USER | SYM_DEF_USER_UNGIVEN);
      s.defVal[DefSlot.User] = null;
      s.defTri[DefSlot.User] = 0;
    }
    for (const [s, flag, val, tri] of saved) {
      s.flags |= flag;
      s.defVal[DefSlot.User] = val;
      s.defTri[DefSlot.User] = tri;
    }
    this.evalClean = false;
    this.clearAllValid();
  }

  /** Calls `visit` for every menu node, depth first, in menu order. */
  walkMenu(visit: (node: MenuNode, depth: number) => void): void {
    // Depth first without recursion (automatic submenus nest as deep as dependency chains).
    const next: (MenuNode | null)[] = [this.rootMenu.list];
    while (next.length) {
      const c = next[next.length - 1];
      if (!c) {
        next.pop();
        continue;
      }
      next[next.length - 1] = c.next;
      visit(c, next.length - 1);
      next.push(c.list);
    }
  }

  // ---- diagnostics -------------------------------------------------------

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
    this.out.stderr(d.text);
  }

  warnAt(file: string, line: number, message: string): void {
    this.report({ severity: 'warning', file, line, message, text: `${file}:${line}:warning: ${message}\n` });
  }

  menuWarn(menu: MenuNode, message: string): void {
    this.warnAt(menu.file.name, menu.lineno, message);
  }

  propWarn(p: Property, message: string): void {
    this.warnAt(p.file.name, p.lineno, message);
  }

  warnUnmet(sym: KSymbol, text: string): void {
    this.symWarnings++;
    const def = sym.props.find((p) => p.type === PropType.Symbol);
    this.report({
      severity: 'warning',
      file: def ? def.menu!.file.name : null,
      line: def ? def.menu!.lineno : null,
      message: `unmet direct dependencies detected for ${sym.name}`,
      text,
    });
  }

}

// Loaded on first use: only extension-mode trees with glob sources need it.
let fastGlobModule: typeof import('fast-glob') | null = null;
function fastGlob(): typeof import('fast-glob') {
  fastGlobModule ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)('fast-glob') as typeof import('fast-glob');
  return fastGlobModule;
}

