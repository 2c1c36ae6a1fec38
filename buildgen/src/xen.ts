/**
 * Running an image of the xen platform (arm64): Xen 4.17 boots under
 * qemu-system-aarch64 (TCG, virtualization=true) and starts the image as a
 * dom0less domU, described in the machine's device tree (Xen's
 * docs/misc/arm/device-tree/booting.txt). The steps:
 *
 * 1. the hypervisor: Debian's build, named with its checksum in
 *    pools/plat/xen/hypervisor.json, fetched once with `apt-get download`
 *    into the cache outside the clone (~/.cache/ukconfig/xen);
 * 2. the device tree: QEMU's own for the machine (`dumpdtb`), plus Xen's
 *    command line and one `xen,domain` node under /chosen holding the
 *    image as its kernel module, compiled with `dtc`;
 * 3. QEMU with Xen as its kernel and the image put in RAM by `-device
 *    loader`; the guest's console lines come out of Xen's console as
 *    `(XEN) DOM1: text` (vpl011) or `(d1) text` (console_io);
 * 4. the guest's last line `xen: shutdown REASON, status N` gives the
 *    status (Xen tells nobody when a domU stops); then Xen's `R` debug key
 *    reboots the machine, which `-no-reboot` turns into QEMU's exit.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from 'kconfig-parser-ts';
import { GuestArgumentError, kernelCommandLine, RUN_FAILED, type Command, type GuestExit, type GuestSpec } from './guest.js';
import { Problems } from './problems.js';
import { runForStatusLine } from './status-line.js';
import { findOnPath } from './tools.js';

/** pools/plat/xen/hypervisor.json: which hypervisor build to boot under. */
export interface HypervisorManifest {
  package: string;
  version: string;
  sha256: string;
  /** The hypervisor binary inside the package. */
  file: string;
}

/** Guest RAM address where QEMU's loader puts the image for Xen to pick up (free RAM above QEMU's dtb). */
export const MODULE_ADDRESS = 0x5000_0000;
/** The domU's memory when --mem is not given: small domains are quick to create under TCG. */
export const DEFAULT_DOMU_MEMORY = '16M';
/** Xen 4.17 cannot place the domU's device tree below about 5 MiB (it panics). */
const MIN_DOMU_KIB = 8 * 1024;

/** The machine Xen runs on; the dumped device tree must describe exactly this machine. */
const XEN_MACHINE = 'virt,gic-version=3,virtualization=true';
const MACHINE_ARGS = ['-cpu', 'cortex-a57', '-smp', '1', '-m', '1024', '-accel', 'tcg', '-nodefaults', '-no-user-config', '-display', 'none'];

/**
 * Xen's command line: its console on QEMU's PL011; serial input kept by
 * Xen (`conswitch=ax`) so the runner can type its debug keys; guest
 * console_io output shown (`guest_loglvl=all`).
 */
export const XEN_BOOTARGS = 'console=dtuart dtuart=/pl011@9000000 conswitch=ax guest_loglvl=all';

export function readHypervisorManifest(file: string): HypervisorManifest {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Problems([`${file}: ${(e as Error).message}`]);
  }
  for (const k of ['package', 'version', 'sha256', 'file']) {
    if (typeof m[k] !== 'string' || m[k] === '') throw new Problems([`${file}: "${k}" must be a non-empty string`]);
  }
  return m as unknown as HypervisorManifest;
}

/** Where the hypervisor of `m` is kept: one file per version in the cache's xen folder. */
export function hypervisorPath(m: HypervisorManifest, env: NodeJS.ProcessEnv): string {
  return join(cacheDir(env), 'xen', `xen-${m.version.replace(/[^A-Za-z0-9.+-]/g, '_')}-arm64`);
}

/**
 * The hypervisor binary, fetched and checked when the cache lacks it.
 * `apt-get download` needs the arm64 architecture in dpkg's list (.ci/install-deps adds it).
 */
export async function ensureHypervisor(m: HypervisorManifest, env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<string> {
  const target = hypervisorPath(m, env);
  if (existsSync(target)) return target;
  for (const tool of ['apt-get', 'dpkg-deb']) {
    if (!findOnPath(tool, env)) throw new Problems([`${tool} not found on PATH: it fetches the Xen hypervisor (${m.package}) from Debian`]);
  }
  const dir = join(cacheDir(env), 'xen');
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(join(dir, 'fetch-'));
  try {
    log(`fetching ${m.package} ${m.version} into ${dir}`);
    const dl = await execa('apt-get', ['download', `${m.package}=${m.version}`], { cwd: tmp, env, reject: false, all: true });
    const debs = readdirSync(tmp).filter((f) => f.endsWith('.deb'));
    if (dl.exitCode !== 0 || debs.length !== 1) {
      const why = String(dl.all ?? '').trim().split('\n').filter((l) => l.startsWith('E:')).join('; ') || `apt-get exited with ${dl.exitCode}`;
      throw new Problems([
        `cannot fetch the Xen hypervisor: apt-get download ${m.package}=${m.version} failed (${why}). ` +
          `It needs Debian's arm64 package lists: dpkg --add-architecture arm64 && apt-get update (as root); ` +
          `a version Debian no longer serves needs the new version and sha256 in pools/plat/xen/hypervisor.json`,
      ]);
    }
    const deb = join(tmp, debs[0]);
    const sum = createHash('sha256').update(readFileSync(deb)).digest('hex');
    if (sum !== m.sha256) {
      throw new Problems([`${debs[0]}: sha256 ${sum} differs from the ${m.sha256} that pools/plat/xen/hypervisor.json records`]);
    }
    const x = await execa('dpkg-deb', ['-x', deb, join(tmp, 'root')], { reject: false, all: true });
    const inside = join(tmp, 'root', m.file);
    if (x.exitCode !== 0 || !existsSync(inside)) throw new Problems([`${debs[0]} holds no ${m.file}: ${String(x.all ?? '').trim()}`]);
    renameSync(inside, target);
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** QEMU's size syntax (as --mem takes it) in KiB. */
export function sizeKiB(size: string): number {
  const m = /^(\d+)([KMG]?)$/.exec(size);
  if (!m) throw new GuestArgumentError(`not a size: ${size}`);
  // QEMU's unit is MiB when none is given.
  return Number(m[1]) * ({ K: 1, M: 1024, '': 1024, G: 1024 * 1024 } as Record<string, number>)[m[2]];
}

function dtsString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * What is appended to QEMU's decompiled device tree: a second `/ { chosen
 * { ... } }` block, which dtc merges into the existing /chosen. `memory`
 * is in KiB; the module's `reg` must be the image's exact size (Xen copies
 * that many bytes and clears nothing: the guest clears its .bss).
 */
export function domuNode(opts: { imageSize: number; bootargs: string; memoryKiB: number; vpl011?: boolean }): string {
  const addr = MODULE_ADDRESS.toString(16);
  return `
/ {
	chosen {
		xen,xen-bootargs = ${dtsString(XEN_BOOTARGS)};

		domU1 {
			compatible = "xen,domain";
			#address-cells = <2>;
			#size-cells = <2>;
			memory = <0 ${opts.memoryKiB}>;
			cpus = <1>;${opts.vpl011 === false ? '' : '\n\t\t\tvpl011;'}

			module@${addr} {
				compatible = "multiboot,kernel", "multiboot,module";
				reg = <0 0x${addr} 0 ${opts.imageSize}>;
				bootargs = ${dtsString(opts.bootargs)};
			};
		};
	};
};
`;
}

/** The domU's memory in KiB, from --mem or the default; refused below what Xen can place a domain in. */
export function domuMemoryKiB(g: GuestSpec): number {
  const kib = sizeKiB(g.memory ?? DEFAULT_DOMU_MEMORY);
  if (kib < MIN_DOMU_KIB) throw new GuestArgumentError(`--mem: a Xen domU needs at least ${MIN_DOMU_KIB / 1024}M`);
  return kib;
}

/**
 * Writes `dtb`: QEMU's tree for the machine Xen runs on, with the domU
 * added (`vpl011: false` leaves the domain without its UART, so the guest
 * falls back to the console_io hypercall).
 */
export async function writeDomuDtb(g: GuestSpec, qemu: string, dtb: string, opts: { vpl011?: boolean } = {}): Promise<void> {
  if (!findOnPath('dtc')) throw new Problems(['dtc not found on PATH: it writes the device tree that describes the Xen domain (Debian: apt-get install device-tree-compiler)']);
  const bootargs = kernelCommandLine(g.args);
  const memoryKiB = domuMemoryKiB(g);
  const tmp = mkdtempSync(`${dtb}.tmp-`);
  try {
    const dumped = join(tmp, 'virt.dtb');
    await execa(qemu, ['-M', `${XEN_MACHINE},dumpdtb=${dumped}`, ...MACHINE_ARGS], { reject: false, timeout: 60_000 });
    if (!existsSync(dumped)) throw new Problems([`${qemu} did not write its device tree (-M ${XEN_MACHINE},dumpdtb=...)`]);
    const dts = (await execa('dtc', ['-q', '-I', 'dtb', '-O', 'dts', dumped])).stdout;
    const source = join(tmp, 'domu.dts');
    writeFileSync(source, dts + domuNode({ imageSize: statSync(g.image).size, bootargs, memoryKiB, vpl011: opts.vpl011 }));
    await execa('dtc', ['-q', '-I', 'dts', '-O', 'dtb', '-o', join(tmp, 'domu.dtb'), source]);
    renameSync(join(tmp, 'domu.dtb'), dtb);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The QEMU command that boots Xen with the domU's device tree `dtb` and
 * the image as its module; GuestArgumentError for what a xen guest cannot
 * have (checked here, before anything is fetched or written).
 */
export function xenCommand(g: GuestSpec, qemu: string, hypervisor: string, dtb: string): Command {
  if (g.gdbPort !== undefined) throw new GuestArgumentError('--gdb: xen images run under Xen, which a debugger attached to QEMU would see first; debug on kvm');
  domuMemoryKiB(g);
  kernelCommandLine(g.args);
  return {
    file: qemu,
    args: [
      '-M', XEN_MACHINE, ...MACHINE_ARGS,
      '-serial', 'stdio', '-no-reboot',
      '-kernel', hypervisor, '-dtb', dtb,
      '-device', `loader,file=${g.image},addr=0x${MODULE_ADDRESS.toString(16)},force-raw=on`,
    ],
  };
}

/** The guest's own console text in a line of Xen's console, or null for Xen's own lines. */
export function guestLine(line: string): string | null {
  const m = /^\(XEN\) DOM1: (.*)$/.exec(line) ?? /^\(d1\) (.*)$/.exec(line);
  return m ? m[1] : null;
}

/**
 * Xen prints a vpl011 guest's text a line at a time, but a line longer
 * than this is cut into pieces of this many characters, each printed as a
 * line of its own (then the rest, possibly empty): the runner joins them.
 */
export const VPL011_PIECE = 126;

/** The guest's final line (pools/plat/xen/arm64/halt.c). */
const STATUS_LINE = /^xen: shutdown (poweroff|crash), status (\d+)$/;

export function statusOf(guestText: string): GuestExit | null {
  const m = STATUS_LINE.exec(guestText);
  if (!m) return null;
  const status = Number(m[2]);
  return { status, note: m[1] === 'crash' || status === 255 ? 'the guest crashed (see its CRASH: message)' : null };
}

/**
 * Runs the command, writing the guest's console lines to `out` and
 * keeping Xen's own; ends the machine after the status line. Without a
 * status line (Xen panicked, QEMU failed, timeout) Xen's console goes to
 * `err` so the reason shows.
 */
export async function runXen(cmd: Command, timeoutS: number | null, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<GuestExit> {
  const xenLog: string[] = [];
  let held = '';
  const r = await runForStatusLine(cmd, timeoutS, 'pipe', (line, child) => {
    const piece = guestLine(line);
    if (piece === null) {
      xenLog.push(line);
      return null;
    }
    if (line.startsWith('(XEN) DOM1: ') && piece.length === VPL011_PIECE) {
      held += piece;
      return null;
    }
    const text = held + piece;
    held = '';
    out.write(text + '\n');
    const exit = statusOf(text);
    // Xen's reboot key; should Xen not reboot, the status is known anyway.
    if (exit !== null) child.stdin!.write('R');
    return exit;
  });
  if (r.startError !== null) return { status: RUN_FAILED, note: r.startError };
  if (r.stopped) return { status: r.stopped.status, note: `stopped the guest on ${r.stopped.signal}` };
  if (r.exit !== null) return r.exit;
  err.write(xenLog.map((l) => l + '\n').join(''));
  if (r.timedOut) return { status: RUN_FAILED, note: `stopped Xen and the guest after ${timeoutS} s (--timeout) without a status line` };
  return { status: RUN_FAILED, note: `QEMU exited (${r.code}) before the guest printed its status line; Xen's console is above` };
}
