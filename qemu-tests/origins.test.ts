/**
 * Third-party code through `ukconfig build`: an application whose manifest
 * names an origin (an npm tarball served on 127.0.0.1) compiles one file
 * of it with the generated Makefile (`source origin/src/add.c`) and runs
 * the upstream build of another (`build build.sh` makes libmul.a), after
 * its own patch series declared a function in the origin's header. The
 * second build, with the origin unreachable, works from the cache; a
 * checksum mismatch and a failed fetch stop before anything is compiled.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadUrl, makeFixture, serve, type Fixture, type OriginServer } from '../buildgen/test/origin-server.js';
import { compiled, removeScratch, runGuest, tempDir, ukconfig } from './ukconfig.js';

let fixture: Fixture;
let server: OriginServer;
let cache: string;

beforeAll(async () => {
  fixture = makeFixture(mkdtempSync(join(tmpdir(), 'ukconfig-origin-fixture-')));
  server = await serve(fixture.files);
  cache = tempDir('origin-cache');
});
afterAll(async () => {
  await server.close();
  removeScratch();
});

const BUILD_SH = `# The upstream's own build, as a script of the library: libmul.a and its header.
set -eu
$CC $UK_ARCH_CFLAGS -fno-pie -c "$UK_ORIGIN/src/mul.c" -o mul.o
mkdir -p "$UK_OUT/lib" "$UK_OUT/include"
$AR rc "$UK_OUT/lib/libmul.a" mul.o
echo 'int mul(int a, int b);' > "$UK_OUT/include/mul.h"
`;

function app(sha: string): string {
  const dir = tempDir('origin-app');
  writeFileSync(join(dir, 'Config.uk'), 'config APPORIGINS\n\tbool "origins"\n\tdefault y\n\tselect LIBUKALLOCREGION\n');
  writeFileSync(
    join(dir, 'library.uk'),
    [
      '# origins: an application built partly from third-party sources.',
      'library origins',
      'enabled-if APPORIGINS',
      `origin npm hello 1.0.0 sha256:${sha}`,
      'build build.sh',
      'source main.c origin/src/add.c',
      'private-include origin/include',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'build.sh'), BUILD_SH);
  // The library's own series declares add() in the origin's header.
  mkdirSync(join(dir, 'patches'));
  writeFileSync(join(dir, 'patches', 'series'), '0001-declare-add.patch\n');
  writeFileSync(join(dir, 'patches', '0001-declare-add.patch'), fixture.ownPatch);
  writeFileSync(
    join(dir, 'main.c'),
    '#include <stdio.h>\n#include <add.h>\n#include <mul.h>\nint main(void)\n{\n\tprintf("add %d mul %d\\n", add(2, 3), mul(4, 5));\n\treturn 0;\n}\n',
  );
  writeFileSync(join(dir, 'linuxu'), 'CONFIG_PLAT_LINUXU=y\nCONFIG_UK_NAME="origins"\n');
  return dir;
}

const env = (registry: string, cacheDir = cache) => ({ ...process.env, UKCONFIG_CACHE_DIR: cacheDir, UKCONFIG_NPM_REGISTRY: `${registry}/npm` });

async function configure(dir: string, e: NodeJS.ProcessEnv): Promise<void> {
  const r = await ukconfig(['-C', dir, 'apply', 'linuxu'], { env: e });
  expect(r.exitCode, r.stderr).toBe(0);
}

describe('an application with an origin', () => {
  let dir: string;

  it('is fetched, built (origin sources and upstream build) and runs', async () => {
    dir = app(fixture.npmSha);
    await configure(dir, env(server.url));
    const r = await ukconfig(['-C', dir, 'build'], { env: env(server.url) });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/FETCH +npm hello 1\.0\.0/);
    expect(r.stdout).toMatch(/BUILD +origins for x86_64 with its own build system/);
    expect(compiled(r.stdout)).toContain('origins/origin/src/add.c');
    expect(server.hits.get('/npm/hello/-/hello-1.0.0.tgz')).toBe(1);
    const mk = readFileSync(join(dir, 'build', 'linuxu-x86_64', 'Makefile'), 'utf8');
    expect(mk).toMatch(/^UK_LIB_origins_ORIGIN := .*\/origins\/src\/hello-1\.0\.0-[0-9a-f]{16}$/m);
    expect(mk).toMatch(/^UK_ARCHIVES := .*\/origins\/build\/origins-x86_64-[0-9a-f]{16}\/lib\/libmul\.a$/m);
    const run = await runGuest(dir, ['--plat', 'linuxu'], []);
    expect(run.stdout.split('\n')).toContain('add 5 mul 20');
    expect(run.exitCode).toBe(0);
  });

  it('builds again from the cache with the origin unreachable, fetching and rebuilding nothing upstream', async () => {
    rmSync(join(dir, 'build'), { recursive: true, force: true });
    const offline = env(await deadUrl());
    const r = await ukconfig(['-C', dir, 'build'], { env: offline });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/FETCH|BUILD +origins/);
    expect(compiled(r.stdout)).toContain('origins/origin/src/add.c');
    const run = await runGuest(dir, ['--plat', 'linuxu'], []);
    expect(run.stdout.split('\n')).toContain('add 5 mul 20');
  });

  it('a checksum mismatch stops before any compile, naming the manifest line and the origin', async () => {
    const bad = app('1'.repeat(64));
    const cacheDir = tempDir('origin-cache-bad');
    await configure(bad, env(server.url, cacheDir));
    const r = await ukconfig(['-C', bad, 'build'], { env: env(server.url, cacheDir) });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${join(bad, 'library.uk')}:4: origin npm hello 1.0.0: checksum mismatch for hello-1.0.0.tgz`);
    expect(r.stderr).toContain('ukconfig build: nothing was built');
    expect(compiled(r.stdout)).toEqual([]);
  });

  it('a failed fetch stops before any compile, naming the origin', async () => {
    const d = app(fixture.npmSha);
    const cacheDir = tempDir('origin-cache-down');
    const e = env(await deadUrl(), cacheDir);
    await configure(d, e);
    const r = await ukconfig(['-C', d, 'build'], { env: e });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/library\.uk:4: origin npm hello 1\.0\.0: cannot fetch hello-1\.0\.0\.tgz: http:\/\/127\.0\.0\.1:\d+\/npm\/hello\/-\/hello-1\.0\.0\.tgz/);
    expect(r.stderr).toContain('ukconfig build: nothing was built');
    expect(compiled(r.stdout)).toEqual([]);
  });

  it('a failing upstream build stops with the end of its log and keeps the whole log', async () => {
    const d = app(fixture.npmSha);
    writeFileSync(join(d, 'build.sh'), 'echo "compiling mul.c"\necho "mul.c:1: error: no" >&2\nexit 3\n');
    const e = env(server.url, tempDir('origin-cache-fail'));
    await configure(d, e);
    const r = await ukconfig(['-C', d, 'build'], { env: e });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('mul.c:1: error: no');
    expect(r.stderr).toMatch(/library\.uk:5: the x86_64 build of origins failed \(exit status 3\); full log: .*\.failed\.log/);
    expect(compiled(r.stdout)).toEqual([]);
  });
});
