/**
 * A Kbuild source tree (Linux, U-Boot): found by its top Makefile and
 * scripts/Kconfig.include, and the environment its Kconfig files expect:
 * what `make menuconfig` exports to the configuration programs, following
 * Linux 6.1's top Makefile and scripts/kconfig/Makefile (U-Boot's are the
 * same for this, with UBOOTVERSION for KERNELVERSION).
 *
 * Like make, the tree's own variables win over the environment (srctree,
 * SRCARCH, KERNELVERSION, CC_VERSION_TEXT); ARCH, CROSS_COMPILE and LLVM
 * come from the environment as make takes them from it. The tools (CC, LD,
 * AR, ...) make takes from its command line only; here the environment
 * plays that part: `CC=clang ukconfig menu` is `make CC=clang menuconfig`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { machine, release } from 'node:os';
import { join } from 'node:path';

export function isKbuildTree(dir: string): boolean {
  return ['Kconfig', 'Makefile', join('scripts', 'Kconfig.include')].every((f) => existsSync(join(dir, f)));
}

/** What scripts/subarch.include makes of `uname -m`: the host's architecture as Kbuild names it. */
export function subarch(unameM = machine()): string {
  const rules: [RegExp, string][] = [
    [/^i.86$/, 'x86'],
    [/^x86_64$/, 'x86'],
    [/^sun4u$/, 'sparc64'],
    [/^arm.*/, 'arm'],
    [/^sa110$/, 'arm'],
    [/^s390x$/, 's390'],
    [/^ppc.*/, 'powerpc'],
    [/^mips.*/, 'mips'],
    [/^sh[234].*/, 'sh'],
    [/^aarch64.*/, 'arm64'],
    [/^riscv.*/, 'riscv'],
    [/^loongarch.*/, 'loongarch'],
  ];
  for (const [re, arch] of rules) if (re.test(unameM)) return arch;
  return unameM;
}

/** The top Makefile's SRCARCH for an ARCH (the folder under arch/). */
export function srcarch(arch: string): string {
  const folded: Record<string, string> = { i386: 'x86', x86_64: 'x86', sparc64: 'sparc', parisc64: 'parisc', sh64: 'sh' };
  return folded[arch] ?? arch;
}

/** The version from the top Makefile's VERSION, PATCHLEVEL, SUBLEVEL and EXTRAVERSION, as `make kernelversion` prints it. */
export function makefileVersion(makefile: string): string {
  const vars: Record<string, string> = {};
  for (const line of makefile.split('\n')) {
    const m = /^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && !(m[1] in vars)) vars[m[1]] = m[2];
  }
  const { VERSION = '', PATCHLEVEL = '', SUBLEVEL = '', EXTRAVERSION = '' } = vars;
  return `${VERSION}${PATCHLEVEL ? `.${PATCHLEVEL}${SUBLEVEL ? `.${SUBLEVEL}` : ''}` : ''}${EXTRAVERSION}`;
}

/**
 * KBUILD_DEFCONFIG as arch/$(SRCARCH)/Makefile sets it (its first
 * assignment, with $(ARCH) and $(SUBARCH) filled in), else scripts/kconfig's
 * default `defconfig`. Used only when there is no configuration yet.
 */
function kbuildDefconfig(dir: string, arch: string, src: string): string {
  let text = '';
  try {
    text = readFileSync(join(dir, 'arch', src, 'Makefile'), 'latin1');
  } catch {
    return 'defconfig';
  }
  const m = /^\s*KBUILD_DEFCONFIG\s*:?=\s*(\S+)\s*$/m.exec(text);
  const value = m?.[1].replaceAll('$(ARCH)', arch).replaceAll('$(SUBARCH)', subarch()).replaceAll('$(SRCARCH)', src);
  return value && !value.includes('$') ? value : 'defconfig';
}

/** The compilers and binutils, as the top Makefile names them (LLVM=1, LLVM=-15, LLVM=/opt/llvm/bin/, or CROSS_COMPILE). */
function toolchain(env: NodeJS.ProcessEnv): Record<string, string> {
  const llvm = env.LLVM ?? '';
  if (llvm) {
    const prefix = llvm.endsWith('/') ? llvm : '';
    const suffix = llvm.startsWith('-') ? llvm : '';
    const t = (name: string) => `${prefix}${name}${suffix}`;
    return {
      HOSTCC: t('clang'),
      HOSTCXX: t('clang++'),
      CC: t('clang'),
      LD: t('ld.lld'),
      AR: t('llvm-ar'),
      NM: t('llvm-nm'),
      OBJCOPY: t('llvm-objcopy'),
      OBJDUMP: t('llvm-objdump'),
      READELF: t('llvm-readelf'),
      STRIP: t('llvm-strip'),
    };
  }
  const cross = env.CROSS_COMPILE ?? '';
  const t = (name: string) => `${cross}${name}`;
  return {
    HOSTCC: 'gcc',
    HOSTCXX: 'g++',
    CC: t('gcc'),
    LD: t('ld'),
    AR: t('ar'),
    NM: t('nm'),
    OBJCOPY: t('objcopy'),
    OBJDUMP: t('objdump'),
    READELF: t('readelf'),
    STRIP: t('strip'),
  };
}

/** The top Makefile's CC_VERSION_TEXT query: the first line of `$(CC) --version` (then without `#`). */
const CC_VERSION_QUERY = ['-c', 'LC_ALL=C $CC --version 2>/dev/null | head -n 1'];
const ccVersionFrom = (out: string) => out.replace(/\n$/, '').replaceAll('#', '');

/** CC_VERSION_TEXT (empty when the compiler is not there, as make leaves it), without waiting: the thread goes on (loading the engine) while the compiler answers. */
function ccVersionTextLater(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile('sh', CC_VERSION_QUERY, { env, encoding: 'latin1' }, (error, stdout) => resolve(error ? '' : ccVersionFrom(stdout)));
    child.stdin?.end();
  });
}

/**
 * The environment of the configuration programs under `make menuconfig`
 * in the tree at `dir` (the current directory: srctree is `.`, as for an
 * in-tree make), for the configuration file `config`. CC_VERSION_TEXT is
 * filled in once `ready` resolves: the compiler answers while the caller
 * goes on with work that does not need it.
 */
export function kbuildEnvLater(dir: string, env: NodeJS.ProcessEnv, config: string): { env: NodeJS.ProcessEnv; ready: Promise<void> } {
  const { env: out, queryEnv } = kbuildEnvBut(dir, env, config);
  return {
    env: out,
    ready: ccVersionTextLater(queryEnv).then((text) => {
      out.CC_VERSION_TEXT = text;
    }),
  };
}

/**
 * That environment with CC_VERSION_TEXT empty (in its place among the variables),
 * to be filled in; and the environment its query runs with (the variables
 * set before it, as make has them then).
 */
function kbuildEnvBut(dir: string, env: NodeJS.ProcessEnv, config: string): { env: NodeJS.ProcessEnv; queryEnv: NodeJS.ProcessEnv } {
  const makefile = readFileSync(join(dir, 'Makefile'), 'latin1');
  const arch = env.ARCH || subarch();
  const src = srcarch(arch);
  const tools = toolchain(env);
  // Given in the environment, a tool is taken as from make's command line.
  for (const name of Object.keys(tools)) if (env[name]) tools[name] = env[name]!;
  const out: NodeJS.ProcessEnv = {
    ...env,
    LC_COLLATE: 'C',
    LC_NUMERIC: 'C',
    srctree: '.',
    objtree: '.',
    ARCH: arch,
    SRCARCH: src,
    UTS_MACHINE: arch,
    CROSS_COMPILE: env.CROSS_COMPILE ?? '',
    CONFIG_SHELL: 'sh',
    ...tools,
    CPP: `${tools.CC} -E`,
    RUSTC: env.RUSTC || 'rustc',
    RUSTDOC: env.RUSTDOC || 'rustdoc',
    RUSTFMT: env.RUSTFMT || 'rustfmt',
    BINDGEN: env.BINDGEN || 'bindgen',
    CARGO: env.CARGO || 'cargo',
    PAHOLE: env.PAHOLE || 'pahole',
    LEX: 'flex',
    YACC: 'bison',
    AWK: 'awk',
    PERL: 'perl',
    PYTHON3: 'python3',
    BASH: 'bash',
    HOSTPKG_CONFIG: 'pkg-config',
    KCONFIG_CONFIG: config,
  };
  // The top Makefile: `unexport LC_ALL`; scripts/kconfig/Makefile: `unexport CONFIG_`.
  delete out.LC_ALL;
  delete out.CONFIG_;
  for (const v of ['VERSION', 'PATCHLEVEL', 'SUBLEVEL']) {
    const m = new RegExp(`^${v}\\s*=\\s*(.*?)\\s*$`, 'm').exec(makefile);
    out[v] = m ? m[1] : '';
  }
  out[/^UBOOTVERSION\s*=/m.test(makefile) ? 'UBOOTVERSION' : 'KERNELVERSION'] = makefileVersion(makefile);
  out.KERNELRELEASE = readOr(join(dir, 'include', 'config', 'kernel.release')).trim();
  const queryEnv = { ...out };
  out.CC_VERSION_TEXT = '';
  // Where conf looks when there is no configuration yet (Linux 5.16 and later).
  if (/KCONFIG_DEFCONFIG_LIST/.test(readOr(join(dir, 'scripts', 'kconfig', 'Makefile')))) {
    const uname = release();
    out.KCONFIG_DEFCONFIG_LIST = [
      `/lib/modules/${uname}/.config`,
      '/etc/kernel-config',
      `/boot/config-${uname}`,
      `arch/${src}/configs/${kbuildDefconfig(dir, arch, src)}`,
    ].join(' ');
  }
  return { env: out, queryEnv };
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}
