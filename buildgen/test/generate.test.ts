/**
 * From tree, .config and manifests to image plans: the per-image view,
 * config.h, and every bad input caught before anything is compiled.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadKconfig, type Kconfig } from 'kconfig-parser-ts';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseTree, projectPaths } from '../../workspace/src/index.js';
import { generate, type Generation } from '../src/generate.js';
import { Problems } from '../src/problems.js';
import { makeApp, minimalApp } from './app-fixture.js';

const { root } = projectPaths();
const helloworld = join(root, 'examples', 'helloworld');
const silent = { stdout: () => {}, stderr: () => {} };
const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(app: string): Kconfig {
  const choice = chooseTree({ kconfig: null, config: '.config', json: false, dir: null }, process.env, app);
  expect(choice.app).toBe(app);
  return loadKconfig(choice.kconfig, { env: choice.env, extensions: true, output: silent });
}

function gen(app: string, configFile: string): Generation {
  return generate(tree(app), { app, configFile, buildRoot: '/b' });
}

function problemsOf(app: string, configFile: string): string[] {
  try {
    gen(app, configFile);
  } catch (e) {
    if (e instanceof Problems) return e.messages;
    throw e;
  }
  throw new Error('expected problems');
}

const libs = (g: Generation, id: string) => g.images.find((i) => i.plan.id === id)!.plan.libraries.map((l) => l.name);
const header = (g: Generation, id: string) => g.images.find((i) => i.plan.id === id)!.configHeader;

describe('per-image view', () => {
  it('one configuration with both platforms gives two images, each without the other platform', () => {
    const g = gen(helloworld, join(helloworld, 'defconfigs', 'kvm+linuxu-x86_64'));
    expect(g.images.map((i) => i.plan.id)).toEqual(['kvm-x86_64', 'linuxu-x86_64']);
    expect(libs(g, 'kvm-x86_64')).toEqual(['x86_64', 'ns16550', 'nolibc', 'ukacpi', 'ukalloc', 'ukallocregion', 'ukboot', 'ukconsole', 'ukdebug', 'uklibparam', 'ukplat', 'kvm', 'helloworld']);
    expect(libs(g, 'linuxu-x86_64')).toEqual(['x86_64', 'nolibc', 'ukalloc', 'ukallocregion', 'ukboot', 'ukconsole', 'ukdebug', 'uklibparam', 'ukplat', 'linuxu', 'helloworld']);
    const kvm = header(g, 'kvm-x86_64');
    const linuxu = header(g, 'linuxu-x86_64');
    expect(kvm).toContain('#define CONFIG_PLAT_KVM 1\n');
    expect(kvm).toContain('#define CONFIG_LIBNS16550 1\n');
    expect(kvm).toContain('#define CONFIG_KVM_X86_DEBUG_EXIT_PORT 0xf4\n');
    expect(kvm).not.toContain('PLAT_LINUXU');
    expect(linuxu).toContain('#define CONFIG_PLAT_LINUXU 1\n');
    expect(linuxu).not.toMatch(/PLAT_KVM|NS16550|KVM_STACK_SIZE/);
    expect(linuxu).toContain('#define CONFIG_UK_NAME "helloworld"\n');
    const plan = g.images[0].plan;
    expect(plan.image).toBe('/b/helloworld_kvm-x86_64');
    expect(plan.configH).toBe('/b/kvm-x86_64/config.h');
  });

  it('evaluates arch blocks and conditional statements in the view', () => {
    const g = gen(helloworld, join(helloworld, 'defconfigs', 'kvm-arm64'));
    const plan = g.images[0].plan;
    expect(plan.id).toBe('kvm-arm64');
    expect(libs(g, 'kvm-arm64')).toEqual(expect.arrayContaining(['arm64', 'pl011', 'ukfdt', 'kvm']));
    const kvm = plan.libraries.find((l) => l.name === 'kvm')!;
    expect(kvm.sources).toContain('arm64/halt.c');
    expect(kvm.sources).not.toContain('x86_64/entry.S');
    expect(kvm.exports).toContain('plat_arm64_console_default');
    expect(kvm.exports).not.toContain('_plat_x86_entry32');
    expect(plan.includes).toContain(join(root, 'pools', 'lib', 'ukfdt', 'include'));
  });

  it('config.h strings are C string literals, numbers as written, n and empty left out', () => {
    const app = minimalApp(
      { def: 'CONFIG_PLAT_LINUXU=y\nCONFIG_T_STR="say \\"hi\\" \\\\ bye"\nCONFIG_T_HEX=0x1F\n' },
      'config APPT\n\tbool "t"\n\tdefault y\n\tselect LIBNOLIBC\n\tselect LIBUKALLOCREGION\n' +
        'config T_STR\n\tstring "s"\nconfig T_EMPTY\n\tstring "e"\nconfig T_HEX\n\thex "h"\n\tdefault 0x10\nconfig T_OFF\n\tbool "o"\n',
    );
    cleanup.push(app);
    const h = gen(app, join(app, 'def')).images[0].configHeader;
    expect(h).toContain('#define CONFIG_T_STR "say \\"hi\\" \\\\ bye"\n');
    expect(h).toContain('#define CONFIG_T_EMPTY ""\n');
    expect(h).toContain('#define CONFIG_T_HEX 0x1F\n');
    expect(h).not.toContain('T_OFF');
  });

  it('global flags follow their condition', () => {
    const app = makeApp({ 'frag.config': 'CONFIG_PLAT_LINUXU=y\n# CONFIG_X86_64_SSE is not set\n' });
    cleanup.push(app);
    // The helloworld tree with this fragment as the whole configuration.
    const g = generate(tree(helloworld), { app: helloworld, configFile: join(app, 'frag.config'), buildRoot: '/b' });
    const framePointers = ['-fno-omit-frame-pointer', '-mno-omit-leaf-frame-pointer'];
    expect(g.images[0].plan.cflags).toEqual(['-mgeneral-regs-only', ...framePointers]);
    const sse = gen(helloworld, join(helloworld, 'defconfigs', 'linuxu-x86_64'));
    expect(sse.images[0].plan.cflags).toEqual(framePointers);
    const noBacktrace = makeApp({ 'frag.config': 'CONFIG_PLAT_LINUXU=y\n# CONFIG_UKDEBUG_BACKTRACE is not set\n' });
    cleanup.push(noBacktrace);
    const plain = generate(tree(helloworld), { app: helloworld, configFile: join(noBacktrace, 'frag.config'), buildRoot: '/b' });
    expect(plain.images[0].plan.cflags).toEqual([]);
  });

  it('libraries in a subgroup of a pools group are found (drivers/intctlr/apic)', () => {
    const timers = join(root, 'examples', 'timers');
    const g = gen(timers, join(timers, 'defconfigs', 'kvm-x86_64'));
    expect(libs(g, 'kvm-x86_64')).toEqual(expect.arrayContaining(['ukintctlr', 'apic', 'pic', 'uktimer', 'lapic', 'pit', 'mc146818']));
    const apic = g.images[0].plan.libraries.find((l) => l.name === 'apic')!;
    expect(apic.dir).toBe(join(root, 'pools', 'drivers', 'intctlr', 'apic'));
  });
});

describe('bad input', () => {
  it('a library forced on while its own dependencies are unmet', () => {
    const app = minimalApp({ 'def': 'CONFIG_ARCH_ARM64=y\nCONFIG_PLAT_KVM=y\n' }, 'config APPT\n\tbool "t"\n\tdefault y\n\tselect LIBNOLIBC\n\tselect LIBUKALLOCREGION\n\tselect LIBNS16550\n');
    cleanup.push(app);
    expect(problemsOf(app, join(app, 'def'))).toEqual([
      `${join(root, 'pools/drivers/uart/ns16550/Config.uk')}:1: LIBNS16550 is y (selected by APPT) but its dependencies are not met: ARCH_X86_64 [=n] || ARCH_MIPS [=n]`,
    ]);
  });

  it('a library the .config asks for that the tree refuses', () => {
    const app = minimalApp({ 'def': 'CONFIG_ARCH_ARM64=y\nCONFIG_PLAT_KVM=y\nCONFIG_LIBNS16550=y\n' });
    cleanup.push(app);
    const p = problemsOf(app, join(app, 'def'));
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(`${join(app, 'def')}:3: CONFIG_LIBNS16550=y did not take (got n)`);
    expect(p[0]).toContain('LIBNS16550 depends on ARCH_X86_64 [=n]');
  });

  it('no platform, a missing .config', () => {
    const app = minimalApp({ 'def': '# CONFIG_PLAT_KVM is not set\n' });
    cleanup.push(app);
    expect(problemsOf(app, join(app, 'def'))).toEqual([`${join(app, 'def')}: no platform is enabled (set one of the PLAT_* options)`]);
    expect(problemsOf(app, join(app, 'nothere'))[0]).toMatch(/^cannot read .*nothere: configure first/);
  });

  it('manifest expressions: unparsable is an error, an undefined symbol a warning', () => {
    const bad = minimalApp({ 'library.uk': 'library t\nenabled-if APPT\nsource main.c if (PLAT_KVM\n', 'def': 'CONFIG_PLAT_KVM=y\n' });
    cleanup.push(bad);
    expect(problemsOf(bad, join(bad, 'def'))).toEqual([`${join(bad, 'library.uk')}:3: invalid expression: (PLAT_KVM`]);
    const typo = minimalApp({ 'library.uk': 'library t\nenabled-if APPT\nsource main.c\ncflags -O2 if PLAT_KMV || UK_ARCH = x86_64\n', 'def': 'CONFIG_PLAT_KVM=y\n' });
    cleanup.push(typo);
    const g = gen(typo, join(typo, 'def'));
    expect(g.warnings).toEqual([`${join(typo, 'library.uk')}:4: warning: PLAT_KMV is not defined by the configuration tree (it counts as n)`]);
    expect(g.images[0].plan.libraries.find((l) => l.name === 't')!.cflags).toEqual(['-O2']);
  });

  it('manifest errors of all libraries are reported together', () => {
    const app = minimalApp({ 'library.uk': 'library t\nenabled-if APPT\nsource main.c missing.c\nbogus x\n', 'def': 'CONFIG_PLAT_KVM=y\n' });
    cleanup.push(app);
    expect(problemsOf(app, join(app, 'def'))).toEqual([
      `${join(app, 'library.uk')}:3: missing.c: no such file in ${app}`,
      `${join(app, 'library.uk')}:4: unknown statement 'bogus'`,
    ]);
  });
});
