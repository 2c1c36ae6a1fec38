/**
 * The programs a build or a run needs, looked up before any long work
 * starts so that a missing one is one clear message, not a failure halfway.
 */
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export function hostArch(): string {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'arm64' : process.arch;
}

/** GNU triplet prefixes of the Debian cross toolchains, as native/toolchain/<arch>.mk uses them. */
const CROSS_PREFIX: Record<string, string> = { x86_64: 'x86_64-linux-gnu-', arm64: 'aarch64-linux-gnu-', arm32: 'arm-linux-gnueabihf-', mips: 'mips-linux-gnu-' };
const DEBIAN_CROSS: Record<string, string> = {
  x86_64: 'gcc-x86-64-linux-gnu binutils-x86-64-linux-gnu',
  arm64: 'gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu',
  arm32: 'gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf',
  mips: 'gcc-mips-linux-gnu binutils-mips-linux-gnu',
};

export function findOnPath(cmd: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (cmd.includes('/')) return isExecutable(cmd) ? cmd : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    if (isExecutable(p)) return p;
  }
  return null;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CROSS_COMPILE as make will see it: a command-line variable, the environment, else the profile's default. */
export function crossCompile(arch: string, makeVars: Record<string, string>, env: NodeJS.ProcessEnv): string {
  if (makeVars.CROSS_COMPILE !== undefined) return makeVars.CROSS_COMPILE;
  if (env.CROSS_COMPILE !== undefined) return env.CROSS_COMPILE;
  return arch === hostArch() ? '' : (CROSS_PREFIX[arch] ?? '');
}

/** Problems with the tools that building images for `arches` needs; empty when all are there. */
export function missingBuildTools(arches: string[], makeVars: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (!findOnPath('make', env)) problems.push('make not found on PATH (Debian: apt-get install make)');
  for (const arch of arches) {
    const cross = crossCompile(arch, makeVars, env);
    const missing = ['gcc', 'ld', 'objcopy', 'strip', 'readelf', 'nm'].map((t) => cross + t).filter((t) => !findOnPath(t, env));
    if (missing.length === 0) continue;
    const hint =
      cross === ''
        ? 'Debian: apt-get install gcc binutils'
        : cross === CROSS_PREFIX[arch]
          ? `Debian: apt-get install ${DEBIAN_CROSS[arch]}; or set CROSS_COMPILE`
          : `CROSS_COMPILE=${cross} is set`;
    problems.push(`${missing.join(', ')} not found on PATH: the ${arch} images need this toolchain (${hint})`);
  }
  return problems;
}

/** QEMU's names of our architectures where they differ (qemu-aarch64, qemu-system-arm). */
const QEMU_ARCH: Record<string, string> = { arm64: 'aarch64', arm32: 'arm' };

export interface Runner {
  /** Program that runs the image, null when the host runs it directly. */
  program: string | null;
  debianPackage: string | null;
}

/** What runs an image of (plat, arch) on this host. */
export function imageRunner(plat: string, arch: string): Runner {
  if (plat === 'linuxu') {
    if (arch === hostArch()) return { program: null, debianPackage: null };
    return { program: `qemu-${QEMU_ARCH[arch] ?? arch}`, debianPackage: 'qemu-user' };
  }
  if (arch === 'arm64' || arch === 'arm32') return { program: `qemu-system-${QEMU_ARCH[arch]}`, debianPackage: 'qemu-system-arm' };
  if (arch === 'mips') return { program: 'qemu-system-mips', debianPackage: 'qemu-system-mips' };
  return { program: `qemu-system-${arch}`, debianPackage: 'qemu-system-x86' };
}

export function missingRunner(plat: string, arch: string, env: NodeJS.ProcessEnv): string | null {
  const r = imageRunner(plat, arch);
  if (r.program === null || findOnPath(r.program, env)) return null;
  return `${r.program} not found on PATH: it runs ${plat}-${arch} images (Debian: apt-get install ${r.debianPackage})`;
}

/** A TCP port of 127.0.0.1 nobody listens on now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
