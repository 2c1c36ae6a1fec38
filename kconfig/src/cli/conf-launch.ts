/**
 * The entry of `kconfig-parser-ts/conf` (bundled to `dist/cli/conf.cjs`):
 * loads the conf program bundle (`dist/conf.bundle.cjs`) through a V8 code
 * cache kept in the tree cache's directory. Without it every run parses the
 * bundle and compiles each function on its first call: ~7 ms of a ~150 ms
 * run on Linux's tree. The cache is written after a run that had none, so
 * it holds every function that run compiled.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { fnv1a64 } from '../fnv.js';
import { cacheDir, cacheEnabled, evictOldest, replaceFile } from '../tree-cache-key.js';

type ConfProgram = typeof import('./conf-program.js').confProgram;

const PROGRAM = fileURLToPath(new URL('../conf.bundle.cjs', import.meta.url));
/** Code caches kept: one per bundle build, Node version and V8 flags in use. */
const MAX_CODE_CACHES = 4;

/** Runs conf with `argv` (the arguments after the program name); returns the exit status. */
export async function confProgram(argv: string[], progname = 'conf'): Promise<number> {
  const loaded = loadProgram(process.env);
  const status = await loaded.confProgram(argv, progname);
  loaded.saveCodeCache();
  return status;
}

function loadProgram(env: NodeJS.ProcessEnv): { confProgram: ConfProgram; saveCodeCache: () => void } {
  const source = readFileSync(PROGRAM, 'utf8');
  const cachePath = cacheEnabled(env) ? codeCachePath(env, PROGRAM) : null;
  let cached: Buffer | undefined;
  if (cachePath !== null) {
    try {
      cached = readFileSync(cachePath);
    } catch {
      // None yet: this run writes it.
    }
  }
  // The wrapper CommonJS gives a module, on one line so that line numbers stay the file's own.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: PROGRAM,
    cachedData: cached,
  });
  const module = { exports: {} as { confProgram: ConfProgram } };
  script.runInThisContext()(module.exports, createRequire(PROGRAM), module, PROGRAM, join(PROGRAM, '..'));
  const stale = cached === undefined || script.cachedDataRejected === true;
  return {
    confProgram: module.exports.confProgram,
    saveCodeCache: () => {
      if (cachePath !== null && stale) writeCodeCache(cachePath, script.createCachedData());
    },
  };
}

/**
 * V8 checks a code cache's engine version and flags, but of the source only
 * its length: the name carries the bundle's identity, so a rebuilt bundle
 * never meets the code of the one before.
 */
function codeCachePath(env: NodeJS.ProcessEnv, program: string): string | null {
  const st = statSync(program, { throwIfNoEntry: false });
  if (st === undefined) return null;
  const key = [program, st.size, st.mtimeMs, st.ino, process.version, process.arch, process.execArgv.join(' '), env.NODE_OPTIONS ?? ''];
  return join(cacheDir(env), `conf-code-${fnv1a64(key.join('\0'))}.bin`);
}

/** Best effort: a cache that cannot be written only costs the next run its compile time. */
function writeCodeCache(path: string, data: Buffer): void {
  try {
    replaceFile(path, data);
    evictOldest(join(path, '..'), (f) => f.startsWith('conf-code-') && f.endsWith('.bin'), MAX_CODE_CACHES);
  } catch {
    // Read-only or full disk.
  }
}
