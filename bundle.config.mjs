// The command as a bundle (`npm run bundle`, part of `npm run build`): the
// dispatcher, every command, the engine, Ink and React from the modules tsc
// wrote into dist/, as ES module chunks in dist/bundle/ (one per command:
// each is still loaded only when it runs). bin/ukconfig.js starts it, and
// falls back to dist/cli/main.js when the bundle is missing or stale.

/**
 * Characters the menu draws besides printable ASCII (ui/src; a test keeps the
 * list complete and checks that string-width gives each a width of one and
 * keeps it a grapheme of its own, so that a string of them and ASCII is as
 * wide as it is long).
 */
export const MENU_NARROW_CHARS = '\u23CE\u2193\u2191\u2500\u2190\u258F\u232B\u2192\u2026';

/**
 * Rewrites for start-up time, each of a known text (the build fails if
 * it is gone, e.g. after an upgrade, rather than silently losing it):
 * - yoga-layout (Ink's layout engine) decodes its WebAssembly from a data:
 *   URL with fetch() whenever fetch exists, which loads Node's whole fetch
 *   implementation (undici) first: ~25 ms of CPU before the menu's first
 *   frame. Without fetch it decodes the same base64 text with atob().
 * - The engine loads fast-glob with a runtime require (kconfig/src/kconfig.ts:
 *   only trees with glob sources need it). As a plain require() the bundle
 *   carries it, evaluated on first use, instead of Node resolving and reading
 *   its ~20 modules (~25 ms of CPU in an application's menu or build).
 * - string-width (Ink's text measure) takes a fast path for printable ASCII
 *   only: any other character costs an Intl.Segmenter pass and Unicode
 *   property regexes (~9 ms for the first such string, tens of microseconds
 *   each after), and the menu's frames are full of arrows and rules. The
 *   fast path also takes MENU_NARROW_CHARS, while ambiguous characters count
 *   as narrow (the default): 30-45 ms less CPU to the application menu's
 *   first frame.
 * - Ink turns each frame's cells back into text with ansi-tokenize's
 *   styledCharsToString, which works out the escape codes between every two
 *   neighbouring cells (three Sets and four arrays each). Most neighbours
 *   have the same style (the same code objects: a run of text shares them),
 *   for which that comes to nothing: the rewrite skips it. Half of Ink's
 *   text pass on Linux's first frame (120x40).
 */
const rewrites = [
  { file: /yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/, from: '"function"!=typeof fetch', to: 'true', count: 2 },
  {
    file: /kconfig\/dist\/kconfig\.js$/,
    from: "process.getBuiltinModule('node:module').createRequire(import.meta.url)('fast-glob')",
    to: "require('fast-glob')",
    count: 1,
  },
  {
    // Ink's own copy (wrap-ansi carries an older one without the fast path).
    file: /(?<!wrap-ansi\/)node_modules\/string-width\/index\.js$/,
    from: '/^[\\u0020-\\u007E]*$/.test(string)',
    to: `/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && /^[\\u0020-\\u007E${MENU_NARROW_CHARS.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}]*$/.test(string))`,
    count: 1,
  },
  {
    file: /@alcalzone\/ansi-tokenize\/build\/styledChars\.js$/,
    from: 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
    to: 'const before = chars[i - 1].styles; if (before.length !== char.styles.length || before.some((code, k) => code !== char.styles[k])) ret += ansiCodesToString(diffAnsiCodes(before, char.styles));',
    count: 1,
  },
];

/** A module's text with its rewrite (above) made, or null when none is for it; throws when the text to rewrite is not there as expected. */
export function rewriteModule(id, code) {
  const r = rewrites.find((w) => w.file.test(id.replaceAll('\\', '/')));
  if (!r) return null;
  const n = code.split(r.from).length - 1;
  if (n !== r.count) throw new Error(`bundle.config.mjs: expected ${r.count} of ${r.from} in ${id}, found ${n}`);
  r.done = true;
  return code.replaceAll(r.from, r.to);
}

const startupRewrites = {
  name: 'ukconfig-startup-rewrites',
  transform(code, id) {
    return rewriteModule(id, code);
  },
  buildEnd() {
    const missed = rewrites.filter((r) => !r.done).map((r) => r.file);
    if (missed.length) throw new Error(`bundle.config.mjs: no module matched ${missed.join(', ')}`);
  },
};

export default {
  input: 'dist/cli/main.js',
  platform: 'node',
  external: [
    // conf's own bundle, found beside its package (it loads dist/conf.bundle.cjs by path).
    'kconfig-parser-ts/conf',
    // Ink imports it only with DEV=true (React DevTools); not installed.
    'react-devtools-core',
  ],
  plugins: [startupRewrites],
  // The bundle is a production build: React's and its reconciler's development
  // builds (which check and time every render) are left out, over half of the
  // menu's chunk that Node would parse on each start (~10 ms of CPU to the
  // first frame). The modules tsc wrote (UKCONFIG_BUNDLE=0) still take
  // NODE_ENV from the environment.
  transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  logLevel: 'warn',
  output: { dir: 'dist/bundle', format: 'esm', cleanDir: true },
};
