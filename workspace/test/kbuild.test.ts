/**
 * A Kbuild source tree's environment, as `make menuconfig` exports it
 * (workspace/src/kbuild.ts), on small stand-in trees: the version from the
 * Makefile, ARCH from the host or the environment, SRCARCH, the toolchain
 * (CROSS_COMPILE, LLVM, tools given in the environment), CC_VERSION_TEXT
 * from the compiler itself, where conf starts without a configuration.
 * The whole against make itself: cli/test/linux-tree.test.ts.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { machine, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kbuildEnvLater, makefileVersion, srcarch, subarch } from '../src/kbuild.js';
import { takeGlobals, Workspace } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-kbuild-'));
  dirs.push(dir);
  const all = { 'scripts/Kconfig.include': '', ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const LINUX_MAKEFILE = 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\nNAME = Curry Ramen\n';
/** A compiler that says who it is: what CC_VERSION_TEXT must come from. */
function fakeCompiler(dir: string, name: string, firstLine: string): void {
  writeFileSync(join(dir, name), `#!/bin/sh\n[ "$1" = --version ] && printf '%s\\n' '${firstLine}' 'second line'\n`);
  chmodSync(join(dir, name), 0o755);
}

/** The environment once complete (CC_VERSION_TEXT filled in). */
async function kbuildEnv(dir: string, env: NodeJS.ProcessEnv, config: string): Promise<NodeJS.ProcessEnv> {
  const { env: out, ready } = kbuildEnvLater(dir, env, config);
  await ready;
  return out;
}

describe('the Kbuild environment', () => {
  it('KERNELVERSION as `make kernelversion` prints it', () => {
    expect(makefileVersion(LINUX_MAKEFILE)).toBe('6.1.192');
    expect(makefileVersion('VERSION = 6\nPATCHLEVEL = 2\nSUBLEVEL = 0\nEXTRAVERSION = -rc3\n')).toBe('6.2.0-rc3');
    expect(makefileVersion('VERSION = 2024\nPATCHLEVEL = 01\nSUBLEVEL =\nEXTRAVERSION =\n')).toBe('2024.01');
  });

  it('ARCH from the host as scripts/subarch.include names it, SRCARCH as the top Makefile folds it', () => {
    expect(['x86_64', 'i686', 'aarch64', 'armv7l', 'riscv64', 's390x', 'ppc64le'].map((m) => subarch(m))).toEqual(['x86', 'x86', 'arm64', 'arm', 'riscv', 's390', 'powerpc']);
    expect(['x86_64', 'i386', 'x86', 'arm64', 'sparc64', 'um'].map(srcarch)).toEqual(['x86', 'x86', 'x86', 'arm64', 'sparc', 'um']);
  });

  it('sets what make exports: srctree, ARCH, SRCARCH, KERNELVERSION, the tools, CC_VERSION_TEXT', async () => {
    const dir = tree({ Makefile: LINUX_MAKEFILE, Kconfig: '' });
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    fakeCompiler(bin, 'gcc', 'gcc (Fake 12.2.0-14) 12.2.0 # build');
    fakeCompiler(bin, 'aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-gcc (Fake) 12.2.0');
    fakeCompiler(bin, 'clang-15', 'Debian clang version 15.0.6');
    const PATH = `${bin}:${process.env.PATH}`;

    const host = await kbuildEnv(dir, { PATH, CONFIG_: 'X', LC_ALL: 'de_DE.UTF-8' }, '.config');
    expect(host).toMatchObject({ srctree: '.', ARCH: subarch(machine()), SRCARCH: srcarch(subarch(machine())), KERNELVERSION: '6.1.192', VERSION: '6', PATCHLEVEL: '1', SUBLEVEL: '192' });
    expect(host).toMatchObject({ CC: 'gcc', LD: 'ld', NM: 'nm', OBJCOPY: 'objcopy', AR: 'ar', PAHOLE: 'pahole', RUSTC: 'rustc', BINDGEN: 'bindgen', KCONFIG_CONFIG: '.config' });
    // The first line of `$(CC) --version`, without '#'.
    expect(host.CC_VERSION_TEXT).toBe('gcc (Fake 12.2.0-14) 12.2.0  build');
    // make unexports LC_ALL and CONFIG_ (which would rename every symbol).
    expect(host.LC_ALL).toBeUndefined();
    expect(host.CONFIG_).toBeUndefined();

    const cross = await kbuildEnv(dir, { PATH, ARCH: 'arm64', CROSS_COMPILE: 'aarch64-linux-gnu-' }, 'out/.config');
    expect(cross).toMatchObject({ ARCH: 'arm64', SRCARCH: 'arm64', CC: 'aarch64-linux-gnu-gcc', LD: 'aarch64-linux-gnu-ld', KCONFIG_CONFIG: 'out/.config' });
    expect(cross.CC_VERSION_TEXT).toBe('aarch64-linux-gnu-gcc (Fake) 12.2.0');

    const llvm = await kbuildEnv(dir, { PATH, ARCH: 'x86_64', LLVM: '-15' }, '.config');
    expect(llvm).toMatchObject({ SRCARCH: 'x86', CC: 'clang-15', LD: 'ld.lld-15', AR: 'llvm-ar-15', NM: 'llvm-nm-15', OBJCOPY: 'llvm-objcopy-15' });
    expect(llvm.CC_VERSION_TEXT).toBe('Debian clang version 15.0.6');
    expect(await kbuildEnv(dir, { PATH, LLVM: '1' }, '.config')).toMatchObject({ CC: 'clang', LD: 'ld.lld' });
    expect(await kbuildEnv(dir, { PATH, LLVM: '/opt/llvm/bin/' }, '.config')).toMatchObject({ CC: '/opt/llvm/bin/clang' });

    // A tool given in the environment is taken, as from make's command line; the tree's own variables are not.
    const given = await kbuildEnv(dir, { PATH, CC: 'clang-15', KERNELVERSION: '9.9', SRCARCH: 'nope' }, '.config');
    expect(given).toMatchObject({ CC: 'clang-15', KERNELVERSION: '6.1.192' });
    expect(given.SRCARCH).not.toBe('nope');
    expect(given.CC_VERSION_TEXT).toBe('Debian clang version 15.0.6');
  });

  it('is there at once, CC_VERSION_TEXT once the compiler has answered (the command goes on meanwhile)', async () => {
    const dir = tree({ Makefile: LINUX_MAKEFILE, Kconfig: '' });
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'gcc'), "#!/bin/sh\nsleep 1\necho 'gcc (Slow) 12.2.0'\n");
    chmodSync(join(bin, 'gcc'), 0o755);
    const t0 = performance.now();
    const { env, ready } = kbuildEnvLater(dir, { PATH: `${bin}:${process.env.PATH}` }, '.config');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(env).toMatchObject({ CC: 'gcc', KERNELVERSION: '6.1.192', CC_VERSION_TEXT: '' });
    // In its place among the variables, as make exports it (after KERNELRELEASE).
    const names = Object.keys(env);
    expect(names.indexOf('CC_VERSION_TEXT')).toBe(names.indexOf('KERNELRELEASE') + 1);
    await ready;
    expect(env.CC_VERSION_TEXT).toBe('gcc (Slow) 12.2.0');
    expect(Object.keys(env)).toEqual(names);
  });

  it('a compiler that is not there: CC_VERSION_TEXT is empty, as make leaves it', async () => {
    const dir = tree({ Makefile: LINUX_MAKEFILE, Kconfig: '' });
    expect((await kbuildEnv(dir, { PATH: process.env.PATH, CROSS_COMPILE: 'no-such-prefix-' }, '.config')).CC_VERSION_TEXT).toBe('');
  });

  it('U-Boot: UBOOTVERSION instead of KERNELVERSION', async () => {
    const dir = tree({ Makefile: 'VERSION = 2024\nPATCHLEVEL = 01\nSUBLEVEL =\nEXTRAVERSION = -rc1\nUBOOTVERSION = $(VERSION)...\n', Kconfig: '' });
    const env = await kbuildEnv(dir, { PATH: process.env.PATH }, '.config');
    expect(env.UBOOTVERSION).toBe('2024.01-rc1');
    expect(env.KERNELVERSION).toBeUndefined();
  });

  it('without a configuration, conf starts from the defconfig Kbuild picks (KCONFIG_DEFCONFIG_LIST)', async () => {
    const dir = tree({
      Makefile: LINUX_MAKEFILE,
      'scripts/kconfig/Makefile': 'export KCONFIG_DEFCONFIG_LIST :=\n',
      'arch/x86/Makefile': 'ifeq ($(ARCH),x86)\n  KBUILD_DEFCONFIG := x86_64_defconfig\nelse\n  KBUILD_DEFCONFIG := $(ARCH)_defconfig\nendif\n',
      'arch/x86/configs/x86_64_defconfig': 'CONFIG_B=y\n',
      Kconfig: 'mainmenu "Linux/$(ARCH) $(KERNELVERSION) Kernel Configuration"\nconfig B\n\tbool "b"\n',
    });
    const env = await kbuildEnv(dir, { PATH: process.env.PATH, ARCH: 'x86' }, '.config');
    expect(env.KCONFIG_DEFCONFIG_LIST!.split(' ').at(-1)).toBe('arch/x86/configs/x86_64_defconfig');
    expect((await kbuildEnv(dir, { PATH: process.env.PATH, ARCH: 'arm64' }, '.config')).KCONFIG_DEFCONFIG_LIST!.split(' ').at(-1)).toBe('arch/arm64/configs/defconfig');

    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const ws = new Workspace(takeGlobals([], {}).globals, { PATH: process.env.PATH, ARCH: 'x86', UKCONFIG_CACHE: '0' }, dir);
      expect(ws.tree().kind).toBe('kbuild');
      const kc = await ws.load({ messages: 'keep' });
      expect(kc.rootMenu.prompt?.text).toBe('Linux/x86 6.1.192 Kernel Configuration');
      expect(ws.configSource(kc)).toBe(join(dir, 'arch/x86/configs/x86_64_defconfig'));
      expect(ws.readConfig(kc)).toBe('fallback');
      expect(kc.symbol('B')!.strValue).toBe('y');
    } finally {
      process.chdir(cwd);
    }
  });
});
