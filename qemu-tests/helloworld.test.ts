/**
 * examples/helloworld on every (architecture, platform) pair under QEMU
 * TCG: configured with `ukconfig apply`, both platforms built by one
 * `ukconfig build`, booted with `ukconfig run`. The guest's console and
 * exit status are checked, with arguments and library parameters.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, removeScratch, ROOT, runGuest, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const ARGS = ['ukdebug.level=3', 'helloworld.status=5', 'helloworld.greeting=Hi there', '--', 'a', 'b c'];

interface Pair {
  name: string;
  plat: string;
  runArgs: string[];
}

const ARCHES: { arch: string; pairs: Pair[] }[] = [
  {
    arch: 'x86_64',
    pairs: [
      { name: 'kvm-x86_64 (-M pc)', plat: 'kvm', runArgs: ['--plat', 'kvm', '--machine', 'pc'] },
      { name: 'kvm-x86_64 (-M microvm)', plat: 'kvm', runArgs: ['--plat', 'kvm', '--machine', 'microvm'] },
      { name: 'linuxu-x86_64', plat: 'linuxu', runArgs: ['--plat', 'linuxu'] },
    ],
  },
  {
    arch: 'arm64',
    pairs: [
      { name: 'kvm-arm64 (-M virt)', plat: 'kvm', runArgs: ['--plat', 'kvm'] },
      { name: 'linuxu-arm64 (qemu-aarch64)', plat: 'linuxu', runArgs: ['--plat', 'linuxu'] },
    ],
  },
  {
    arch: 'arm32',
    pairs: [
      { name: 'kvm-arm32 (-M virt -cpu cortex-a15)', plat: 'kvm', runArgs: ['--plat', 'kvm'] },
      { name: 'linuxu-arm32 (qemu-arm)', plat: 'linuxu', runArgs: ['--plat', 'linuxu'] },
    ],
  },
];

describe.each(ARCHES)('helloworld on $arch, kvm and linuxu from one configuration', ({ arch, pairs }) => {
  let app: string;
  let build: { exitCode: number; stdout: string; stderr: string };

  beforeAll(async () => {
    app = copyExample('helloworld');
    const apply = await ukconfig(['-C', app, 'apply', `defconfigs/kvm+linuxu-${arch}`]);
    expect(apply.stderr).toBe('');
    expect(apply.exitCode).toBe(0);
    build = await ukconfig(['-C', app, 'build']);
  });

  it('one ukconfig build makes both images, each with its .dbg beside it, and compile_commands.json', () => {
    expect(build.stderr).toBe('');
    expect(build.exitCode).toBe(0);
    for (const plat of ['kvm', 'linuxu']) {
      const image = join(app, 'build', `helloworld_${plat}-${arch}`);
      expect(existsSync(image)).toBe(true);
      expect(existsSync(image + '.dbg')).toBe(true);
      expect(build.stdout).toContain(`[${plat}-${arch}] build/helloworld_${plat}-${arch}: `);
    }
    const db = JSON.parse(readFileSync(join(app, 'build', 'compile_commands.json'), 'utf8')) as { directory: string; file: string }[];
    expect(new Set(db.map((e) => e.directory))).toEqual(new Set([join(app, 'build', `kvm-${arch}`), join(app, 'build', `linuxu-${arch}`)]));
    expect(db.filter((e) => e.file === join(app, 'main.c'))).toHaveLength(2);
  });

  it('the linuxu image does not get what only kvm selects', () => {
    const mk = readFileSync(join(app, 'build', `linuxu-${arch}`, 'Makefile'), 'utf8');
    const libs = /^UK_LIBS := (.*)$/m.exec(mk)![1].split(' ');
    expect(libs).toContain('linuxu');
    expect(libs).not.toContain('kvm');
    expect(libs).not.toContain(arch === 'x86_64' ? 'ns16550' : 'pl011');
  });

  for (const pair of pairs) {
    describe(pair.name, () => {
      it('boots, receives arguments and library parameters, exits with main\'s status', async () => {
        const r = await runGuest(app, pair.runArgs, ARGS);
        const lines = r.stdout.split('\n');
        expect(lines).toContain('Hi there');
        const argv0 = pair.plat === 'kvm' ? 'helloworld' : join(app, 'build', `helloworld_linuxu-${arch}`);
        const argvAt = lines.indexOf(`argv[0]: ${argv0}`);
        expect(argvAt).toBeGreaterThan(-1);
        expect(lines.slice(argvAt, argvAt + 3)).toEqual([`argv[0]: ${argv0}`, 'argv[1]: a', 'argv[2]: b c']);
        // The guest's own measurement of its boot (CONFIG_UKBOOT_SHOW_TIME).
        expect(r.stdout).toMatch(/^boot: (\d+\.\d us|\d+ ticks) to main/m);
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(5);
      });

      it('without arguments: the default greeting and status 0', async () => {
        const r = await runGuest(app, pair.runArgs, []);
        expect(r.stdout.split('\n')).toContain('Hello world!');
        expect(r.exitCode).toBe(0);
      });

      // Library parameters come before '--'; without it every word is an application argument.
      it('carries status 124, the highest every platform can', async () => {
        const r = await runGuest(app, pair.runArgs, ['helloworld.status=124', '--']);
        expect(r.exitCode).toBe(124);
      });

      it('a status above 124', async () => {
        const r = await runGuest(app, pair.runArgs, ['helloworld.status=200', '--']);
        if (pair.plat === 'kvm' && arch === 'x86_64') {
          expect(r.exitCode).toBe(253);
          expect(r.stderr).toContain('outside 0..124');
        } else expect(r.exitCode).toBe(200);
      });
    });
  }
});

describe('helloworld defconfigs', () => {
  it('every defconfig applies with every value taking', async () => {
    const app = copyExample('helloworld');
    const names = readdirSync(join(ROOT, 'examples', 'helloworld', 'defconfigs')).sort();
    expect(names).toEqual([
      'baremetal-x86_64',
      'kvm+baremetal+linuxu-x86_64',
      'kvm+linuxu-arm32',
      'kvm+linuxu-arm64',
      'kvm+linuxu-x86_64',
      'kvm+xen+rpi3+linuxu-arm64',
      'kvm-arm32',
      'kvm-arm64',
      'kvm-paging-arm64',
      'kvm-paging-x86_64',
      'kvm-x86_64',
      'linuxu-arm32',
      'linuxu-arm64',
      'linuxu-x86_64',
      'malta-mips',
      'musl-kvm+linuxu-arm64',
      'musl-kvm+linuxu-x86_64',
      'rpi3-arm64',
      'xen-arm64',
    ]);
    for (const n of names) {
      const r = await ukconfig(['-C', app, 'apply', `defconfigs/${n}`]);
      expect(r.exitCode, `${n}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it("the README's main command: configure, build and boot kvm-x86_64", async () => {
    const app = copyExample('helloworld');
    // What `npm run demo` runs in examples/helloworld, here in a copy.
    for (const step of [['apply', 'defconfigs/kvm-x86_64'], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const r = await runGuest(app, [], []);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['Hello world!', 'argv[0]: helloworld']));
    expect(r.exitCode).toBe(0);
    const demo = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.demo as string;
    expect(demo).toBe(
      'npm run -s build && node bin/ukconfig.js -C examples/helloworld apply defconfigs/kvm-x86_64 && node bin/ukconfig.js -C examples/helloworld build && node bin/ukconfig.js -C examples/helloworld run',
    );
  });
});
