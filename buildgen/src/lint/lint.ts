/**
 * The dependency lint: every header a library includes from another
 * library, and every symbol it takes from another, must be there in every
 * image the menu allows, through the library's Kconfig `depends on` or
 * `select` (directly or down a chain).
 *
 * For each include and each reference the lint forms two conditions: where
 * it may compile (the library is enabled, its manifest statement applies,
 * the `#if`s around it may hold) and where what it needs is there (some
 * library that publishes the header or exports the symbol is enabled, with
 * its own statement's condition). The resolver then searches every
 * configuration of the tree that is an image (exactly one platform on)
 * for one where the first holds and the second does not: none is a proof,
 * one is a problem reported with the file and line, an example
 * configuration and the Kconfig line that fixes it.
 *
 * A header of another library is not read again from the includer: the
 * providing library's own check covers what the header needs (it is only
 * on the include path when that library is enabled). A macro is checked
 * where it is used, since that is where its expansion compiles.
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { exprToString, forEachExprSymbol, type Expr, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import { ConfigurationSpace, type ConfigurationSearch } from '../../../resolver/src/index.js';
import { Conditions } from '../conditions.js';
import { platformSymbols } from '../image-config.js';
import type { Manifest } from '../manifest.js';
import { Problems } from '../problems.js';
import type { MacroDefinition, RawGuard, ScannedFile } from './c-scan.js';
import { CppConditions, type Language } from './cpp-condition.js';
import { and, conjuncts, expr, not, or, text, type Formula } from './formula.js';
import { SYSCALL_TABLE_HEADER, syscallEntry } from '../syscall-table.js';
import { filesUnder, headerIndex, languageOf, libraryOf, SourceCache, type HeaderProvider, type Library } from './library-files.js';

export interface LintInput {
  kc: Kconfig;
  manifests: Manifest[];
  /** native/include: the headers every image has. */
  sharedInclude: string;
}

export interface LintFinding {
  kind: 'include' | 'symbol' | 'no-header';
  /** The including or referencing file (absolute) and line. */
  file: string;
  line: number;
  library: string;
  /** `#include <uk/x.h>`, or the symbol's name. */
  subject: string;
  /** The macros the symbol comes through, outermost first. */
  via: { macro: string; file: string; line: number }[];
  /** Libraries that publish the header or export the symbol. */
  providers: string[];
  /** Kconfig condition under which it is there. */
  needs: string;
  /** User values (from the defaults) giving an image where it compiles and is missing; null when none was confirmed. */
  example: { symbol: string; value: string }[] | null;
  /** The Kconfig line to add: where (the line it would have) and what. */
  fix: { file: string; line: number; text: string } | null;
  /** The solver gave up (never with the default settings). */
  undecided?: boolean;
}

export interface LintResult {
  findings: LintFinding[];
  libraries: number;
  /** Includes and references checked (each site once). */
  includes: number;
  references: number;
  /** Questions the solver answered (distinct conditions). */
  questions: number;
  /** The symbols each library takes from others (by library name), checked or not. */
  taken: Map<string, Set<string>>;
}

/** Headers every image's build generates (on every library's include path). */
const GENERATED_HEADERS = new Set([SYSCALL_TABLE_HEADER]);
/** Headers the compiler itself has (-isystem of its own include folder): freestanding C. */
const COMPILER_HEADERS = new Set(['float.h', 'iso646.h', 'limits.h', 'stdalign.h', 'stdarg.h', 'stdatomic.h', 'stdbool.h', 'stddef.h', 'stdint.h', 'stdnoreturn.h']);

/** Functions GCC may call from any C file (copies and clears of structures): native/README.md. */
const IMPLICIT_CALLS = ['memcpy', 'memset', 'memmove', 'memcmp'];

/** Toolchain macros per architecture (native/toolchain/<arch>.mk), by the architecture's option. */
const ARCH_MACROS: [string, string][] = [
  ['__x86_64__', 'ARCH_X86_64'],
  ['__aarch64__', 'ARCH_ARM64'],
  ['__arm__', 'ARCH_ARM32'],
  ['__mips__', 'ARCH_MIPS'],
];

interface Site {
  kind: LintFinding['kind'];
  library: Library;
  file: string;
  line: number;
  subject: string;
  via: LintFinding['via'];
  /** Where it may compile, besides the library being enabled. */
  where: Formula;
  providers: Provider[];
}

/** One visit of a file for a library, under the conditions that bring it in. */
interface Visit {
  library: Library;
  file: string;
  scanned: ScannedFile;
  context: Formula;
  language: Language;
}

interface Provider {
  library: Library;
  when: Formula;
}

/** The shared headers as a library of their own that every image has (its findings have no Kconfig fix). */
function sharedLibrary(dir: string): Library {
  const manifest: Manifest = { file: join(dir, 'library.uk'), dir, name: 'native', nameLine: 0, purpose: null, enabledIf: { text: 'y', line: 0 }, entries: [], origin: null, build: null };
  return { manifest, name: 'native', enabled: true, sources: [], includes: [{ dir, when: true }], privateIncludes: [], exports: [], sameApiAs: [], upstreamHeaders: false };
}

export function lintLibraries(input: LintInput): LintResult {
  return new Linter(input).run();
}

class Linter {
  private readonly kc: Kconfig;
  private readonly libraries: Library[];
  private readonly files = new SourceCache();
  private readonly headers: Map<string, HeaderProvider[]>;
  private readonly shared: Set<string>;
  private readonly cpp: CppConditions;
  private readonly image: Formula;
  private readonly exprs = new Map<string, Expr>();
  private readonly answers = new Map<string, ConfigurationSearch>();
  private readonly space: ConfigurationSpace;
  private readonly visits: Visit[] = [];
  private readonly sites: Site[] = [];
  private readonly taken = new Map<string, Set<string>>();
  private readonly macros = new Map<string, { def: MacroDefinition; file: string }[]>();
  /** Static (inline) functions of headers, by name: their calls compile into the object that calls them. */
  private readonly inlines = new Map<string, string[]>();
  /** CONFIG_ macros some source defines itself (filled once every file is read). */
  private readonly redefined = new Set<string>();
  /** Names each library defines itself or exports. */
  private readonly owned = new Map<Library, Set<string>>();
  private syscalls: { library: Library; entry: string; when: Formula }[] | undefined;

  constructor(private readonly input: LintInput) {
    this.kc = input.kc;
    this.space = new ConfigurationSpace(input.kc);
    const conditions = new Conditions(input.kc, input.manifests);
    if (conditions.errors.length) throw new Problems(conditions.errors);
    this.libraries = input.manifests.map(libraryOf);
    this.headers = headerIndex(this.libraries);
    this.shared = new Set(filesUnder(input.sharedInclude));
    this.cpp = new CppConditions({
      prefix: input.kc.configPrefix,
      redefined: this.redefined,
      predefined: new Map(ARCH_MACROS.filter(([, sym]) => this.kc.symbol(sym)?.isDefined).map(([m, sym]) => [m, expr(sym)])),
      symbolClass: (name) => {
        const s = this.kc.symbol(name);
        if (!s || !s.isDefined) return 'undefined';
        return s.isLogical() ? 'logical' : 'other';
      },
    });
    // An image has exactly one platform on (docs/manifest-format.md, the per-image view).
    const plats = platformSymbols(input.kc).map((s) => expr(s.name!));
    const pairs = plats.flatMap((p, i) => plats.slice(i + 1).map((q) => not(and(p, q))));
    this.image = plats.length ? and(or(...plats), ...pairs) : true;
  }

  run(): LintResult {
    const native = sharedLibrary(this.input.sharedInclude);
    // First only read every file the compiler may read: a CONFIG_ macro a
    // source defines itself is unknown everywhere, which must be known
    // before any condition is translated; and the macros are needed.
    this.visitAll(native, true);
    for (const [file, f] of this.files.entries()) {
      for (const m of f.ownMacros) if (m.startsWith(this.kc.configPrefix)) this.redefined.add(m);
      for (const def of f.macros) (this.macros.get(def.name) ?? this.macros.set(def.name, []).get(def.name)!).push({ def, file });
      if (languageOf(file) !== 'asm' && file.endsWith('.h')) {
        for (const d of f.definitions) if (!d.global) (this.inlines.get(d.name) ?? this.inlines.set(d.name, []).get(d.name)!).push(file);
      }
    }
    this.visitAll(native, false);
    const providers = this.symbolProviders();
    for (const v of this.visits) this.references(v, providers);
    this.generatedTableCalls();
    return this.decideAll();
  }

  // ---- includes ---------------------------------------------------------------

  /** Every library's sources and public headers; the shared headers, whose inline functions' uses every image must have. */
  private visitAll(native: Library, reading: boolean): void {
    for (const lib of this.libraries) {
      for (const src of lib.sources) this.visit(lib, src.path, src.when, [], reading);
      for (const inc of lib.includes) for (const name of filesUnder(inc.dir)) this.visit(lib, join(inc.dir, name), inc.when, [], reading);
    }
    for (const name of this.shared) this.visit(native, join(this.input.sharedInclude, name), true, [], reading);
  }

  /** Follows a file's includes; `reading`: only read what they reach (no conditions, no sites). */
  private visit(lib: Library, file: string, context: Formula, stack: string[], reading = false): void {
    if (stack.includes(file)) return;
    const scanned = this.files.get(file);
    if (!scanned) return;
    const language = languageOf(file);
    if (!reading) this.visits.push({ library: lib, file, scanned, context, language });
    for (const inc of scanned.includes) {
      if (inc.name === null) continue;
      const where = reading ? true : and(context, this.guard(inc.guard, language));
      if (where === false) continue;
      const subject = `#include ${inc.angled ? `<${inc.name}>` : `"${inc.name}"`}`;
      const local = inc.angled ? null : join(dirname(file), inc.name);
      if (local !== null && existsSync(local)) {
        if (!this.isPublic(lib, local)) this.visit(lib, local, where, [...stack, file], reading);
        continue;
      }
      if (this.shared.has(inc.name) || GENERATED_HEADERS.has(inc.name)) continue;
      const own = lib.privateIncludes.map((p) => ({ path: join(p.dir, inc.name!), when: p.when })).filter((p) => existsSync(p.path));
      const published = this.headers.get(inc.name) ?? [];
      if (own.length === 0 && published.length === 0) {
        // A library built from third-party sources also has the headers of its upstream build, which the lint cannot read.
        if (lib.manifest.origin !== null && inc.angled) continue;
        if (reading || COMPILER_HEADERS.has(inc.name)) continue;
        // Nor the headers another such library installs from its upstream
        // build (musl's <dirent.h>) or publishes from its origin (lwIP's
        // <lwip/tcp.h>): the include is taken as theirs, so it needs one of
        // them, as any other.
        // Those with an upstream build first: a C library's headers are the likelier.
        const upstream = inc.angled ? this.libraries.filter((l) => l.upstreamHeaders).sort((a, b) => Number(a.manifest.build === null) - Number(b.manifest.build === null)) : [];
        if (upstream.length > 0) this.sites.push({ kind: 'include', library: lib, file, line: inc.line, subject, via: [], where, providers: upstream.map((l) => ({ library: l, when: l.enabled })) });
        else this.sites.push({ kind: 'no-header', library: lib, file, line: inc.line, subject, via: [], where, providers: [] });
        continue;
      }
      for (const p of own) this.visit(lib, p.path, and(where, p.when), [...stack, file], reading);
      if (reading) continue;
      // With the compiler's own header as the last resort, it always compiles.
      if (COMPILER_HEADERS.has(inc.name)) continue;
      const providers = [...own.map((p) => ({ library: lib, when: p.when })), ...published.map((p) => ({ library: p.library, when: p.when }))];
      this.sites.push({ kind: 'include', library: lib, file, line: inc.line, subject, via: [], where, providers });
    }
  }

  private isPublic(lib: Library, path: string): boolean {
    return lib.includes.some((i) => path.startsWith(i.dir + sep));
  }

  private guard(g: RawGuard, language: Language): Formula {
    return this.cpp.guard(g, language).over;
  }

  // ---- symbols ----------------------------------------------------------------

  /**
   * A library that includes the generated system call table calls the entry
   * of every system call a library of its image declares: taken, with no
   * question to ask (the table names only the libraries that are there).
   */
  private generatedTableCalls(): void {
    const entries = this.declaredSyscalls().map((d) => d.entry);
    for (const v of this.visits) {
      if (!v.scanned.includes.some((i) => i.name === SYSCALL_TABLE_HEADER)) continue;
      const taken = this.taken.get(v.library.name) ?? this.taken.set(v.library.name, new Set()).get(v.library.name)!;
      for (const e of entries) taken.add(e);
    }
  }

  /** Who exports each symbol: the export statements, or every global definition of a library without them. */
  private symbolProviders(): Map<string, Provider[]> {
    const out = new Map<string, Provider[]>();
    const add = (symbol: string, p: Provider) => (out.get(symbol) ?? out.set(symbol, []).get(symbol)!).push(p);
    for (const lib of this.libraries) {
      if (lib.exports) {
        for (const e of lib.exports) add(e.symbol, { library: lib, when: and(lib.enabled, e.when) });
        continue;
      }
      for (const src of lib.sources) {
        const f = this.files.get(src.path);
        for (const d of f?.definitions ?? []) {
          if (d.global) add(d.name, { library: lib, when: and(lib.enabled, src.when, this.cpp.guard(d.guard, languageOf(src.path)).under) });
        }
      }
    }
    // A declared system call's entry is defined through the layer's macro (token pasting the lint does not expand).
    for (const d of this.declaredSyscalls()) add(d.entry, { library: d.library, when: d.when });
    // A function exported in some configurations may be a static inline of
    // the library's public header in the others (uk_lcpu_count without SMP).
    for (const lib of this.libraries) {
      for (const inc of lib.includes) {
        for (const name of filesUnder(inc.dir)) {
          const path = join(inc.dir, name);
          for (const d of this.files.get(path)?.definitions ?? []) {
            if (d.global || !out.has(d.name)) continue;
            add(d.name, { library: lib, when: and(lib.enabled, inc.when, this.cpp.guard(d.guard, languageOf(path)).under) });
          }
        }
      }
    }
    // An implementation of another library's API provides its symbols too.
    for (const lib of this.libraries) {
      for (const other of lib.sameApiAs) {
        for (const list of out.values()) if (list.some((p) => p.library.name === other)) list.push({ library: lib, when: lib.enabled });
      }
    }
    return out;
  }

  /** Every system call entry a library's manifest declares, with the condition it is declared under; read once. */
  private declaredSyscalls(): { library: Library; entry: string; when: Formula }[] {
    this.syscalls ??= this.libraries.flatMap((library) =>
      library.manifest.entries
        .filter((e) => e.kind === 'syscall')
        .flatMap((e) => {
          const when = and(library.enabled, ...e.conditions.map((c) => expr(c.text)));
          return e.values.map((name) => ({ library, entry: syscallEntry(name), when }));
        }),
    );
    return this.syscalls;
  }

  /** Names a library defines itself (any file it compiles, static or not) or exports. */
  private ownNames(lib: Library): Set<string> {
    let names = this.owned.get(lib);
    if (!names) {
      names = new Set(lib.exports?.map((e) => e.symbol));
      for (const v of this.visits) if (v.library === lib) for (const d of v.scanned.definitions) names.add(d.name);
      this.owned.set(lib, names);
    }
    return names;
  }

  private references(v: Visit, providers: Map<string, Provider[]>): void {
    const own = this.ownNames(v.library);
    const seen = new Set<string>();
    const refer = (symbol: string, line: number, where: Formula, via: LintFinding['via']) => {
      if (where === false) return;
      const all = providers.get(symbol);
      const from = all?.filter((p) => p.library !== v.library);
      if (!from?.length) return;
      (this.taken.get(v.library.name) ?? this.taken.set(v.library.name, new Set()).get(v.library.name)!).add(symbol);
      // Defined by this library itself (in some configuration, or as another
      // implementation of an API it stands in for): no question to ask.
      if (own.has(symbol) || all!.some((p) => p.library === v.library)) return;
      const key = `${symbol} ${line} ${text(where)}`;
      if (seen.has(key)) return;
      seen.add(key);
      this.sites.push({ kind: 'symbol', library: v.library, file: v.file, line, subject: symbol, via, where, providers: from });
    };
    for (const u of v.scanned.uses) {
      const where = and(v.context, this.guard(u.guard, v.language));
      refer(u.name, u.line, where, []);
      this.expand(u.name, where, (symbol, w, via) => refer(symbol, u.line, w, via));
      if (!own.has(u.name)) this.inlineCalls(u.name, (symbol, via) => refer(symbol, u.line, where, via));
    }
    for (const m of v.scanned.mentions) {
      if (!this.macros.has(m.name)) continue;
      const where = and(v.context, this.guard(m.guard, v.language));
      this.expand(m.name, where, (symbol, w, via) => refer(symbol, m.line, w, via));
    }
    if (v.language === 'c' && v.library.sources.some((s) => s.path === v.file)) {
      for (const symbol of IMPLICIT_CALLS) refer(symbol, 1, v.context, [{ macro: '(a call GCC may emit)', file: v.file, line: 1 }]);
    }
  }

  /**
   * What a call of another library's static inline function takes: the
   * names used in the header that defines it (a superset of its body's),
   * which compile into the caller's object.
   */
  private inlineCalls(name: string, each: (symbol: string, via: LintFinding['via']) => void, seen = new Set<string>()): void {
    for (const file of this.inlines.get(name) ?? []) {
      if (seen.has(file)) continue;
      seen.add(file);
      const f = this.files.get(file)!;
      const local = new Set(f.definitions.map((d) => d.name));
      for (const u of f.uses) {
        if (local.has(u.name)) continue;
        each(u.name, [{ macro: name, file, line: u.line }]);
      }
    }
  }

  /** The identifiers a macro's expansion may hold, under the conditions of the definitions they come from. */
  private expand(name: string, where: Formula, each: (symbol: string, where: Formula, via: LintFinding['via']) => void, depth = 0, chain: string[] = []): void {
    const defs = this.macros.get(name);
    if (!defs || chain.includes(name) || depth > 32) return;
    for (const { def, file } of defs) {
      const w = and(where, this.guard(def.guard, 'header'));
      if (w === false) continue;
      for (const u of def.uses) {
        const via = [{ macro: name, file, line: def.line }];
        each(u, w, via);
        this.expand(u, w, (s, w2, inner) => each(s, w2, [...via, ...inner]), depth + 1, [...chain, name]);
      }
    }
  }

  // ---- decisions --------------------------------------------------------------

  private parse(f: Formula): Expr {
    const t = text(f);
    let e = this.exprs.get(t);
    if (!e) {
      e = this.kc.parseExpr(t);
      this.exprs.set(t, e);
    }
    return e;
  }

  /** Is there an image where every `holds` is y and `fails` is not? (cached) */
  private search(holds: Formula[], fails: Formula) {
    const all = and(this.image, ...holds);
    const key = `${text(all)} =/=> ${text(fails)}`;
    let r = this.answers.get(key);
    if (!r) {
      r = all === false || fails === true ? { found: false } : this.space.find({ holds: [this.parse(all)], fails: [this.parse(fails)] });
      this.answers.set(key, r);
    }
    return r;
  }

  private decideAll(): LintResult {
    const findings: LintFinding[] = [];
    const reported = new Set<string>();
    let includes = 0;
    let references = 0;
    for (const site of this.sites) {
      if (site.kind === 'symbol') references++;
      else includes++;
      const needs = or(...site.providers.map((p) => p.when));
      const r = this.search([site.library.enabled, site.where], needs);
      if (r.found === false) continue;
      const key = `${site.file}:${site.line}:${site.subject}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({
        kind: site.kind,
        file: site.file,
        line: site.line,
        library: site.library.name,
        subject: site.subject,
        via: site.via,
        providers: [...new Set(site.providers.map((p) => p.library.name))],
        needs: text(needs),
        example: r.found === true && r.example ? r.example.filter((c) => c.to !== 'default').map((c) => ({ symbol: c.symbol.name ?? '<choice>', value: c.to })) : null,
        fix: site.kind === 'no-header' ? null : this.fix(site, needs),
        ...(r.found === 'unknown' ? { undecided: true } : {}),
      });
    }
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    return { findings, libraries: this.libraries.length, includes, references, questions: this.answers.size, taken: this.taken };
  }

  // ---- the Kconfig line that fixes it ----------------------------------------------

  private fix(site: Site, needs: Formula): LintFinding['fix'] {
    const option = this.optionOf(site.library);
    if (!option) return null;
    const node = option.nodes.find((n) => this.inFolder(n.file.name, site.library)) ?? option.nodes[0];
    if (!node) return null;
    let last = node.lineno;
    for (const p of option.props) if (p.menu === node && p.lineno > last) last = p.lineno;
    // Only the conditions the library being enabled does not already imply.
    const enabled = site.library.enabled;
    const extra = and(...conjuncts(site.where).filter((c) => this.search([enabled], c).found !== false));
    const target = this.selectable(site, needs);
    const line = target
      ? `select ${target.name}${extra === true ? '' : ` if ${text(extra)}`}`
      : `depends on ${text(extra === true ? needs : or(needs, not(extra)))}`;
    return { file: resolve(node.file.name), line: last + 1, text: line };
  }

  /** The option that enables the library: a symbol of its enabled-if defined in its own folder, else the first. */
  private optionOf(lib: Library): KSymbol | null {
    const syms: KSymbol[] = [];
    forEachExprSymbol(this.parse(lib.enabled), (s) => {
      if (s.isDefined && !s.isConst()) syms.push(s);
    });
    return syms.find((s) => s.nodes.some((n) => this.inFolder(n.file.name, lib))) ?? syms[0] ?? null;
  }

  private inFolder(file: string, lib: Library): boolean {
    return !relative(lib.manifest.dir, resolve(file)).startsWith('..');
  }

  /**
   * The single option to select, when selecting it is safe: one provider
   * enabled by one bool option, not a choice member, whose own
   * dependencies hold wherever the use compiles (a select never forces a
   * symbol past its dependencies then).
   */
  private selectable(site: Site, needs: Formula): KSymbol | null {
    if (typeof needs !== 'object' || !('expr' in needs) || !/^[A-Za-z0-9_]+$/.test(needs.expr)) return null;
    const sym = this.kc.symbol(needs.expr);
    if (!sym || !sym.isDefined || !sym.isLogical() || sym.choice) return null;
    if (sym.directDep) {
      const deps = expr(exprToString(sym.directDep));
      if (this.search([site.library.enabled, site.where], deps).found !== false) return null;
    }
    return sym;
  }
}
