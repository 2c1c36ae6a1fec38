/**
 * `ukconfig run [--plat P] [--arch A] [--machine NAME[,OPTIONS]] [--medium cd|disk] [--mem SIZE]
 * [--smp N] [--timeout SECONDS] [--gdb[=PORT]] [--initrd FILE|FOLDER] [--disk FILE] [--no-rng]
 * [--net user[,OPTIONS] [--port [ADDR:]HOSTPORT:GUESTPORT]... | --net tap:NAME[,OPTIONS]] [--share HOSTDIR:GUESTPATH[:ro]]... [--oci DIR] [--dry-run] [-- ARGS...]`: boots
 * the image built for the application's .config (or the image of an OCI layout, --oci) with the
 * console on this terminal, and exits with main()'s status (codes in docs/building.md).
 * --initrd hands the guest a cpio (newc) archive, or a folder packed as one
 * into a temporary file. --disk attaches a raw disk image as a virtio
 * block device (kvm images with the virtio-blk driver); --net user a
 * virtio network device on QEMU's user networking, with --port forwards,
 * --net tap:NAME one on a tap device the user made (kvm images with the
 * virtio-net driver); --share a host folder the guest
 * mounts at GUESTPATH over virtio-9p (kvm images with 9pfs).
 * With --gdb the guest waits for a debugger and the gdb command to attach
 * is printed.
 */
import { execa } from 'execa';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectPaths, UsageError, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { builtImage, IMAGE_OPTIONS } from '../built-image.js';
import { decodeExit, gdbCommandLine, guestCommand, GuestArgumentError, MACHINES, RUN_FAILED, type GuestSpec, type ImageSettings, type PortForward, type Share } from '../guest.js';
import { GuestStop } from '../guest-stop.js';
import { OciError, readLayout } from '../oci.js';
import { CpioError, packFolder } from '../cpio.js';
import { Problems } from '../problems.js';
import { relayPorts, type RelayedPorts } from '../port-relay.js';
import { TAP_NAME, tapProblem } from '../tap.js';
import { freePort, imageRunner, missingRunner } from '../tools.js';
import { baremetalCommand, MEDIA, mediumFor, type Medium } from '../baremetal.js';
import { rpi3Command, writeRpi3Dtb } from '../rpi3.js';
import { maltaCommand } from '../malta.js';
import { runUntilHaltLine } from '../status-line.js';
import { ensureHypervisor, hypervisorPath, readHypervisorManifest, runXen, writeDomuDtb, xenCommand } from '../xen.js';

type Net = ({ user: true } | { tap: string }) & { deviceOptions?: string };

interface RunArgs {
  plat: string | null;
  arch: string | null;
  machine: string | undefined;
  medium: Medium | undefined;
  memory: string | undefined;
  cpus: number | undefined;
  timeout: number | null;
  /** null: no debugger; 0: any free port. */
  gdbPort: number | null;
  initrd: string | null;
  /** An OCI image layout to run instead of the application's image. */
  oci: string | null;
  disk: string | null;
  noRng: boolean;
  /** `--net user` or `--net tap:NAME`: a network device; null: none. */
  net: Net | null;
  ports: PortForward[];
  shares: Share[];
  dryRun: boolean;
  guestArgs: string[];
}

export const command: Command = {
  summary: 'boot the built image (--plat, --arch); guest arguments after --; exits with its status',
  globals: ['dir', 'config'],
  options: [
    ...IMAGE_OPTIONS,
    {
      name: '--machine',
      value: 'NAME[,OPTIONS]',
      complete: [...new Set(Object.values(MACHINES).flat())],
      help: "the QEMU machine of a kvm image (x86_64: pc or microvm, arm64 and arm32: virt), QEMU's machine options after a comma",
    },
    { name: '--medium', value: 'cd|disk', complete: Object.keys(MEDIA), help: 'the boot medium of a baremetal image QEMU starts the PC from: the CD (default) or the raw disk' },
    { name: '--mem', value: 'SIZE', help: "the guest's memory as QEMU sizes it (2M, 1536K)" },
    { name: '--smp', value: 'N', help: 'a kvm machine with N CPUs (an image built with UKLCPU_SMP starts them all)' },
    { name: '--timeout', value: 'SECONDS', help: 'stop the guest after SECONDS (exit status 125)' },
    { name: '--initrd', value: 'FILE|FOLDER', complete: 'file', help: 'the initrd (cpio newc): a file, or a folder packed into one for this run' },
    {
      name: '--disk',
      value: 'FILE',
      complete: 'file',
      help: 'a raw disk image as a virtio block device, read and written in place (kvm images with the virtio-blk driver)',
    },
    { name: '--no-rng', help: 'no virtio entropy device, which an image with the virtio-rng driver otherwise gets' },
    {
      name: '--net',
      value: 'user|tap:NAME[,OPTIONS]',
      complete: ['user', 'tap:'],
      help: "a virtio network device on QEMU's user networking (guest 10.0.2.15) or on the host's tap device NAME (kvm images with the virtio-net driver); QEMU's options of the device after a comma, e.g. tap:tap0,csum=off",
    },
    {
      name: '--port',
      value: '[ADDR:]HOSTPORT:GUESTPORT',
      help: 'with --net user: forward TCP and UDP HOSTPORT of ADDR (default 127.0.0.1) to GUESTPORT of the guest; repeatable',
    },
    {
      name: '--share',
      value: 'HOSTDIR:GUESTPATH[:ro]',
      complete: 'dir',
      help: 'mount the host folder HOSTDIR at GUESTPATH in the guest over virtio-9p (:ro read-only); repeatable (kvm images with 9pfs)',
    },
    { name: '--gdb', value: 'PORT', optionalValue: true, help: 'the guest waits for gdb on PORT (default: a free one); prints the gdb command that attaches' },
    { name: '--oci', value: 'DIR', complete: 'dir', help: 'run the image of an OCI image layout (ukconfig pkg) instead: digests checked, platform and architecture from its annotations' },
    { name: '--dry-run', aliases: ['-n'], help: 'print the command that boots the image, and stop' },
  ],
  operands: { text: '', min: 0, max: 0, complete: 'none', passThrough: '[-- ARGS...]' },
  noJson: "its output is the guest's console and its exit status main()'s",
  help:
    'ARGS are the guest\'s: library parameters (ukdebug.level=4), then -- and the application\'s.\n' +
    'Exit status: main()\'s; 125 the run failed; 253 and 255 as docs/building.md says.',
  run,
};

function parseArgs(args: CommandArgs): RunArgs {
  const value = (name: string) => args.options.get(name) as string | undefined;
  const memory = value('--mem');
  if (memory !== undefined && !/^\d+[KMG]?$/.test(memory)) throw new UsageError(`--mem takes a QEMU size such as 2M or 1536K`);
  const timeout = value('--timeout');
  if (timeout !== undefined && !(Number(timeout) > 0)) throw new UsageError('--timeout takes a number of seconds');
  const medium = value('--medium');
  if (medium !== undefined && !(medium in MEDIA)) throw new UsageError('--medium takes cd or disk');
  const smp = value('--smp');
  const cpus = smp === undefined ? undefined : Number(smp);
  if (cpus !== undefined && !(Number.isInteger(cpus) && cpus >= 1 && cpus <= 255)) throw new UsageError('--smp takes a number of CPUs (1-255)');
  const gdb = args.options.get('--gdb');
  let gdbPort: number | null = null;
  if (gdb === true) gdbPort = 0;
  else if (gdb !== undefined) {
    gdbPort = Number(gdb);
    if (!(Number.isInteger(gdbPort) && gdbPort >= 1 && gdbPort <= 65535)) throw new UsageError('--gdb=PORT takes a TCP port (1-65535)');
  }
  return {
    plat: value('--plat') ?? null,
    arch: value('--arch') ?? null,
    machine: value('--machine'),
    medium: medium as Medium | undefined,
    memory,
    cpus,
    timeout: timeout === undefined ? null : Number(timeout),
    gdbPort,
    initrd: value('--initrd') ?? null,
    oci: value('--oci') ?? null,
    disk: value('--disk') ?? null,
    noRng: args.options.has('--no-rng'),
    net: parseNet(value('--net')),
    ports: uniqueForwards((args.allValues.get('--port') ?? []).map(parsePort)),
    shares: uniqueShares((args.allValues.get('--share') ?? []).map(parseShare)),
    dryRun: args.options.has('--dry-run'),
    guestArgs: args.passed,
  };
}

/** `user` or `tap:NAME`, then QEMU's options of the device after a comma (`tap:tap0,csum=off`). */
function parseNet(v: string | undefined): Net | null {
  if (v === undefined) return null;
  const comma = v.indexOf(',');
  const [kind, deviceOptions] = comma < 0 ? [v, undefined] : [v.slice(0, comma), v.slice(comma + 1)];
  if (deviceOptions !== undefined && !/^[A-Za-z0-9_.-]+=[A-Za-z0-9_.:-]+(,[A-Za-z0-9_.-]+=[A-Za-z0-9_.:-]+)*$/.test(deviceOptions)) {
    throw new UsageError(`--net: after the comma come QEMU's options of the virtio-net device (KEY=VALUE,..., e.g. csum=off), not '${deviceOptions}'`);
  }
  const options = deviceOptions === undefined ? {} : { deviceOptions };
  if (kind === 'user') return { user: true, ...options };
  if (kind.startsWith('tap:')) {
    const tap = kind.slice(4);
    if (!TAP_NAME.test(tap)) throw new UsageError(`--net tap:NAME takes a network interface name (1-15 letters, digits, '_', '.', '+', '-'), not '${tap}'`);
    return { tap, ...options };
  }
  throw new UsageError(`--net takes 'user' (QEMU user networking) or 'tap:NAME' (a tap device of the host), not '${kind}'`);
}

/** `[ADDR:]HOSTPORT:GUESTPORT`; ADDR an IPv4 address of the host (QEMU's forwards take no other). */
function parsePort(v: string): PortForward {
  const m = /^(?:([^:]+):)?(\d+):(\d+)$/.exec(v);
  const usage = `--port takes [ADDR:]HOSTPORT:GUESTPORT (an IPv4 address and ports 1-65535), not '${v}'`;
  if (!m) throw new UsageError(usage);
  const [hostPort, guestPort] = [Number(m[2]), Number(m[3])];
  const addr = m[1] ?? '127.0.0.1';
  if (!isIPv4(addr) || ![hostPort, guestPort].every((p) => p >= 1 && p <= 65535)) throw new UsageError(usage);
  return { addr, hostPort, guestPort };
}

/** QEMU cannot bind one host port twice: refuse the second forward from it with a clear message. */
function uniqueForwards(ports: PortForward[]): PortForward[] {
  const seen = new Set<string>();
  for (const p of ports) {
    const key = `${p.addr}:${p.hostPort}`;
    if (seen.has(key)) throw new UsageError(`--port: host port ${key} is forwarded twice`);
    seen.add(key);
  }
  return ports;
}

/** The most folders one guest mounts (9pfs's mounts share vfscore's table of 16 with /, /dev). */
const MAX_SHARES = 8;

/**
 * `HOSTDIR:GUESTPATH[:ro]`, split at the last colon (after `:ro` is taken off), so that a host
 * folder may hold colons; GUESTPATH is an absolute path other than `/`, without blanks, commas,
 * colons or quotes (it travels in the guest's one-word parameter 9pfs.mount=).
 */
function parseShare(v: string): Share {
  const readOnly = v.endsWith(':ro');
  const body = readOnly ? v.slice(0, -3) : v;
  const colon = body.lastIndexOf(':');
  const usage = `--share takes HOSTDIR:GUESTPATH or HOSTDIR:GUESTPATH:ro (GUESTPATH absolute, such as /mnt), not '${v}'`;
  if (colon <= 0) throw new UsageError(usage);
  const [hostDir, guestPath] = [body.slice(0, colon), body.slice(colon + 1)];
  if (!/^\/[^\s,:"]*$/.test(guestPath) || /^\/+$/.test(guestPath)) throw new UsageError(usage);
  return { hostDir, guestPath: guestPath.replace(/\/+$/, ''), readOnly };
}

function uniqueShares(shares: Share[]): Share[] {
  if (shares.length > MAX_SHARES) throw new UsageError(`--share: at most ${MAX_SHARES} folders`);
  const seen = new Set<string>();
  for (const s of shares) {
    if (seen.has(s.guestPath)) throw new UsageError(`--share: ${s.guestPath} is shared twice`);
    seen.add(s.guestPath);
  }
  return shares;
}

/** The shares QEMU gets: existing host folders, for an image that can mount them. */
function checkShares(shares: Share[], settings: ImageSettings, plat: string, image: string): Share[] {
  if (plat !== 'kvm') {
    throw new UsageError(`--share applies to kvm images only (a ${plat} image has no 9P device; give a linuxu image its files with --initrd)`);
  }
  if (!settings.virtio9p) {
    throw new Problems([`--share: ${image} cannot mount shared folders: enable LIB9PFS (File systems > 9pfs) and build again`]);
  }
  return shares.map((s) => {
    if (!existsSync(s.hostDir)) throw new Problems([`--share: ${s.hostDir} does not exist`]);
    if (!statSync(s.hostDir).isDirectory()) throw new Problems([`--share: ${s.hostDir} is not a folder`]);
    return { ...s, hostDir: resolve(s.hostDir) };
  });
}

function shellQuote(w: string): string {
  return /^[A-Za-z0-9_\-+=.,/:@%]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The temporary folders of a run: an initrd packed from a folder, an unpacked OCI layout. */
let packedInitrd: string | null = null;
let unpackedOci: string | null = null;

async function run(args: CommandArgs, ws: Workspace): Promise<number> {
  try {
    return await runImage(args, ws);
  } finally {
    for (const dir of [packedInitrd, unpackedOci]) if (dir) rmSync(dir, { recursive: true, force: true });
    packedInitrd = unpackedOci = null;
  }
}

async function runImage(args: CommandArgs, ws: Workspace): Promise<number> {
  const opts = parseArgs(args);
  let spec: GuestSpec;
  let appDir: string;
  let buildDir: string;
  try {
    let built: { arch: string; plat: string; image: string; shown: string; settings: ImageSettings; args: string[] };
    if (opts.oci !== null) {
      // The image of a layout: unpacked, checked, run from a temporary folder.
      if (opts.gdbPort !== null) throw new UsageError('--gdb needs the image\'s symbols, which an OCI layout does not carry');
      appDir = process.cwd();
      buildDir = unpackedOci = mkdtempSync(join(tmpdir(), 'ukconfig-oci-'));
      const pkg = readLayout(opts.oci, unpackedOci);
      if (opts.plat !== null && opts.plat !== pkg.plat) throw new Problems([`${opts.oci} holds a ${pkg.plat} image, not ${opts.plat}`]);
      if (opts.arch !== null && opts.arch !== pkg.arch) throw new Problems([`${opts.oci} holds an image for ${pkg.arch}, not ${opts.arch}`]);
      built = { ...pkg, shown: `${opts.oci} (${pkg.name})`, args: opts.guestArgs.length > 0 ? opts.guestArgs : pkg.args };
    } else {
      const b = await builtImage(ws, opts.plat, opts.arch);
      appDir = b.app;
      buildDir = b.buildDir;
      if (b.stale) process.stderr.write(`ukconfig run: warning: ${ws.configFile} is newer than ${b.shown}: run ukconfig build to use it\n`);
      if (opts.gdbPort !== null && !existsSync(b.image + '.dbg')) throw new Problems([`${b.shown}.dbg does not exist: run ukconfig build first`]);
      built = { ...b, args: opts.guestArgs };
    }
    const plat = built.plat;
    if (opts.cpus !== undefined && plat !== 'kvm') throw new UsageError('--smp applies to kvm images only');
    if (opts.medium !== undefined && plat !== 'baremetal') throw new UsageError('--medium applies to baremetal images only');
    // Xen would take it as a dom0less ramdisk module, which the runner does not describe yet.
    if (opts.initrd !== null && (plat === 'xen' || plat === 'malta')) throw new UsageError('--initrd applies to kvm and linuxu images only');
    if (opts.disk !== null && plat !== 'kvm') throw new UsageError(`--disk applies to kvm images only (this is a ${plat} image)`);
    if (opts.ports.length > 0 && (opts.net === null || 'tap' in opts.net)) throw new UsageError('--port forwards to the network device of --net user: give --net user too (a tap needs no forwards)');
    if (opts.net !== null && plat !== 'kvm') throw new UsageError(`--net applies to kvm images only (this is a ${plat} image)`);
    if (opts.machine !== undefined) {
      const machines = MACHINES[built.arch] ?? [];
      if (plat !== 'kvm') throw new UsageError('--machine applies to kvm images only');
      if (!machines.includes(opts.machine.split(',')[0])) {
        throw new UsageError(`--machine: kvm-${built.arch} images run on ${machines.join(' or ')} (with QEMU machine options after a comma)`);
      }
    }
    const runnerProblem = missingRunner(plat, built.arch, process.env);
    if (runnerProblem && !opts.dryRun) throw new Problems([runnerProblem]);
    spec = { arch: built.arch, plat, image: built.image, settings: built.settings, machine: opts.machine, memory: opts.memory, cpus: opts.cpus, args: built.args };
    if (opts.noRng) spec.noRng = true;
    if (opts.disk !== null) spec.disk = diskFile(opts.disk, spec.settings, built.shown);
    if (opts.net !== null) {
      if (!spec.settings.virtioNet) {
        throw new Problems([`--net: ${built.shown} has no network driver: enable LIBVIRTIO_NET (Drivers > Virtio devices > virtio-net) and build again`]);
      }
      if ('tap' in opts.net) {
        const problem = tapProblem(opts.net.tap);
        if (problem) throw new Problems([problem]);
        spec.net = { tap: opts.net.tap, deviceOptions: opts.net.deviceOptions };
      } else {
        spec.net = { ports: opts.ports, deviceOptions: opts.net.deviceOptions };
      }
    }
    if (opts.gdbPort !== null) spec.gdbPort = opts.gdbPort || (await freePort());
    if (opts.initrd !== null) spec.initrd = initrdFile(opts.initrd, opts.dryRun);
    if (opts.shares.length > 0) spec.shares = checkShares(opts.shares, spec.settings, plat, built.shown);
  } catch (e) {
    if (e instanceof CpioError) {
      process.stderr.write(`ukconfig run: --initrd: ${e.message}\n`);
      return RUN_FAILED;
    }
    if (e instanceof OciError) {
      process.stderr.write(`ukconfig run: --oci: ${e.message}\n`);
      return RUN_FAILED;
    }
    if (e instanceof Problems) {
      for (const m of e.messages) process.stderr.write(`ukconfig run: ${m}\n`);
      return RUN_FAILED;
    }
    throw e;
  }

  if (spec.plat === 'xen') return runXenGuest(spec, buildDir, opts);
  if (spec.plat === 'baremetal') return runPc(spec, opts, appDir);
  if (spec.plat === 'rpi3') return runRpi3(spec, buildDir, opts, appDir);
  if (spec.plat === 'malta') return runMaltaBoard(spec, opts, appDir);
  let cmd;
  try {
    cmd = guestCommand(spec);
  } catch (e) {
    if (e instanceof GuestArgumentError) {
      process.stderr.write(`ukconfig run: ${e.message}\n`);
      return RUN_FAILED;
    }
    throw e;
  }
  if (opts.dryRun) {
    process.stdout.write([cmd.file, ...cmd.args].map(shellQuote).join(' ') + '\n');
    return 0;
  }
  // TCP forwards go through our own listening sockets (port-relay.ts: QEMU's backlog of 1 loses connections).
  let relays: RelayedPorts | undefined;
  if (spec.net && 'ports' in spec.net && spec.net.ports.length > 0) {
    try {
      relays = await relayPorts(spec.net.ports);
    } catch (e) {
      process.stderr.write(`ukconfig run: --port: cannot listen on the host's port: ${(e as Error).message}\n`);
      return RUN_FAILED;
    }
    cmd = guestCommand({ ...spec, net: { ...spec.net, ports: relays.ports } });
  }
  const running = execa(cmd.file, cmd.args, {
    stdio: 'inherit',
    reject: false,
    ...(opts.timeout !== null ? { timeout: opts.timeout * 1000, forceKillAfterDelay: 1000 } : {}),
  });
  const stop = new GuestStop(running);
  // Once a signal would end the guest with us: whoever connects may stop us.
  if (spec.gdbPort !== undefined) announceGdb(spec, spec.gdbPort, appDir);
  const child = await running.finally(() => {
    stop.dispose();
    relays?.close();
  });
  if (stop.received) {
    process.stderr.write(`ukconfig run: stopped the guest on ${stop.received}\n`);
    return stop.exitStatus();
  }
  if (child.timedOut) {
    process.stderr.write(`ukconfig run: stopped the guest after ${opts.timeout} s (--timeout)\n`);
    return RUN_FAILED;
  }
  if (child.failed && child.exitCode === undefined && child.signal === undefined) {
    process.stderr.write(`ukconfig run: cannot start ${cmd.file}: ${child.shortMessage}\n`);
    return RUN_FAILED;
  }
  const exit = decodeExit(spec, child.exitCode ?? null, child.signal ?? null);
  if (exit.note) process.stderr.write(`ukconfig run: ${exit.note}\n`);
  return exit.status;
}

/** The archive QEMU gets: the file as given, or the folder packed (newc) into a temporary file. */
function initrdFile(path: string, dryRun: boolean): string {
  if (!existsSync(path)) throw new Problems([`--initrd: ${path} does not exist`]);
  if (!statSync(path).isDirectory()) return resolve(path);
  const archive = packFolder(path);
  if (dryRun) return `${path} (packed as cpio newc)`;
  packedInitrd = mkdtempSync(join(tmpdir(), 'ukconfig-initrd-'));
  const file = join(packedInitrd, 'initrd.cpio');
  writeFileSync(file, archive);
  return file;
}

/** The disk image given to QEMU: an existing regular file, for an image that can drive it. */
function diskFile(path: string, settings: ImageSettings, image: string): string {
  if (!settings.virtioBlk) {
    throw new Problems([`--disk: ${image} has no block-device driver: enable LIBVIRTIO_BLK (Drivers > Virtio devices > virtio-blk) and build again`]);
  }
  if (!existsSync(path)) throw new Problems([`--disk: ${path} does not exist`]);
  if (!statSync(path).isFile()) throw new Problems([`--disk: ${path} is not a file (a raw disk image is)`]);
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch {
    throw new Problems([`--disk: ${path} is not readable and writable (the guest writes to it in place)`]);
  }
  return resolve(path);
}

/** A xen image: Xen under QEMU, the image as a dom0less domU (buildgen/src/xen.ts). */
async function runXenGuest(spec: GuestSpec, buildDir: string, opts: RunArgs): Promise<number> {
  const qemu = imageRunner(spec.plat, spec.arch).program!;
  const dtb = join(buildDir, 'domu.dtb');
  try {
    const manifest = readHypervisorManifest(join(projectPaths().pools, 'plat', 'xen', 'hypervisor.json'));
    const cmd = xenCommand(spec, qemu, hypervisorPath(manifest, process.env), dtb);
    if (opts.dryRun) {
      process.stdout.write([cmd.file, ...cmd.args].map(shellQuote).join(' ') + '\n');
      return 0;
    }
    await ensureHypervisor(manifest, process.env, (m) => process.stderr.write(`ukconfig run: ${m}\n`));
    await writeDomuDtb(spec, qemu, dtb);
    const exit = await runXen(cmd, opts.timeout, process.stdout, process.stderr);
    if (exit.note) process.stderr.write(`ukconfig run: ${exit.note}\n`);
    return exit.status;
  } catch (e) {
    return runFailed(e);
  }
}

/** An rpi3 image: QEMU's Raspberry Pi 3 with the board's device tree (buildgen/src/rpi3.ts). */
async function runRpi3(spec: GuestSpec, buildDir: string, opts: RunArgs, appDir: string): Promise<number> {
  const qemu = imageRunner(spec.plat, spec.arch).program!;
  const dtb = join(buildDir, 'raspi3b.dtb');
  try {
    const cmd = rpi3Command(spec, qemu, dtb);
    if (opts.dryRun) {
      process.stdout.write([cmd.file, ...cmd.args].map(shellQuote).join(' ') + '\n');
      return 0;
    }
    await writeRpi3Dtb(join(projectPaths().pools, 'plat', 'rpi3', 'qemu-raspi3b.dts'), dtb);
    const gdbPort = spec.gdbPort;
    const exit = await runUntilHaltLine('rpi3', 'the board', cmd, opts.timeout, process.stdout, gdbPort === undefined ? undefined : () => announceGdb(spec, gdbPort, appDir));
    if (exit.note) process.stderr.write(`ukconfig run: ${exit.note}\n`);
    return exit.status;
  } catch (e) {
    return runFailed(e);
  }
}

/** What the runner of a platform could not do, as `ukconfig run` reports it; other errors go on. */
function runFailed(e: unknown): number {
  if (!(e instanceof Problems || e instanceof GuestArgumentError)) throw e;
  for (const m of e instanceof Problems ? e.messages : [e.message]) process.stderr.write(`ukconfig run: ${m}\n`);
  return RUN_FAILED;
}

/** Where a guest started with --gdb waits, and the gdb command that attaches. */
function announceGdb(spec: GuestSpec, port: number, appDir: string): void {
  process.stderr.write(
    `ukconfig run: the guest waits for a debugger on 127.0.0.1:${port}; connect with:\n` +
      `  ${gdbCommandLine(spec, port, { project: projectPaths().root, app: appDir }).map(shellQuote).join(' ')}\n`,
  );
}

/** A malta image: QEMU's Malta board, the status from the guest's last line (buildgen/src/malta.ts). */
async function runMaltaBoard(spec: GuestSpec, opts: RunArgs, appDir: string): Promise<number> {
  try {
    const cmd = maltaCommand(spec, imageRunner(spec.plat, spec.arch).program!);
    if (opts.dryRun) {
      process.stdout.write([cmd.file, ...cmd.args].map(shellQuote).join(' ') + '\n');
      return 0;
    }
    const gdbPort = spec.gdbPort;
    const exit = await runUntilHaltLine('malta', 'the board', cmd, opts.timeout, process.stdout, gdbPort === undefined ? undefined : () => announceGdb(spec, gdbPort, appDir));
    if (exit.note) process.stderr.write(`ukconfig run: ${exit.note}\n`);
    return exit.status;
  } catch (e) {
    return runFailed(e);
  }
}

/** A baremetal image: QEMU as a plain PC boots its CD or disk (buildgen/src/baremetal.ts). */
async function runPc(spec: GuestSpec, opts: RunArgs, appDir: string): Promise<number> {
  const qemu = imageRunner(spec.plat, spec.arch).program!;
  const medium = opts.medium ?? 'cd';
  let cleanup = () => {};
  try {
    if (opts.dryRun) {
      const cmd = baremetalCommand(spec, qemu, spec.image + MEDIA[medium], medium);
      const made = spec.args.length > 0 || spec.initrd !== undefined ? ' (a copy of the medium with the arguments and initrd in its grub.cfg)' : '';
      process.stdout.write([cmd.file, ...cmd.args].map(shellQuote).join(' ') + made + '\n');
      return 0;
    }
    const made = await mediumFor(spec, medium, join(projectPaths().native, 'tools', 'pc-boot-media.sh'));
    cleanup = made.cleanup;
    const cmd = baremetalCommand(spec, qemu, made.file, medium);
    const gdbPort = spec.gdbPort;
    const exit = await runUntilHaltLine('baremetal', 'the PC', cmd, opts.timeout, process.stdout, gdbPort === undefined ? undefined : () => announceGdb(spec, gdbPort, appDir));
    if (exit.note) process.stderr.write(`ukconfig run: ${exit.note}\n`);
    return exit.status;
  } catch (e) {
    return runFailed(e);
  } finally {
    cleanup();
  }
}
