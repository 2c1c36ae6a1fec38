/**
 * How each image runs and what its exit status means (native/README.md,
 * "Running and the exit status"): the command line for a (platform,
 * architecture) pair, the guest's own command line, and the decoding of
 * the runner's exit code into main()'s status.
 */
import { MAPPED_ROOTS } from './makefile.js';
import { hostArch, imageRunner } from './tools.js';

/** QEMU machines per (kvm) architecture; `--machine NAME,OPTIONS` adds QEMU machine options. */
export const MACHINES: Record<string, string[]> = { x86_64: ['pc', 'microvm'], arm64: ['virt'], arm32: ['virt'] };

/** The image's settings that decide how it must be run (read from its config.h). */
export interface ImageSettings {
  /** CONFIG_KVM_X86_DEBUG_EXIT_PORT when isa-debug-exit reports the status (kvm x86_64), else null. */
  debugExitPort: string | null;
  /** CONFIG_KVM_ARM64_SEMIHOSTING: the guest stops through semihosting (kvm arm64 and arm32). */
  semihosting: boolean;
  /**
   * CONFIG_LIBUKTIMER: the guest measures time, and under TCG the TSC's
   * frequency only against a reference clock: microvm gets its PIT.
   */
  timer?: boolean;
  /** An arm64 image whose only interrupt-controller driver is the GICv3's (CONFIG_LIBGICV3 without LIBGICV2): virt gets that GIC. */
  gicV3Only?: boolean;
  /** CONFIG_LIBVIRTIO_BLK: the image drives a virtio block device (`--disk`). */
  virtioBlk?: boolean;
  /** CONFIG_LIBVIRTIO_RNG: the image takes random bytes from a virtio entropy device, which the machine gets. */
  virtioRng?: boolean;
  /** CONFIG_LIBVIRTIO_NET: the image drives a virtio network device (`--net`). */
  virtioNet?: boolean;
  /** CONFIG_LIBVIRTIO_9P: the image mounts host folders over virtio-9p (`--share`). */
  virtio9p?: boolean;
}

/** A host folder shared into a kvm guest (`--share HOSTDIR:GUESTPATH[:ro]`). */
export interface Share {
  /** The host's folder, absolute. */
  hostDir: string;
  /** Where the guest mounts it: an absolute path. */
  guestPath: string;
  readOnly: boolean;
}

/** QEMU's options of the virtio-net device (`--net user,OPTIONS`): csum=off,guest_csum=off ... */
export interface NetDeviceOptions {
  deviceOptions?: string;
}

/** A forward of QEMU user networking: HOSTPORT on ADDR of the host to GUESTPORT of the guest, for TCP and UDP. */
export interface PortForward {
  addr: string;
  hostPort: number;
  guestPort: number;
  /** The loopback port QEMU forwards TCP from while `ukconfig run` relays hostPort to it (port-relay.ts). */
  relay?: number;
}

export interface GuestSpec {
  arch: string;
  plat: string;
  image: string;
  settings: ImageSettings;
  /** QEMU machine: a name of MACHINES[arch] and optional `,OPTIONS` (kvm only); default pc / virt. */
  machine?: string;
  /** QEMU -m for kvm images; default 2M on x86_64, 8M on arm64 and arm32. */
  memory?: string;
  /** QEMU -smp for kvm images: how many CPUs the machine has; default 1. */
  cpus?: number;
  /** `lib.param=value ... -- app args`, one word each. */
  args: string[];
  /** Stop before the first instruction and wait for gdb on this TCP port of 127.0.0.1. */
  gdbPort?: number;
  /** A cpio (newc) archive: QEMU's -initrd on kvm, the parameter linuxu.initrd=FILE on linuxu. */
  initrd?: string;
  /** A raw disk image attached as a virtio block device (kvm: pc, microvm, virt). */
  disk?: string;
  /** Leave out the virtio entropy device an image with CONFIG_LIBVIRTIO_RNG otherwise gets. */
  noRng?: boolean;
  /**
   * A virtio network device: on QEMU user networking with these forwards (`--net user`, `--port`),
   * or on a tap device of the host that the user made (`--net tap:NAME`).
   */
  net?: ({ ports: PortForward[] } | { tap: string }) & NetDeviceOptions;
  /** Host folders shared over virtio-9p, each mounted by 9pfs at its guest path. */
  shares?: Share[];
}

export interface Command {
  file: string;
  args: string[];
}

/** The ARM architectures, whose kvm images run on QEMU virt with this CPU and report their status by semihosting. */
const ARM_CPU: Record<string, string> = { arm64: 'cortex-a57', arm32: 'cortex-a15' };
const isArm = (arch: string) => arch in ARM_CPU;

const QEMU_COMMON = ['-accel', 'tcg', '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot'];
const microvm = (timer: boolean) => `microvm,x-option-roms=off,isa-serial=on,rtc=off,pit=${timer ? 'on' : 'off'},pic=off`;

/**
 * microvm with virtio devices: the transports' interrupts on the first
 * I/O APIC (inputs 16-23) rather than a second one, and no
 * `virtio_mmio.device=` words appended to the kernel command line (they
 * would land among the application's arguments): the image finds the
 * transports at their fixed places (pools/drivers/virtio/virtio-mmio).
 */
const MICROVM_VIRTIO = ',ioapic2=off,auto-kernel-cmdline=off';

export class GuestArgumentError extends Error {}

/**
 * The kernel command line: words separated by blanks, double quotes group
 * (ukboot's splitter has no escapes, so a word cannot hold a quote).
 */
export function kernelCommandLine(args: string[]): string {
  return args
    .map((a) => {
      if (a.includes('"')) throw new GuestArgumentError(`a kvm guest argument cannot contain a double quote: ${a}`);
      return a === '' || /[ \t\r\n]/.test(a) ? `"${a}"` : a;
    })
    .join(' ');
}

/** The -M value: the machine's own settings, then the user's options (QEMU lets later ones win). */
function machineOption(g: GuestSpec): string {
  const names = MACHINES[g.arch] ?? [];
  const [name, ...options] = (g.machine ?? names[0] ?? '').split(',');
  if (!names.includes(name)) {
    throw new GuestArgumentError(`--machine: kvm-${g.arch} images run on ${names.join(' or ')}, not '${name}'`);
  }
  const base =
    name === 'microvm'
      ? microvm(g.settings.timer === true) + (hasVirtio(g) ? MICROVM_VIRTIO : '')
      : name === 'virt' && g.settings.gicV3Only
        ? 'virt,gic-version=3'
        : name;
  return [base, ...options].join(',');
}

/** The image drives a virtio device that the machine will have (virtioDevices). */
const wantsRng = (g: GuestSpec) => g.settings.virtioRng === true && g.noRng !== true;
const hasVirtio = (g: GuestSpec) => g.disk !== undefined || wantsRng(g) || g.net !== undefined || (g.shares ?? []).length > 0;

/** The mount tag of the i-th share: what 9pfs.mount= pairs with a guest path. */
const shareTag = (i: number) => `share${i}`;

/**
 * The virtio devices of a kvm guest: the disk (`--disk`), the network
 * device (`--net user`), a 9P device per shared folder (`--share`) and, for an image with the virtio-rng driver, an
 * entropy source. PCI functions on
 * x86_64 pc; virtio-mmio transports on arm virt and x86_64 microvm,
 * switched to their modern (virtio 1.0) interface, the only one our
 * drivers speak.
 */
function virtioDevices(g: GuestSpec): string[] {
  if (!hasVirtio(g)) return [];
  const mmio = isArm(g.arch) || (g.machine ?? '').split(',')[0] === 'microvm';
  const bus = mmio ? 'device' : 'pci';
  const args = mmio ? ['-global', 'virtio-mmio.force-legacy=false'] : [];
  if (g.disk !== undefined) {
    // QEMU's option syntax doubles a comma that belongs to a value.
    args.push('-drive', `file=${g.disk.replace(/,/g, ',,')},format=raw,if=none,id=disk0`, '-device', `virtio-blk-${bus},drive=disk0`);
  }
  if (wantsRng(g)) args.push('-device', `virtio-rng-${bus}`);
  if (g.net !== undefined) {
    let netdev: string;
    if ('tap' in g.net) {
      // The user's tap as it is: QEMU runs no script to configure it up or down.
      netdev = `tap,id=net0,ifname=${g.net.tap},script=no,downscript=no`;
    } else {
      const forwards = g.net.ports.flatMap((p) => [
        p.relay === undefined ? `,hostfwd=tcp:${p.addr}:${p.hostPort}-:${p.guestPort}` : `,hostfwd=tcp:127.0.0.1:${p.relay}-:${p.guestPort}`,
        `,hostfwd=udp:${p.addr}:${p.hostPort}-:${p.guestPort}`,
      ]);
      netdev = `user,id=net0${forwards.join('')}`;
    }
    // romfile= : no boot ROM for the PCI function (the image is loaded with -kernel; QEMU would look for efi-virtio.rom).
    const extra = g.net.deviceOptions ? `,${g.net.deviceOptions}` : '';
    args.push('-netdev', netdev, '-device', `virtio-net-${bus},netdev=net0${mmio ? '' : ',romfile='}${extra}`);
  }
  (g.shares ?? []).forEach((s, i) => {
    // security_model=none: the guest's files are the host's own files, with the modes the
    // guest gives them and owned by whoever runs QEMU (mapped would keep modes in xattrs).
    const ro = s.readOnly ? ',readonly=on' : '';
    args.push('-fsdev', `local,id=fs${i},path=${s.hostDir.replace(/,/g, ',,')},security_model=none${ro}`);
    args.push('-device', `virtio-9p-${bus},fsdev=fs${i},mount_tag=${shareTag(i)}`);
  });
  return args;
}

/** The guest's words with a library parameter added (before a second `--`, or with one). */
function withParameter(args: string[], param: string): string[] {
  return args.includes('--') ? [param, ...args] : [param, '--', ...args];
}

export function guestCommand(spec: GuestSpec): Command {
  const runner = imageRunner(spec.plat, spec.arch);
  // A linuxu image maps its initrd from the host's file system itself.
  let g = spec.plat === 'linuxu' && spec.initrd !== undefined ? { ...spec, args: withParameter(spec.args, `linuxu.initrd=${spec.initrd}`) } : spec;
  const shares = g.shares ?? [];
  if (shares.length > 0) {
    if (g.plat !== 'kvm') throw new GuestArgumentError(`--share applies to kvm images only (a ${g.plat} image has no 9P device)`);
    g = { ...g, args: withParameter(g.args, `9pfs.mount=${shares.map((s, i) => `${shareTag(i)}:${s.guestPath}`).join(',')}`) };
  }
  if (g.plat === 'linuxu') {
    if (g.gdbPort !== undefined) {
      if (runner.program === null) {
        throw new GuestArgumentError(
          `--gdb: linuxu-${g.arch} images run natively, without QEMU to wait for a debugger; debug with: ${gdbFor(g.arch)} --args ${[g.image, ...g.args].join(' ')}`,
        );
      }
      return { file: runner.program, args: ['-g', String(g.gdbPort), g.image, ...g.args] };
    }
    return runner.program === null ? { file: g.image, args: g.args } : { file: runner.program, args: [g.image, ...g.args] };
  }
  if (g.plat !== 'kvm') throw new GuestArgumentError(`no run command for platform ${g.plat}`);
  const kernel = ['-kernel', g.image, ...(g.initrd !== undefined ? ['-initrd', g.initrd] : []), '-append', kernelCommandLine(g.args)];
  const gdb = g.gdbPort !== undefined ? ['-S', '-gdb', `tcp:127.0.0.1:${g.gdbPort}`] : [];
  const machine = ['-M', machineOption(g)];
  const smp = g.cpus !== undefined ? ['-smp', String(g.cpus)] : [];
  const devices = virtioDevices(g);
  if (isArm(g.arch)) {
    const semihosting = g.settings.semihosting ? ['-semihosting'] : [];
    return {
      file: runner.program!,
      args: [...machine, '-cpu', ARM_CPU[g.arch], ...QEMU_COMMON, ...semihosting, ...gdb, '-m', g.memory ?? '8M', ...smp, ...devices, ...kernel],
    };
  }
  const port = g.settings.debugExitPort;
  const exit = port !== null ? ['-device', `isa-debug-exit,iobase=${port},iosize=0x04`] : [];
  return { file: runner.program!, args: [...machine, ...QEMU_COMMON, ...exit, ...gdb, '-m', g.memory ?? '2M', ...smp, ...devices, ...kernel] };
}

/** The debugger for images of `arch`: the host's gdb for its own architecture, gdb-multiarch otherwise. */
export function gdbFor(arch: string): string {
  return arch === hostArch() ? 'gdb' : 'gdb-multiarch';
}

/** The command that loads the image's symbols (`IMAGE.dbg`) and connects to a guest waiting on `port`. */
/**
 * gdb on the image's symbols, attached to the guest; with `sources`, the
 * fixed folder names the debug information carries (makefile.ts,
 * MAPPED_ROOTS) are mapped back to this machine's folders, so that gdb
 * finds the sources.
 */
export function gdbCommandLine(g: GuestSpec, port: number, sources?: { project: string; app: string }): string[] {
  const paths = sources
    ? ['-ex', `set substitute-path ${MAPPED_ROOTS.project} ${sources.project}`, '-ex', `set substitute-path ${MAPPED_ROOTS.app} ${sources.app}`]
    : [];
  return [gdbFor(g.arch), '-q', `${g.image}.dbg`, ...paths, '-ex', `target remote 127.0.0.1:${port}`];
}

/** Exit status of `ukconfig run` when the runner itself failed or the status was lost. */
export const RUN_FAILED = 125;

/** Exit status of `ukconfig run` for a guest that crashed. */
const CRASHED = 255;
const CRASH_NOTE = 'the guest crashed (see its CRASH: message)';

export interface GuestExit {
  /** What `ukconfig run` exits with: main()'s status when it is known. */
  status: number;
  /** Why the status is not simply main()'s, for the user. */
  note: string | null;
}

export function decodeExit(g: GuestSpec, code: number | null, signal: string | null): GuestExit {
  // A linuxu image ends by SIGABRT when it crashes (pools/plat/linuxu/halt.c); 255 is then main's status.
  if (g.plat === 'linuxu' && signal === 'SIGABRT') return { status: CRASHED, note: CRASH_NOTE };
  if (code === null) return { status: RUN_FAILED, note: `the ${g.plat}-${g.arch} guest was killed by ${signal ?? 'a signal'}` };
  if (g.plat === 'kvm' && g.arch === 'x86_64') {
    if (code === CRASHED) return { status: CRASHED, note: CRASH_NOTE };
    if (g.settings.debugExitPort === null) {
      return { status: code, note: code === 0 ? 'the image does not report its status (KVM_X86_DEBUG_EXIT is off)' : null };
    }
    if (code >= 3 && code <= 251 && code % 2 === 1) return { status: (code - 3) / 2, note: null };
    if (code === 253) return { status: 253, note: 'main returned a status outside 0..124, which isa-debug-exit cannot carry' };
    if (code === 1) return { status: RUN_FAILED, note: 'QEMU failed (exit code 1)' };
    if (code === 0) return { status: RUN_FAILED, note: 'the guest stopped without reporting a status (reset, triple fault or ACPI power off)' };
    return { status: RUN_FAILED, note: `QEMU exited with ${code}, which no guest status maps to` };
  }
  if (g.plat === 'kvm' && isArm(g.arch) && !g.settings.semihosting && code === 0) {
    return { status: 0, note: 'the image powers off through PSCI and does not report its status (KVM_ARM64_SEMIHOSTING is off)' };
  }
  // Semihosting carries the status byte only: a crash and main returning 255 (or -1) look alike.
  if (g.plat === 'kvm' && isArm(g.arch) && code === CRASHED) {
    return { status: CRASHED, note: 'the guest crashed (see its CRASH: message), or main returned 255 (or -1)' };
  }
  return { status: code, note: null };
}
