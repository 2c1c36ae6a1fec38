/**
 * Bad input stops `ukconfig build` and `ukconfig run` with a clear message
 * and a non-zero status before any long work: nothing is compiled, no
 * guest is started.
 */
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../buildgen/src/tools.js';
import { removeScratch, runGuest, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const CONFIG_UK = 'config APPBAD\n\tbool "bad"\n\tdefault y\n\tselect LIBNOLIBC\n\tselect LIBUKALLOCREGION\n';

function app(files: Record<string, string>): string {
  const dir = tempDir('bad');
  const all = {
    'Config.uk': CONFIG_UK,
    'library.uk': '# bad: test application.\nlibrary bad\nenabled-if APPBAD\nsource main.c\n',
    'main.c': 'int main(void) { return 0; }\n',
    ...files,
  };
  for (const [name, text] of Object.entries(all)) writeFileSync(join(dir, name), text);
  return dir;
}

async function configure(dir: string, defconfig: string): Promise<void> {
  writeFileSync(join(dir, 'def'), defconfig);
  const r = await ukconfig(['-C', dir, 'apply', 'def']);
  expect(r.exitCode, r.stderr).toBe(0);
}

/** A PATH holding only `make` (and whatever `keep` names): the other tools are missing. */
function pathWithout(keep: string[] = []): string {
  const bin = tempDir('bin');
  for (const tool of ['make', ...keep]) symlinkSync(findOnPath(tool)!, join(bin, tool));
  return bin;
}

describe('ukconfig build refuses bad input before compiling', () => {
  it('a manifest naming a missing source', async () => {
    const dir = app({ 'library.uk': 'library bad\nenabled-if APPBAD\nsource main.c\nsource nosuch.c\n' });
    await configure(dir, 'CONFIG_PLAT_LINUXU=y\n');
    const r = await ukconfig(['-C', dir, 'build']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'library.uk')}:4: nosuch.c: no such file in ${dir}\n`);
    expect(r.stderr).toContain('nothing was built');
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });

  it('a manifest syntax error, with file and line', async () => {
    const dir = app({ 'library.uk': 'library bad\nenabled-if APPBAD\nsource main.c\narch x86_64 {\n' });
    await configure(dir, 'CONFIG_PLAT_LINUXU=y\n');
    const r = await ukconfig(['-C', dir, 'build']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'library.uk')}:4: end of file inside the block opened at line 4\n`);
  });

  it('a library whose Kconfig dependency is unmet', async () => {
    const dir = app({ 'Config.uk': CONFIG_UK + '\tselect LIBNS16550\n' });
    // ns16550 depends on ARCH_X86_64; the application forces it on arm64.
    await configure(dir, 'CONFIG_ARCH_ARM64=y\nCONFIG_PLAT_KVM=y\n');
    const r = await ukconfig(['-C', dir, 'build']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/pools\/drivers\/uart\/ns16550\/Config\.uk:1: LIBNS16550 is y \(selected by APPBAD\) but its dependencies are not met: ARCH_X86_64 \[=n\]/);
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });

  it('a missing cross compiler', async () => {
    const dir = app({});
    await configure(dir, 'CONFIG_ARCH_ARM64=y\nCONFIG_PLAT_KVM=y\n');
    const r = await ukconfig(['-C', dir, 'build'], { env: { PATH: pathWithout() } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('aarch64-linux-gnu-gcc, aarch64-linux-gnu-ld, aarch64-linux-gnu-objcopy');
    expect(r.stderr).toContain('apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu');
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });

  it('no .config yet', async () => {
    const dir = app({});
    const r = await ukconfig(['-C', dir, 'build']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('cannot read .config: configure first, e.g. ukconfig apply <defconfig>');
  });

  it('not an application folder', async () => {
    const r = await ukconfig(['-C', tempDir('empty'), 'build']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/is not an application folder \(Config\.uk and library\.uk\)/);
  });
});

describe('failures during the build and the run', () => {
  it("a failed compile shows the compiler's message and exits non-zero", async () => {
    const dir = app({ 'main.c': 'int main(void)\n{\n\treturn undefined_thing;\n}\n' });
    await configure(dir, 'CONFIG_PLAT_LINUXU=y\n');
    const r = await ukconfig(['-C', dir, 'build']);
    expect(r.exitCode).toBe(1);
    // gcc's own text: its quote characters follow the locale.
    expect(r.stderr).toMatch(new RegExp(`${join(dir, 'main.c')}:3:\\d+: error: .undefined_thing. undeclared`));
    expect(r.stdout).toContain('FAILED (make exit status 2)');
    expect(r.stderr).toContain('ukconfig build: 1 of 1 images failed');
  });

  it('run before build, and a missing QEMU', async () => {
    const dir = app({});
    await configure(dir, 'CONFIG_PLAT_KVM=y\n');
    const early = await runGuest(dir, [], []);
    expect(early.exitCode).toBe(125);
    expect(early.stderr).toContain('build/unikernel_kvm-x86_64 does not exist: run ukconfig build first');
    expect((await ukconfig(['-C', dir, 'build'])).exitCode).toBe(0);
    const r = await ukconfig(['-C', dir, 'run'], { env: { PATH: pathWithout() } });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toContain('qemu-system-x86_64 not found on PATH: it runs kvm-x86_64 images (Debian: apt-get install qemu-system-x86)');
  });

  it('a guest argument the kernel command line cannot carry', async () => {
    const dir = app({});
    await configure(dir, 'CONFIG_PLAT_KVM=y\n');
    expect((await ukconfig(['-C', dir, 'build'])).exitCode).toBe(0);
    const r = await runGuest(dir, [], ['say "hi"']);
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toContain('a kvm guest argument cannot contain a double quote');
  });

  it('several images need --plat; an unknown platform is refused', async () => {
    const dir = app({});
    await configure(dir, 'CONFIG_PLAT_KVM=y\nCONFIG_PLAT_LINUXU=y\n');
    const r = await runGuest(dir, [], []);
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toContain('several images (kvm, linuxu): choose one with --plat');
    const x = await runGuest(dir, ['--plat', 'xen'], []);
    expect(x.stderr).toContain('enables no platform named xen (enabled: kvm, linuxu)');
  });
});

