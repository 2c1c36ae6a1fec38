/**
 * The command starts from its bundle (dist/bundle/, made by `npm run build`;
 * bin/ukconfig.js): the same results as from the modules tsc wrote, and a
 * stale or missing bundle is never run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { haveTmux, screenLines, shellQuote, Tmux } from '../../ui/test/tmux.js';
import stringWidth from 'string-width';

const ROOT = resolve(import.meta.dirname, '../..');
// The build's own configuration, at the top of the project (outside the parts): found, not imported by name.
const { MENU_NARROW_CHARS, rewriteModule } = (await import(join(ROOT, 'bundle.config.mjs'))) as {
  MENU_NARROW_CHARS: string;
  rewriteModule: (id: string, code: string) => string | null;
};
const BIN = join(ROOT, 'bin/ukconfig.js');
const APP = join(ROOT, 'examples/helloworld');
const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs ukconfig from the bundle, or from tsc's modules with `modules`. */
function ukconfig(modules: boolean, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const env = { ...process.env, UKCONFIG_CACHE_DIR: join(scratch, 'cache'), ...extraEnv };
  if (modules) env.UKCONFIG_BUNDLE = '0';
  else delete env.UKCONFIG_BUNDLE;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: scratch, env, encoding: 'latin1' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The files of the modules Node loads for `ukconfig list` (its ES module loader's debug output names them). */
function modulesLoaded(modules: boolean): string[] {
  const r = ukconfig(modules, ['list'], { NODE_DEBUG: 'esm' });
  expect(r.status).toBe(0);
  return [...new Set([...r.stderr.matchAll(/file:\/\/(\/[^\s'",]+\.js)/g)].map((m) => m[1]))];
}

describe('the bundle', () => {
  it("leaves out React's development builds (it is a production build)", () => {
    const chunks = readdirSync(join(ROOT, 'dist/bundle')).map((f) => readFileSync(join(ROOT, 'dist/bundle', f), 'latin1'));
    expect(chunks.some((t) => t.includes('node_modules/react-reconciler/cjs/react-reconciler.production.js'))).toBe(true);
    expect(chunks.filter((t) => /node_modules\/[\w/-]+\.development\.js/.test(t))).toEqual([]);
  });

  it('is what npm run build made, and what the command runs', () => {
    const bundled = modulesLoaded(false);
    expect(bundled.length).toBeGreaterThan(0);
    expect(bundled.filter((f) => !f.startsWith(join(ROOT, 'dist/bundle/')))).toEqual([]);
    const modules = modulesLoaded(true);
    expect(modules).toContain(join(ROOT, 'dist/cli/main.js'));
    expect(modules.filter((f) => f.includes('/dist/bundle/'))).toEqual([]);
    const list = ukconfig(false, ['list']);
    expect(list.status).toBe(0);
    expect(list).toEqual(ukconfig(true, ['list']));
  });

  it('`list` loads neither the Kconfig engine, the build generator nor execa', () => {
    const loaded = modulesLoaded(true);
    expect(loaded).toContain(join(ROOT, 'dist/buildgen/src/commands/list.js'));
    expect(loaded.filter((f) => /\/kconfig\/dist\/|\/node_modules\/execa\/|\/dist\/buildgen\/src\/generate\.js$/.test(f))).toEqual([]);
  });

  it('writes the same .config and answers the same as the modules', { timeout: 120_000 }, () => {
    const results = [false, true].map((modules) => {
      // One file for both in turn: its name is in the output.
      const config = join(scratch, 'app.config');
      rmSync(config, { force: true });
      const apply = ukconfig(modules, ['-C', APP, '--config', config, 'apply', 'defconfigs/kvm-x86_64']);
      const after = readFileSync(config, 'latin1');
      // A value taken out by hand comes back through olddefconfig.
      writeFileSync(config, after.replace(/^CONFIG_LIBUKCONSOLE=.*\n/m, ''));
      const old = ukconfig(modules, ['-C', APP, '--config', config, 'olddefconfig']);
      const why = ukconfig(modules, ['-C', APP, '--config', config, '--json', 'why', 'LIBUKCONSOLE']);
      return { apply: [apply.status, apply.stdout, apply.stderr], config: after, old: [old.status, old.stdout, old.stderr], updated: readFileSync(config, 'latin1'), why: [why.status, why.stdout, why.stderr] };
    });
    expect(results[0].apply[0]).toBe(0);
    expect(results[0].config).toMatch(/^CONFIG_LIBUKCONSOLE=y$/m);
    expect(results[0].updated).toBe(results[0].config);
    expect(results[0]).toEqual(results[1]);
  });

  it.skipIf(!haveTmux())('draws the same first screen of the menu as the modules', { timeout: 120_000 }, async () => {
    const screens: string[][] = [];
    for (const modules of [false, true]) {
      const tmux = new Tmux();
      try {
        const config = join(scratch, `menu-${modules ? 'modules' : 'bundle'}.config`);
        tmux.start(`node ${shellQuote(BIN)} menu --config ${shellQuote(config)}`, { cwd: APP, env: modules ? { UKCONFIG_BUNDLE: '0' } : {} });
        const screen = await tmux.waitFor((s) => s.includes('K keys') && s.includes('No warnings'), 60_000);
        screens.push(screenLines(screen).map((l) => l.replace(config, 'CONFIG')));
        await tmux.press('C-c', '__EXIT__');
      } finally {
        tmux.kill();
      }
    }
    expect(screens[0].join('\n')).toContain('Build options  --->');
    expect(screens[0]).toEqual(screens[1]);
  });
});

describe("the bundle's text-width fast path (bundle.config.mjs)", () => {
  /** Every character outside printable ASCII in the menu's sources. */
  function menuCharacters(dir: string): Set<string> {
    const found = new Set<string>();
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) menuCharacters(path).forEach((c) => found.add(c));
      else if (/\.tsx?$/.test(e.name)) for (const m of readFileSync(path, 'utf8').matchAll(/[^\x00-\x7f]/gu)) found.add(m[0]);
    }
    return found;
  }

  it('covers every character the menu draws besides ASCII', () => {
    const missing = [...menuCharacters(join(ROOT, 'ui/src'))].filter((c) => !MENU_NARROW_CHARS.includes(c));
    expect(missing, 'add them to MENU_NARROW_CHARS if string-width gives them width 1 (the next test checks)').toEqual([]);
  });

  it('takes only characters that string-width counts one column wide, each a grapheme of its own', () => {
    const segmenter = new Intl.Segmenter();
    for (const c of MENU_NARROW_CHARS) {
      expect(c.length, c).toBe(1);
      expect(stringWidth(c), c).toBe(1);
      const mixed = `a${c}${c} b${c}`;
      expect([...segmenter.segment(mixed)].length, c).toBe(mixed.length);
      expect(stringWidth(mixed), c).toBe(mixed.length);
    }
    // As wide as long: what the fast path answers for any mix of them and ASCII.
    const all = `x ${[...MENU_NARROW_CHARS].join('-')} ~`;
    expect(stringWidth(all)).toBe(all.length);
  });

  it('is in the bundle', () => {
    const chunks = readdirSync(join(ROOT, 'dist/bundle')).map((f) => readFileSync(join(ROOT, 'dist/bundle', f), 'latin1'));
    expect(chunks.filter((t) => t.includes('ambiguousIsNarrow && /^[\\u0020-\\u007E\\u23CE')).length).toBe(1);
  });
});

describe("the bundle's shortcut in Ink's frame text (bundle.config.mjs)", () => {
  interface Tokenizer {
    tokenize(s: string): unknown[];
    styledCharsFromTokens(t: unknown[]): unknown[];
    styledCharsToString(c: unknown[]): string;
  }
  /** ansi-tokenize as installed, and a copy of it with the bundle's rewrite. */
  async function tokenizers(): Promise<[Tokenizer, Tokenizer]> {
    const build = join(ROOT, 'node_modules/@alcalzone/ansi-tokenize/build');
    const copy = join(scratch, 'ansi-tokenize-rewritten');
    mkdirSync(copy, { recursive: true });
    for (const f of readdirSync(build).filter((f) => f.endsWith('.js'))) {
      // Without its source map comment (the map is not copied).
      const text = readFileSync(join(build, f), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      writeFileSync(join(copy, f), rewriteModule(join(build, f), text) ?? text);
    }
    expect(readFileSync(join(copy, 'styledChars.js'), 'utf8')).not.toBe(readFileSync(join(build, 'styledChars.js'), 'utf8'));
    // Its own imports (ansi-styles...) found from the copy as from the original.
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'));
    writeFileSync(join(copy, 'package.json'), '{"type":"module"}\n');
    return [(await import(join(build, 'index.js'))) as Tokenizer, (await import(join(copy, 'index.js'))) as Tokenizer];
  }

  it('writes the text ansi-tokenize writes, for any mix of styles', async () => {
    const [original, rewritten] = await tokenizers();
    // Styles as Ink and chalk write them: bold and dim (which share their end), inverse, colours, resets.
    const codes = ['1', '2', '22', '7', '27', '4', '24', '31', '34', '39', '44', '49', '38;5;208', '48;2;10;20;30', '0'];
    let seed = 7;
    // xorshift32: an LCG's low bits (taken modulo small numbers) repeat too soon to mix the styles.
    const random = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    let differing = 0;
    for (let line = 0; line < 2000; line++) {
      let text = '';
      for (let part = random(8); part >= 0; part--) {
        for (let c = random(3); c > 0; c--) text += `\x1b[${codes[random(codes.length)]}m`;
        text += 'ab \u2500\u2192xyz'.slice(random(5), 5 + random(5));
      }
      const chars = original.styledCharsFromTokens(original.tokenize(text));
      const expected = original.styledCharsToString(chars);
      expect(rewritten.styledCharsToString(chars), JSON.stringify(text)).toBe(expected);
      if (expected !== text) differing++;
    }
    // The lines did exercise the escape codes (most come out rewritten, reduced).
    expect(differing).toBeGreaterThan(1000);
    // Neighbours of the same number of styles but other ones (red, then blue) still get their codes.
    const redBlue = original.styledCharsFromTokens(original.tokenize('\x1b[31mab\x1b[34mcd'));
    expect(rewritten.styledCharsToString(redBlue)).toBe('\x1b[31mab\x1b[34mcd\x1b[39m');
  });

  it('is in the bundle', () => {
    const chunks = readdirSync(join(ROOT, 'dist/bundle')).map((f) => readFileSync(join(ROOT, 'dist/bundle', f), 'latin1'));
    expect(chunks.filter((t) => t.includes('before.some((code, k) => code !== char.styles[k])')).length).toBe(1);
  });
});

describe('bin/ukconfig.js chooses', () => {
  /** A copy of the launcher over a dist/ whose two entry points say which one ran. */
  function layout(name: string): { root: string; run: (env?: NodeJS.ProcessEnv) => string; touch: (file: string, secondsAgo: number) => void } {
    const root = join(scratch, name);
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(BIN, join(root, 'bin/ukconfig.js'));
    copyFileSync(join(ROOT, 'bin/package.json'), join(root, 'bin/package.json'));
    const touch = (file: string, secondsAgo: number) => {
      const path = join(root, file);
      mkdirSync(dirname(path), { recursive: true });
      if (file.endsWith('main.js')) writeFileSync(path, `export async function main() { process.stdout.write(${JSON.stringify(file)}); return 0; }\n`);
      else writeFileSync(path, '{}\n');
      const t = Date.now() / 1000 - secondsAgo;
      utimesSync(path, t, t);
    };
    const run = (env: NodeJS.ProcessEnv = {}) => {
      const { UKCONFIG_BUNDLE: _unused, ...rest } = process.env;
      return execFileSync(process.execPath, [join(root, 'bin/ukconfig.js'), 'list'], { env: { ...rest, ...env }, encoding: 'utf8' });
    };
    return { root, run, touch };
  }

  it('the bundle when it is newer than every build of the sources and node_modules', () => {
    const l = layout('fresh');
    l.touch('dist/cli/main.js', 100);
    l.touch('dist/cli.tsbuildinfo', 90);
    l.touch('dist/ui.tsbuildinfo', 90);
    l.touch('kconfig/dist/.tsbuildinfo', 90);
    l.touch('node_modules/.package-lock.json', 200);
    l.touch('dist/bundle/main.js', 10);
    expect(l.run()).toBe('dist/bundle/main.js');
    // Asked for the modules.
    expect(l.run({ UKCONFIG_BUNDLE: '0' })).toBe('dist/cli/main.js');
  });

  it('the modules when the bundle is missing, or older than a tsc build or node_modules', () => {
    const none = layout('none');
    none.touch('dist/cli/main.js', 100);
    none.touch('dist/cli.tsbuildinfo', 90);
    expect(none.run()).toBe('dist/cli/main.js');
    for (const newer of ['dist/ui.tsbuildinfo', 'kconfig/dist/.tsbuildinfo', 'node_modules/.package-lock.json']) {
      const l = layout(`stale-${newer.replace(/\W/g, '-')}`);
      l.touch('dist/cli/main.js', 100);
      l.touch('dist/cli.tsbuildinfo', 90);
      l.touch('dist/bundle/main.js', 50);
      l.touch(newer, 5);
      expect(l.run(), newer).toBe('dist/cli/main.js');
    }
  });

  it('an installed package (no tsbuildinfo, no node_modules build record) runs its bundle', () => {
    const l = layout('installed');
    l.touch('dist/cli/main.js', 100);
    l.touch('dist/bundle/main.js', 100);
    expect(l.run()).toBe('dist/bundle/main.js');
  });
});
