/**
 * The dependency lint (buildgen/src/lint): on a test pool with two planted
 * problems it reports exactly those, with file, line, an example and the
 * Kconfig line that fixes them, and the fix it prints does fix them; each
 * way a use can be backed (a select chain, depends on, an #if guard, a
 * manifest condition) is what keeps its library clean, shown by taking it
 * away; and our own pools and examples pass.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKconfig } from 'kconfig-parser-ts';
import { projectPaths } from '../../workspace/src/index.js';
import { loadLibraries } from '../src/libraries.js';
import { lintLibraries, type LintResult } from '../src/lint/lint.js';
import { scanSource } from '../src/lint/c-scan.js';
import { CppConditions } from '../src/lint/cpp-condition.js';
import { text } from '../src/lint/formula.js';

const POOL = join(import.meta.dirname, 'lint-pool');
const silent = { stdout: () => {}, stderr: () => {} };
const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

function lintPool(pool: string, app: string | null = null): LintResult {
  const env = app ? { UK_APP: relative(pool, app) } : {};
  const kc = loadKconfig(join(pool, 'Config.uk'), { env, extensions: true, output: silent });
  return lintLibraries({ kc, manifests: loadLibraries(pool, app), sharedInclude: join(projectPaths().native, 'include') });
}

/** A copy of the test pool with some files rewritten. */
function poolWith(changes: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-pool-'));
  scratch.push(dir);
  cpSync(POOL, dir, { recursive: true });
  for (const [file, edit] of Object.entries(changes)) writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

/** The findings as `file:line: subject`, those of the planted library left out unless asked for. */
const where = (r: LintResult, pool: string, planted = true) =>
  r.findings.filter((f) => planted || f.library !== 'user').map((f) => `${relative(pool, f.file)}:${f.line}: ${f.subject}`);

describe('the test pool', () => {
  const r = lintPool(POOL);

  it('reports the planted include and symbol, each with its line, providers and an example', () => {
    expect(where(r, POOL)).toEqual(['lib/user/user.c:2: #include <uk/extra.h>', 'lib/user/user.c:7: extra_fn']);
    const [inc, sym] = r.findings;
    expect(inc.kind).toBe('include');
    expect(sym.kind).toBe('symbol');
    for (const f of r.findings) {
      expect(f.library).toBe('user');
      expect(f.providers).toEqual(['extra']);
      expect(f.needs).toBe('LIBEXTRA');
      // An image with user and without extra: the user asked for user (and a platform).
      expect(f.example!.map((c) => `${c.symbol}=${c.value}`)).toContain('LIBUSER=y');
      expect(f.example!.some((c) => c.symbol.startsWith('PLAT_') && c.value === 'y')).toBe(true);
    }
  });

  it('says which Kconfig line to add where: depends on, since selecting extra could force it past its dependency', () => {
    for (const f of r.findings) {
      expect(relative(POOL, f.fix!.file)).toBe('lib/user/Config.uk');
      // After the option's prompt and select, before its help.
      expect(f.fix!.line).toBe(4);
      expect(f.fix!.text).toBe('depends on LIBEXTRA');
    }
  });

  it('the line it prints fixes both', () => {
    const f = r.findings[0].fix!;
    const fixed = poolWith({
      'lib/user/Config.uk': (t) => {
        const lines = t.split('\n');
        lines.splice(f.line - 1, 0, `\t${f.text}`);
        return lines.join('\n');
      },
    });
    expect(lintPool(fixed).findings).toEqual([]);
  });

  it('suggests a select, with the condition of the use, where selecting is safe', () => {
    // plain has no dependencies: selecting it is safe; a use under a guard gets the guard as the condition.
    const pool = poolWith({ 'lib/user/user.c': () => '#include <uk/plain.h>\nvoid user_run(void)\n{\n#if CONFIG_PLAT_ONE\n\tplain_fn();\n#endif\n}\n' });
    const r = lintPool(pool);
    expect(where(r, pool)).toEqual(['lib/user/user.c:1: #include <uk/plain.h>', 'lib/user/user.c:5: plain_fn']);
    expect(r.findings.map((f) => f.fix!.text)).toEqual(['select LIBPLAIN', 'select LIBPLAIN if PLAT_ONE']);
  });

  it('counts what it checked, and what each library takes from others', () => {
    expect(r.libraries).toBe(9);
    expect(r.includes).toBeGreaterThanOrEqual(10);
    expect(r.references).toBeGreaterThanOrEqual(10);
    expect([...r.taken.get('chained')!].sort()).toEqual(['core_log', 'extra_fn', 'extra_hook']);
    expect([...r.taken.get('twoplat')!].sort()).toEqual(['core_fast', 'core_log', 'extra_fn']);
  });
});

describe('each backing is what keeps a library clean', () => {
  it('an #if CONFIG_LIBEXTRA guard', () => {
    const pool = poolWith({ 'lib/guarded/guarded.c': (t) => t.replace(/^#(if|ifdef|else|endif).*\n/gm, '').replace('\tcore_log("no extra");\n', '') });
    expect(where(lintPool(pool), pool, false)).toEqual([
      'lib/guarded/guarded.c:2: #include <uk/extra.h>',
      // Through the macro of extra.h.
      'lib/guarded/guarded.c:6: extra_hook',
    ]);
    expect(lintPool(pool).findings.find((f) => f.subject === 'extra_hook')!.via).toMatchObject([{ macro: 'EXTRA_HOOK', line: 9 }]);
  });

  it("but not a guard on a CONFIG_ macro some source defines itself: it is not the configuration's", () => {
    const pool = poolWith({ 'lib/core/core.c': (t) => `#define CONFIG_LIBEXTRA 1\n${t}` });
    expect(where(lintPool(pool), pool, false)).toEqual(['lib/guarded/guarded.c:3: #include <uk/extra.h>', 'lib/guarded/guarded.c:9: extra_hook']);
  });

  it('a manifest condition (plat one { source fast.c })', () => {
    const pool = poolWith({ 'lib/twoplat/library.uk': (t) => t.replace('plat one {\n\tsource fast.c\n}', 'source fast.c') });
    expect(where(lintPool(pool), pool, false)).toEqual([
      'lib/twoplat/fast.c:2: #include <uk/extra.h>',
      'lib/twoplat/fast.c:6: core_fast',
      'lib/twoplat/fast.c:7: extra_fn',
    ]);
  });

  it('depends on', () => {
    const pool = poolWith({ 'lib/chained/Config.uk': (t) => t.replace('\tdepends on LIBEXTRA\n', '') });
    expect(where(lintPool(pool), pool, false)).toEqual([
      'lib/chained/chained.c:1: #include <uk/extra.h>',
      'lib/chained/chained.c:5: extra_fn',
      'lib/chained/chained.c:6: extra_hook',
    ]);
  });

  it('a chain of selects', () => {
    const pool = poolWith({ 'lib/chained/Config.uk': (t) => t.replace('\tselect LIBCORE\n', '') });
    // extra.h includes core.h: extra's own check finds nothing (extra's image always has core, from the platform).
    expect(where(lintPool(pool), pool, false)).toEqual([]);
    // Without a platform selecting core, the chain is all there is.
    const bare = poolWith({
      'lib/chained/Config.uk': (t) => t.replace('\tselect LIBCORE\n', ''),
      'plat/one/Config.uk': (t) => t.replace('\tselect LIBCORE\n', ''),
      'plat/two/Config.uk': (t) => t.replace('\tselect LIBCORE\n', ''),
    });
    expect(where(lintPool(bare), bare)).toContain('lib/chained/chained.c:7: core_log');
  });
});

describe('our pools', () => {
  const { pools, root } = projectPaths();

  it('pass without an application', () => {
    const r = lintPool(pools);
    expect(r.findings).toEqual([]);
    expect(r.includes).toBeGreaterThan(100);
    expect(r.references).toBeGreaterThan(250);
  });

  for (const app of ['helloworld', 'allocbench', 'selftest']) {
    it(`pass with examples/${app}, which is checked too`, () => {
      const r = lintPool(pools, join(root, 'examples', app));
      expect(r.findings).toEqual([]);
      expect(r.taken.get(app)?.has('printf')).toBe(true);
    });
  }
});

/** A copy of examples/<name> with its Config.uk edited. */
function exampleWith(name: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-app-'));
  scratch.push(dir);
  cpSync(join(projectPaths().root, 'examples', name), dir, { recursive: true });
  writeFileSync(join(dir, 'Config.uk'), edit(readFileSync(join(dir, 'Config.uk'), 'utf8')));
  return dir;
}

describe("a header only a library's upstream build installs (musl's <dirent.h>)", () => {
  const { pools } = projectPaths();
  /** examples/posixfs (which depends on LIBC_MUSL) with its Config.uk edited. */
  const posixfsWith = (edit: (text: string) => string) => exampleWith('posixfs', edit);

  it("is taken as that library's: an application that needs musl passes", () => {
    expect(lintPool(pools, posixfsWith((t) => t)).findings).toEqual([]);
  });

  it('and one that can be built without it is told to depend on it', () => {
    const app = posixfsWith((t) => t.replace(/\tdepends on LIBC_MUSL\n/, ''));
    const f = lintPool(pools, app).findings.find((x) => x.subject === '#include <dirent.h>');
    // The lint cannot read either's headers: every library with unread headers is named, musl first.
    expect(f).toMatchObject({ kind: 'include', providers: ['musl', 'lwip'] });
  });
});

describe("a header of a library's origin (lwIP's <lwip/tcp.h>, under include origin/src/include)", () => {
  const { pools } = projectPaths();
  /** examples/lwipecho (which selects LIBLWIP) with its Config.uk edited. */
  const lwipechoWith = (edit: (text: string) => string) => exampleWith('lwipecho', edit);

  it("is taken as that library's: an application that selects lwip passes", () => {
    expect(lintPool(pools, lwipechoWith((t) => t)).findings).toEqual([]);
  });

  it('and one that does not is told to depend on it', () => {
    const app = lwipechoWith((t) => t.replace(/\tselect LIBLWIP\n/, ''));
    const f = lintPool(pools, app).findings.find((x) => x.subject === '#include <lwip/tcp.h>');
    expect(f).toMatchObject({ kind: 'include' });
    expect(f!.providers).toContain('lwip');
  });
});

describe('reading C', () => {
  it('tells uses from declarations, and keeps macro bodies apart', () => {
    const f = scanSource(
      [
        'int proto(int arg);', //                                       1
        'extern int ext_var;', //                                       2
        'static int counter = SEED;', //                                3
        'const char name[] = "x";', //                                  4
        'int (paren)(void) { return helper(counter) + s.field + p->m; }', // 5
        '#define WRAP(x) wrapped(x, #x, cat##x)', //                    6
        'UK_INIT(paren);', //                                           7
        'static struct ops table = { .fn = handler };', //              8
      ].join('\n'),
      'c',
    );
    expect(f.definitions.map((d) => `${d.name}${d.global ? '' : ' static'}`)).toEqual(['counter static', 'name', 'paren', 'table static']);
    expect(f.uses.map((u) => `${u.name}:${u.line}`)).toEqual(['SEED:3', 'helper:5', 'counter:5', 's:5', 'p:5', 'UK_INIT:7', 'paren:7', 'handler:8']);
    expect(f.macros).toMatchObject([{ name: 'WRAP', uses: ['wrapped'], line: 6 }]);
  });

  it('keeps the conditions around each line, #elif and #else included', () => {
    const g = scanSource('void f(void)\n{\n#if CONFIG_A\n\ta();\n#elif defined(CONFIG_B)\n\tb();\n#else\n\tc();\n#endif\n}\n', 'c');
    const guard = (name: string) => g.uses.find((u) => u.name === name)!.guard.map((t) => `${t.positive ? '' : '!'}(${t.text})`).join(' ');
    expect(guard('a')).toBe('(CONFIG_A)');
    expect(guard('b')).toBe('!(CONFIG_A) (defined ( CONFIG_B ))');
    expect(guard('c')).toBe('!(CONFIG_A) !(defined ( CONFIG_B ))');
  });

  it('takes an include guard as no condition (the first inclusion is the one that counts); any other #ifndef stays', () => {
    const h = scanSource('#ifndef UK_X_H\n#define UK_X_H\n#if !CONFIG_SMP\nstatic inline int f(void) { return 1; }\n#endif\nint g(void);\n#endif\n', 'c');
    expect(h.definitions.find((d) => d.name === 'f')!.guard.map((t) => t.text)).toEqual(['! CONFIG_SMP']);
    expect(h.macros.find((m) => m.name === 'UK_X_H')!.guard).toEqual([]);
    const other = scanSource('#ifndef CONFIG_A\nint a;\n#endif\n', 'c');
    expect(other.definitions[0].guard.map((t) => `${t.positive ? '' : '!'}${t.text}`)).toEqual(['!defined CONFIG_A']);
    const late = scanSource('int first;\n#ifndef G\n#define G\nint b;\n#endif\n', 'c');
    expect(late.definitions.find((d) => d.name === 'b')!.guard).toHaveLength(1);
  });

  it('translates #if conditions: exact where config.h decides, wider (over) and narrower (under) where it does not', () => {
    const cpp = new CppConditions({
      prefix: 'CONFIG_',
      redefined: new Set(['CONFIG_MINE']),
      predefined: new Map([['__x86_64__', { expr: 'ARCH_X86_64' }]]),
      symbolClass: (n) => (['A', 'B', 'T'].includes(n) ? 'logical' : n === 'N' ? 'other' : 'undefined'),
    });
    const tr = (cond: string, language: 'c' | 'asm' | 'header' = 'c') => {
      const body = scanSource(`#if ${cond}\nvoid f(void) { x(); }\n#endif\n`, 'c').uses[0];
      const a = cpp.guard(body.guard, language);
      return `${text(a.over)} / ${text(a.under)}`;
    };
    expect(tr('CONFIG_A && !defined(CONFIG_B)')).toBe('A && !B / A && !B');
    expect(tr('CONFIG_T_MODULE')).toBe('T=m / T=m');
    expect(tr('CONFIG_UNDEFINED_SYMBOL || CONFIG_A')).toBe('A / A');
    expect(tr('CONFIG_N > 3 && CONFIG_A')).toBe('A / n');
    expect(tr('!(CONFIG_N > 3) || CONFIG_A')).toBe('y / A');
    expect(tr('CONFIG_MINE')).toBe('y / n');
    expect(tr('__x86_64__ && 1')).toBe('ARCH_X86_64 / ARCH_X86_64');
    expect(tr('defined(__ASSEMBLY__)', 'asm')).toBe('y / y');
    expect(tr('!defined(__ASSEMBLY__)', 'header')).toBe('y / n');
    expect(tr('0')).toBe('n / n');
  });
});
