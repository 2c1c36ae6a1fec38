#!/usr/bin/env node
// Build times that ccache, distcc and the matrix build are for:
//   1. a clean build of the largest example cold, with a warm ccache, and
//      through distcc to a daemon on 127.0.0.1: the largest application the
//      examples have that is built from its upstream sources with musl
//      (nginx, Redis, SQLite, Lua: the first that exists), its kvm and
//      linuxu images for x86_64; `--largest EXAMPLE:DEFCONFIG` picks another;
//   2. every shipped defconfig (examples/*/defconfigs), one configuration
//      after another (each `ukconfig build -j N`), against `ukconfig build
//      --matrix examples/*` (all of them under one jobserver of N jobs).
//
//   npm run build && node bench/build-scale.mjs [--reps N] [--jobs N] [--no-build] [--no-matrix]
//                                               [--largest EXAMPLE:DEFCONFIG] [--examples a,b] [--json FILE]
//
// Third-party sources are fetched and musl is built once into the user's
// cache (docs/building.md): a "cold" build compiles the application and
// the pools' libraries, not those.
//
// Needs ccache and distcc (Debian packages of those names). Every build
// goes through the real `ukconfig` command, in copies of the examples.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ukconfig.js');
const TOOLS = join(ROOT, 'dist', 'buildgen', 'src', 'tools.js');
if (!existsSync(TOOLS)) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(1);
}
const { freePort } = await import(TOOLS);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const REPS = Number(opt('--reps', '3'));
const JOBS = Number(opt('--jobs', String(availableParallelism())));
const JSON_OUT = opt('--json', null);
/** Applications built from upstream sources, largest first. */
const BY_SIZE = ['nginx', 'redis', 'sqlite', 'lua'];
function largestExample() {
  const given = opt('--largest', null);
  if (given) {
    const [example, defconfig] = given.split(':');
    if (!defconfig || !existsSync(join(ROOT, 'examples', example, 'defconfigs', defconfig))) {
      console.error(`--largest ${given}: no examples/${example}/defconfigs/${defconfig ?? '?'}`);
      process.exit(2);
    }
    return { example, defconfig };
  }
  for (const example of BY_SIZE) {
    for (const defconfig of ['kvm+linuxu-x86_64', 'kvm-x86_64']) {
      if (existsSync(join(ROOT, 'examples', example, 'defconfigs', defconfig))) return { example, defconfig };
    }
  }
  return { example: 'allocbench', defconfig: 'tlsf-x86_64' };
}
const LARGEST = largestExample();

for (const tool of ['ccache', 'distcc', 'distccd']) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    console.error(`${tool} is missing (Debian: apt-get install ${tool === 'distccd' ? 'distcc' : tool})`);
    process.exit(1);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-bench-scale-'));
let daemon = null;
process.on('exit', () => {
  if (daemon) process.kill(-daemon.pid, 'SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
});

function ukconfig(app, argv, env = {}) {
  return execFileSync(process.execPath, [BIN, '-C', app, ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

function copyExample(name, tag = name) {
  const app = join(scratch, tag);
  cpSync(join(ROOT, 'examples', name), app, { recursive: true, filter: (src) => !/\/(build|\.config(\.old)?)$/.test(src) });
  return app;
}

/** Wall seconds of a clean build (build/ removed first). */
function cleanBuild(app, argv = [], env = {}) {
  rmSync(join(app, 'build'), { recursive: true, force: true });
  const t = performance.now();
  ukconfig(app, ['build', '-j', String(JOBS), ...argv], env);
  return (performance.now() - t) / 1000;
}

async function startDistccd() {
  // Its own folder under /tmp: started by root, distccd runs as its own user, which must reach its
  // log, and keeps its temporary files there too (TMPDIR): /tmp itself may not be writable by all.
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-bench-distccd-'));
  chmodSync(dir, 0o777);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'log');
  const port = await freePort();
  daemon = spawn('distccd', ['--daemon', '--no-detach', '--allow', '127.0.0.1', '--listen', '127.0.0.1', '--port', String(port), '--jobs', String(JOBS), '--log-file', log, '--log-level', 'info'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, TMPDIR: dir },
  });
  for (let i = 0; i < 100 && !(existsSync(log) && readFileSync(log, 'utf8').includes('listening')); i++) await new Promise((r) => setTimeout(r, 100));
  return { port, log };
}

const fmt = (s) => `${s.toFixed(2)} s`;
const results = { jobs: JOBS, reps: REPS, largest: LARGEST };

// 1. The largest example, three ways.
if (!args.includes('--no-build')) {
  const app = copyExample(LARGEST.example);
  ukconfig(app, ['apply', `defconfigs/${LARGEST.defconfig}`]);
  const cold = [];
  const warm = [];
  const viaDistcc = [];
  const ccacheEnv = { CCACHE_DIR: join(scratch, 'ccache') };
  cleanBuild(app); // warm-up: the tree cache, the page cache
  cleanBuild(app, ['--cc-launcher', 'ccache'], ccacheEnv); // fills the cache
  const { port, log } = await startDistccd();
  const distccEnv = { DISTCC_HOSTS: `127.0.0.1:${port}/${JOBS}`, DISTCC_FALLBACK: '0' };
  for (let r = 0; r < REPS; r++) {
    // Interleaved, so that the load of the shared machine falls on all three alike.
    cold.push(cleanBuild(app));
    warm.push(cleanBuild(app, ['--cc-launcher', 'ccache'], ccacheEnv));
    viaDistcc.push(cleanBuild(app, ['--cc-launcher', 'distcc'], distccEnv));
  }
  const remoteJobs = (readFileSync(log, 'utf8').match(/COMPILE_OK/g) ?? []).length;
  process.kill(-daemon.pid, 'SIGTERM');
  daemon = null;
  results.build = { coldS: median(cold), warmCcacheS: median(warm), distccLocalS: median(viaDistcc), distccJobs: remoteJobs };
  console.log(`Clean build of examples/${LARGEST.example} (defconfigs/${LARGEST.defconfig}), -j ${JOBS}, median of ${REPS}:`);
  console.log(`  cold                      ${fmt(results.build.coldS)}`);
  console.log(`  warm ccache               ${fmt(results.build.warmCcacheS)}  (${(results.build.coldS / results.build.warmCcacheS).toFixed(1)}x faster)`);
  console.log(`  distcc, daemon 127.0.0.1  ${fmt(results.build.distccLocalS)}  (${(results.build.distccLocalS / results.build.coldS).toFixed(2)}x cold; ${remoteJobs} compiles went through the daemon)`);
}

// 2. Every shipped defconfig: serial against one jobserver.
if (!args.includes('--no-matrix')) {
  const only = opt('--examples', null)?.split(',');
  const examples = readdirSync(join(ROOT, 'examples'))
    .filter((e) => existsSync(join(ROOT, 'examples', e, 'defconfigs')) && (!only || only.includes(e)))
    .sort();
  const apps = examples.map((e) => copyExample(e, `matrix-${e}`));
  const configs = apps.flatMap((a) => readdirSync(join(a, 'defconfigs')).sort().map((d) => ({ app: a, defconfig: join(a, 'defconfigs', d) })));
  let t = performance.now();
  for (const c of configs) {
    rmSync(join(c.app, 'build'), { recursive: true, force: true });
    ukconfig(c.app, ['--config', c.defconfig, 'build', '-j', String(JOBS)]);
  }
  const serial = (performance.now() - t) / 1000;
  for (const a of apps) rmSync(join(a, 'build'), { recursive: true, force: true });
  t = performance.now();
  ukconfig(scratch, ['build', '--matrix', '-j', String(JOBS), ...apps]);
  const matrix = (performance.now() - t) / 1000;
  results.matrix = { configurations: configs.length, serialS: serial, oneJobserverS: matrix };
  console.log(`Every shipped defconfig (${configs.length} configurations of ${examples.join(', ')}), -j ${JOBS}:`);
  console.log(`  one after another         ${fmt(serial)}`);
  console.log(`  build --matrix            ${fmt(matrix)}  (one after another / matrix: ${(serial / matrix).toFixed(2)})`);
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2) + '\n');
