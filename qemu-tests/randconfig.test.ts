/**
 * Random configurations of the pools, with examples/helloworld as the
 * application, all build and boot. Each seed gives a randconfig (Linux's
 * generator and probabilities, as `conf --randconfig` with KCONFIG_SEED):
 * the architecture goes round the four with the seed, one platform is fixed (the
 * other is random, so some seeds build two images), everything else is
 * random. Every image is built under ONE `make -j` (each `ukconfig build`
 * takes its job slots from it), then booted under a timeout: the console
 * must show the greeting (or, without a heap, the failure to allocate),
 * and the exit status what main returned, as far as the configuration
 * lets the platform report it.
 *
 * Each object of each image is also checked against the lint: every
 * symbol a library's object takes from another library's object (nm) is
 * one `ukconfig lint` saw in the sources.
 *
 * A fixed sample runs in `npm test`; more seeds (docs/lint.md):
 *   UKCONFIG_RANDCONFIG_SEEDS=500 [UKCONFIG_RANDCONFIG_FIRST=1000] npx vitest run qemu-tests/randconfig.test.ts
 * Regression cases found by the lint and by this test come first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { loadKconfig, readHeader, setAllNewSymbols } from 'kconfig-parser-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRandom } from '../kconfig/src/crand.js';
import { loadLibraries } from '../buildgen/src/libraries.js';
import { lintLibraries } from '../buildgen/src/lint/lint.js';
import { crossCompile } from '../buildgen/src/tools.js';
import { chooseTree, projectPaths, takeGlobals } from '../workspace/src/index.js';
import { copyExample, removeScratch, ROOT, runGuest, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const COUNT = Number(process.env.UKCONFIG_RANDCONFIG_SEEDS ?? 32);
const FIRST = Number(process.env.UKCONFIG_RANDCONFIG_FIRST ?? 1);
const BIN = join(ROOT, 'bin', 'ukconfig.js');
const silent = { stdout: () => {}, stderr: () => {} };
/** Room for the builds: about 3 s of a 2-core machine per image, twice over, and a margin. */
const MAKE_MS = (10 * 60 + 12 * (COUNT + 2)) * 1000;

/** One configuration: how it is made (in beforeAll), what its guest must print. */
interface Case {
  name: string;
  /** Creates the application folder and its .config. */
  make: () => string;
  /** A line main() prints when it works. */
  greeting: string;
  /** The image stops with a crash report (status 255) by design. */
  crashes?: boolean;
}

/** `conf --randconfig` on the application's tree: `fixed` are user values, the rest random from `seed`. */
function randconfig(app: string, seed: number, fixed: Record<string, 'y' | 'n'>): void {
  const choice = chooseTree(takeGlobals([]).globals, process.env, app);
  const kc = loadKconfig(choice.kconfig, { env: choice.env, extensions: true, output: silent });
  for (const [name, v] of Object.entries(fixed)) {
    const sym = kc.symbol(name)!;
    sym.calcValue();
    expect(sym.setValue(v), `${name}=${v}`).toBe(true);
  }
  kc.clearAllValid();
  const rng = new CRandom(seed);
  while (setAllNewSymbols(kc, 'random', rng));
  expect(kc.writeConfig(join(app, '.config'))).toBe(true);
}

/** A copy of an example configured from fragment lines, through `ukconfig apply`. */
function applied(example: string, lines: string[]): string {
  const app = copyExample(example);
  writeFileSync(join(app, 'case.config'), lines.map((l) => l + '\n').join(''));
  const r = spawnSync(process.execPath, [BIN, '-C', app, 'apply', 'case.config'], { encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return app;
}

const seeds = Array.from({ length: COUNT }, (_, i) => FIRST + i);
const cases: Case[] = [
  // Regressions: an image whose application is switched off (ukboot's weak main);
  // allocbench without a heap back-end (no uk_alloc_heap_create to call).
  {
    name: 'regression: no application (x86_64, kvm and linuxu)',
    make: () => applied('helloworld', ['CONFIG_ARCH_X86_64=y', 'CONFIG_PLAT_KVM=y', 'CONFIG_PLAT_LINUXU=y', '# CONFIG_APPHELLOWORLD is not set']),
    greeting: 'no application in this image',
  },
  {
    name: 'regression: allocbench without a heap back-end (arm64, linuxu)',
    make: () => applied('allocbench', ['CONFIG_ARCH_ARM64=y', 'CONFIG_PLAT_LINUXU=y', 'CONFIG_UKALLOC_HEAP_NONE=y']),
    // Its init function allocates at boot: with no heap that fails, and the boot stops naming it.
    greeting: 'of allocbench failed',
    crashes: true,
  },
  ...seeds.map((seed) => {
    const arch = ['ARM64', 'X86_64', 'ARM32', 'MIPS'][seed % 4];
    // mips runs on its one board; the others on kvm or linuxu.
    const plat = arch === 'MIPS' ? 'MALTA' : Math.floor(seed / 4) % 2 ? 'KVM' : 'LINUXU';
    return {
      name: `seed ${seed}: ${arch.toLowerCase()}, ${plat.toLowerCase()} (the other platform random)`,
      make: () => {
        const app = copyExample('helloworld');
        randconfig(app, seed, { [`ARCH_${arch}`]: 'y', [`PLAT_${plat}`]: 'y', APPHELLOWORLD: 'y' });
        return app;
      },
      greeting: 'Hello world!',
    };
  }),
];
/** The application folder of each case, once made. */
const apps = new Map<string, string>();

beforeAll(() => {
  for (const c of cases) apps.set(c.name, c.make());
  // One make for every build: each ukconfig build joins its jobserver.
  const top = join(tempDir('randconfig'), 'Makefile');
  const rules = cases.map((c, i) => `case${i}:\n\t+@cd '${apps.get(c.name)}' && '${process.execPath}' '${BIN}' build > build.log 2>&1; echo $$? > build.status\n`);
  writeFileSync(top, `all: ${cases.map((_, i) => `case${i}`).join(' ')}\n${rules.join('')}`);
  execFileSync('make', ['-s', '-f', top, `-j${availableParallelism()}`], { stdio: 'ignore', timeout: MAKE_MS });
}, MAKE_MS + 10 * 60_000);

/**
 * Whether the image carries main's status to the host: linuxu always; xen
 * and baremetal always (the guest's last line); kvm through isa-debug-exit
 * (x86_64) or semihosting (arm64) when the configuration has it.
 */
function statusReported(img: { plat: string; arch: string }, config: Map<string, string>): boolean {
  if (img.plat !== 'kvm') return true;
  return img.arch === 'x86_64' ? config.has('KVM_X86_DEBUG_EXIT') : config.has('KVM_ARM64_SEMIHOSTING');
}

/** config.h of an image: the macros that are defined, with their values. */
function configOf(buildDir: string): Map<string, string> {
  return readHeader(readFileSync(join(buildDir, 'config.h'), 'latin1'), 'CONFIG_');
}

/** The images a case built: `<plat>-<arch>` folders of build/ with an image. */
function imagesOf(app: string): { plat: string; arch: string; dir: string }[] {
  const build = join(app, 'build');
  return readdirSync(build, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^(kvm|linuxu|malta)-(x86_64|arm64|arm32|mips)$/.test(e.name))
    .map((e) => {
      const [plat, arch] = e.name.split('-');
      return { plat, arch, dir: join(build, e.name) };
    });
}

/** What the lint finds each library taking from others, for an application (once per application). */
const taken = new Map<string, Map<string, Set<string>>>();
function takenBy(app: string): Map<string, Set<string>> {
  const key = readFileSync(join(app, 'library.uk'), 'utf8');
  let t = taken.get(key);
  if (!t) {
    const choice = chooseTree(takeGlobals([]).globals, process.env, app);
    const kc = loadKconfig(choice.kconfig, { env: choice.env, extensions: true, output: silent });
    const { pools, native } = projectPaths();
    t = lintLibraries({ kc, manifests: loadLibraries(pools, app), sharedInclude: join(native, 'include') }).taken;
    taken.set(key, t);
  }
  return t;
}

describe('the sample', () => {
  it(`covers the four architectures and their platforms (${COUNT} seeds from ${FIRST})`, () => {
    const images = cases.flatMap((c) => imagesOf(apps.get(c.name)!).map((i) => `${i.plat}-${i.arch}`));
    // The platforms a seed pins; the others (xen, baremetal) come in at random.
    expect([...new Set(images)]).toEqual(expect.arrayContaining(['kvm-x86_64', 'linuxu-x86_64', 'kvm-arm64', 'linuxu-arm64', 'kvm-arm32', 'linuxu-arm32', 'malta-mips']));
  });

  it.runIf(COUNT >= 32)('varies what the menu offers: every heap back-end, and options both on and off', () => {
    const configs = cases.flatMap((c) => imagesOf(apps.get(c.name)!).map((i) => configOf(i.dir)));
    const heaps = new Set(configs.map((k) => ['REGION', 'BUDDY', 'TLSF', 'NONE'].find((h) => k.has(`UKALLOC_HEAP_${h}`))));
    expect(heaps).toEqual(new Set(['REGION', 'BUDDY', 'TLSF', 'NONE']));
    for (const option of ['UKBOOT_SHOW_TIME', 'UKDEBUG_ASSERT', 'UKALLOC_STATS', 'HELLOWORLD_PRINT_ARGS', 'LIBUKFDT']) {
      expect(new Set(configs.map((k) => k.has(option))), option).toEqual(new Set([true, false]));
    }
  });
});

describe.each(cases)('$name', (c) => {
  const app = () => apps.get(c.name)!;
  // Long runs make hundreds of images: each case's objects go once it is checked (.config and build.log stay).
  afterAll(() => rmSync(join(app(), 'build'), { recursive: true, force: true }));

  it('builds, under the make that runs it', () => {
    const log = readFileSync(join(app(), 'build.log'), 'utf8');
    expect(readFileSync(join(app(), 'build.status'), 'utf8').trim(), `${relative(ROOT, app())}:\n${log}\n${readFileSync(join(app(), '.config'), 'utf8')}`).toBe('0');
    expect(log).toContain('with the job slots of the make it runs under');
  });

  it('every symbol an object takes from another library is one the lint saw', () => {
    const t = takenBy(app());
    for (const img of imagesOf(app())) {
      const nm = `${crossCompile(img.arch, {}, process.env)}nm`;
      const libs = join(img.dir, 'libs');
      const objects = readdirSync(libs).filter((f) => f.endsWith('.o'));
      const definedBy = new Map<string, string>();
      const undefinedIn = new Map<string, string[]>();
      for (const o of objects) {
        const lib = o.slice(0, -2);
        for (const line of execFileSync(nm, [join(libs, o)], { encoding: 'utf8' }).split('\n')) {
          const m = /^(?:[0-9a-f]+)?\s+([A-Za-z])\s+(\S+)$/.exec(line);
          if (!m) continue;
          if (m[1] === 'U' || m[1] === 'w') (undefinedIn.get(lib) ?? undefinedIn.set(lib, []).get(lib)!).push(m[2]);
          else if (/[A-Z]/.test(m[1])) definedBy.set(m[2], lib);
        }
      }
      const missed: string[] = [];
      for (const [lib, syms] of undefinedIn) {
        for (const s of syms) {
          const from = definedBy.get(s);
          if (from && from !== lib && !t.get(lib)?.has(s) && !t.get('native')?.has(s)) missed.push(`${lib} takes ${s} from ${from}`);
        }
      }
      expect(missed, `${img.plat}-${img.arch}`).toEqual([]);
    }
  });

  it("boots every image: the greeting on the console, main's status as the platform reports it", async () => {
    const images = imagesOf(app());
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) {
      const config = configOf(img.dir);
      const heap = !config.has('UKALLOC_HEAP_NONE');
      const r = await runGuest(app(), ['--plat', img.plat], ['helloworld.status=7', '--', 'an', 'argument']);
      const what = `${img.plat}-${img.arch}: ${r.stdout}${r.stderr}`;
      const lines = r.stdout.split('\n');
      // Without a heap, helloworld's strdup() fails: it says so and returns 1 (the application's status is not reached).
      const hello = c.greeting === 'Hello world!';
      // Without a heap, a library that allocates at boot (threads, file systems) stops the boot naming itself.
      const initFailed = !heap && /CRASH: \[ukboot\] .*init function \S+ of (\w+) failed: -12/.test(r.stdout);
      if (initFailed) {
        const crashReported = statusReported(img, config);
        expect(r.exitCode, what).toBe(crashReported ? 255 : 0);
        continue;
      }
      if (!hello) expect(r.stdout, what).toContain(c.greeting);
      else if (heap) expect(lines, what).toContain(c.greeting);
      // helloworld says it on stderr: the console on kvm, the host's stderr on linuxu with musl.
      else expect([...lines, ...r.stderr.split('\n')], what).toContain('out of memory');
      if (hello && heap) expect(lines.includes('argv[1]: an'), what).toBe(config.has('HELLOWORLD_PRINT_ARGS'));
      expect(/^boot: .* to main/m.test(r.stdout), what).toBe(config.has('UKBOOT_SHOW_TIME'));
      expect(r.stdout.includes('CRASH'), what).toBe(c.crashes === true);
      const status = c.crashes ? 255 : hello && heap ? 7 : 1;
      const reported = c.crashes || statusReported(img, config);
      expect(r.exitCode, what).toBe(reported ? status : 0);
    }
  });
});
