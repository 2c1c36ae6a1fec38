// The command as a bundle (`npm run bundle`, part of `npm run build`): the
// dispatcher, every command, the engine, Ink and React from the modules tsc
// wrote into dist/, as ES module chunks in dist/bundle/ (one per command:
// each is still loaded only when it runs). bin/ukconfig.js starts it, and
// falls back to dist/cli/main.js when the bundle is missing or stale.
export default {
  input: 'dist/cli/main.js',
  platform: 'node',
  external: [
    // conf's own bundle, found beside its package (it loads dist/conf.bundle.cjs by path).
    'kconfig-parser-ts/conf',
    // Ink imports it only with DEV=true (React DevTools); not installed.
    'react-devtools-core',
  ],
  logLevel: 'warn',
  output: { dir: 'dist/bundle', format: 'esm', cleanDir: true },
};
