// The command as a bundle (`npm run bundle`, part of `npm run build`): the
// dispatcher, every command, the engine, Ink and React from the modules tsc
// wrote into dist/, as ES module chunks in dist/bundle/ (one per command:
// each is still loaded only when it runs). bin/ukconfig.js starts it, and
// falls back to dist/cli/main.js when the bundle is missing or stale.

/**
 * Two rewrites for start-up time, each of a known text (the build fails if
 * it is gone, e.g. after an upgrade, rather than silently losing it):
 * - yoga-layout (Ink's layout engine) decodes its WebAssembly from a data:
 *   URL with fetch() whenever fetch exists, which loads Node's whole fetch
 *   implementation (undici) first: ~25 ms of CPU before the menu's first
 *   frame. Without fetch it decodes the same base64 text with atob().
 * - The engine loads fast-glob with a runtime require (kconfig/src/kconfig.ts:
 *   only trees with glob sources need it). As a plain require() the bundle
 *   carries it, evaluated on first use, instead of Node resolving and reading
 *   its ~20 modules (~25 ms of CPU in an application's menu or build).
 */
const rewrites = [
  { file: /yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/, from: '"function"!=typeof fetch', to: 'true', count: 2 },
  {
    file: /kconfig\/dist\/kconfig\.js$/,
    from: "process.getBuiltinModule('node:module').createRequire(import.meta.url)('fast-glob')",
    to: "require('fast-glob')",
    count: 1,
  },
];

const startupRewrites = {
  name: 'ukconfig-startup-rewrites',
  transform(code, id) {
    const r = rewrites.find((w) => w.file.test(id.replaceAll('\\', '/')));
    if (!r) return null;
    const n = code.split(r.from).length - 1;
    if (n !== r.count) throw new Error(`bundle.config.mjs: expected ${r.count} of ${r.from} in ${id}, found ${n}`);
    r.done = true;
    return code.replaceAll(r.from, r.to);
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
  logLevel: 'warn',
  output: { dir: 'dist/bundle', format: 'esm', cleanDir: true },
};
