/**
 * `ukconfig run [--plat P] [--arch A] [--machine NAME[,OPTIONS]] [--mem SIZE]
 * [--smp N] [--timeout SECONDS] [--gdb[=PORT]] [--initrd FILE|FOLDER] [--disk FILE]
 * [--no-rng] [--net user [--port [ADDR:]HOSTPORT:GUESTPORT]...] [--dry-run] [-- ARGS...]`: boots the image built for the application's .config with the
 * console on this terminal, and exits with main()'s status (codes in
 * docs/building.md).
 * --initrd hands the guest a cpio (newc) archive, or a folder packed as one
 * into a temporary file. --disk attaches a raw disk image as a virtio
 * block device (kvm images with the virtio-blk driver); --net user a
 * virtio network device on QEMU's user networking, with --port forwards
 * (kvm images with the virtio-net driver).
 * With --gdb the guest waits for a debugger and the gdb command to attach
 * is printed.
 */
import { execa } from 'execa';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { projectPaths, UsageError, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { loadAppTree } from '../app-tree.js';
import { decodeExit, gdbCommandLine, guestCommand, GuestArgumentError, MACHINES, RUN_FAILED, type GuestSpec, type ImageSettings, type PortForward } from '../guest.js';
import { readUserConfig } from '../image-config.js';
import { imagePaths } from '../image-plan.js';
import { CpioError, packFolder } from '../cpio.js';
import { Problems } from '../problems.js';
import { freePort, imageRunner, missingRunner } from '../tools.js';
import { ensureHypervisor, hypervisorPath, readHypervisorManifest, runXen, writeDomuDtb, xenCommand } from '../xen.js';

interface RunArgs {
  plat: string | null;
  arch: string | null;
  machine: string | undefined;
  memory: string | undefined;
  cpus: number | undefined;
  timeout: number | null;
  /** null: no debugger; 0: any free port. */
  gdbPort: number | null;
  initrd: string | null;
  disk: string | null;
  noRng: boolean;
  /** `--net user`: a network device; null: none. */
  net: 'user' | null;
  ports: PortForward[];
  dryRun: boolean;
  guestArgs: string[];
}

export const command: Command = {
  summary: 'boot the built image (--plat, --arch); guest arguments after --; exits with its status',
  globals: ['dir', 'config'],
  options: [
    { name: '--plat', value: 'P', complete: ['kvm', 'linuxu', 'xen'], help: 'the image of platform P, when the configuration has several' },
    { name: '--arch', value: 'A', complete: ['x86_64', 'arm64'], help: 'check that the configuration is for architecture A' },
    {
      name: '--machine',
      value: 'NAME[,OPTIONS]',
      complete: [...new Set(Object.values(MACHINES).flat())],
      help: "the QEMU machine of a kvm image (x86_64: pc or microvm, arm64: virt), QEMU's machine options after a comma",
    },
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
      value: 'user',
      complete: ['user'],
      help: "a virtio network device on QEMU's user networking (guest 10.0.2.15; kvm images with the virtio-net driver)",
    },
    {
      name: '--port',
      value: '[ADDR:]HOSTPORT:GUESTPORT',
      help: 'with --net user: forward TCP and UDP HOSTPORT of ADDR (default 127.0.0.1) to GUESTPORT of the guest; repeatable',
    },
    { name: '--gdb', value: 'PORT', optionalValue: true, help: 'the guest waits for gdb on PORT (default: a free one); prints the gdb command that attaches' },
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
    memory,
    cpus,
    timeout: timeout === undefined ? null : Number(timeout),
    gdbPort,
    initrd: value('--initrd') ?? null,
    disk: value('--disk') ?? null,
    noRng: args.options.has('--no-rng'),
    net: parseNet(value('--net')),
    ports: uniqueForwards((args.allValues.get('--port') ?? []).map(parsePort)),
    dryRun: args.options.has('--dry-run'),
    guestArgs: args.passed,
  };
}

function parseNet(v: string | undefined): 'user' | null {
  if (v === undefined) return null;
  if (v !== 'user') throw new UsageError(`--net takes 'user' (QEMU user networking), not '${v}'`);
  return v;
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

/** How the image was built decides how it must run: read from its config.h (macros named with `prefix`). */
function imageSettings(configH: string, prefix: string): ImageSettings {
  const defined = new Map<string, string>();
  const start = `#define ${prefix}`;
  for (const line of readFileSync(configH, 'latin1').split('\n')) {
    if (!line.startsWith(start)) continue;
    const space = line.indexOf(' ', start.length);
    if (space > 0) defined.set(line.slice(start.length, space), line.slice(space + 1));
  }
  return {
    debugExitPort: defined.get('KVM_X86_DEBUG_EXIT') === '1' ? (defined.get('KVM_X86_DEBUG_EXIT_PORT') ?? '0xf4') : null,
    semihosting: defined.get('KVM_ARM64_SEMIHOSTING') === '1',
    timer: defined.get('LIBUKTIMER') === '1',
    gicV3Only: defined.get('LIBGICV3') === '1' && defined.get('LIBGICV2') !== '1',
    virtioBlk: defined.get('LIBVIRTIO_BLK') === '1',
    virtioRng: defined.get('LIBVIRTIO_RNG') === '1',
    virtioNet: defined.get('LIBVIRTIO_NET') === '1',
  };
}

function shellQuote(w: string): string {
  return /^[A-Za-z0-9_\-+=.,/:@%]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

async function run(args: CommandArgs, ws: Workspace): Promise<number> {
  const opts = parseArgs(args);
  let spec: GuestSpec;
  let appDir: string;
  let buildDir: string;
  try {
    const { app, kc } = await loadAppTree(ws);
    appDir = app;
    const user = readUserConfig(kc, ws.configFile);
    if (!user) throw new Problems([`cannot read ${ws.configFile}: configure and build first (ukconfig apply, ukconfig build)`]);
    if (opts.arch !== null && opts.arch !== user.arch) {
      throw new Problems([`${ws.configFile} is configured for ${user.arch}, not ${opts.arch}`]);
    }
    const plats = opts.plat === null ? user.platforms : user.platforms.filter((p) => p === opts.plat);
    if (plats.length === 0) {
      throw new Problems([`${ws.configFile} enables no platform${opts.plat ? ` named ${opts.plat} (enabled: ${user.platforms.join(', ') || 'none'})` : ''}`]);
    }
    if (plats.length > 1) throw new Problems([`several images (${plats.join(', ')}): choose one with --plat`]);
    const plat = plats[0];
    if (opts.cpus !== undefined && plat !== 'kvm') throw new UsageError('--smp applies to kvm images only');
    // Xen would take it as a dom0less ramdisk module, which the runner does not describe yet.
    if (opts.initrd !== null && plat === 'xen') throw new UsageError('--initrd applies to kvm and linuxu images only');
    if (opts.disk !== null && plat !== 'kvm') throw new UsageError(`--disk applies to kvm images only (this is a ${plat} image)`);
    if (opts.ports.length > 0 && opts.net === null) throw new UsageError('--port forwards to the network device of --net user: give --net user too');
    if (opts.net !== null && plat !== 'kvm') throw new UsageError(`--net applies to kvm images only (this is a ${plat} image)`);
    if (opts.machine !== undefined) {
      const machines = MACHINES[user.arch] ?? [];
      if (plat !== 'kvm') throw new UsageError('--machine applies to kvm images only');
      if (!machines.includes(opts.machine.split(',')[0])) {
        throw new UsageError(`--machine: kvm-${user.arch} images run on ${machines.join(' or ')} (with QEMU machine options after a comma)`);
      }
    }
    const paths = imagePaths({ arch: user.arch, plat, buildRoot: join(app, 'build'), name: user.name });
    const image = paths.image;
    buildDir = paths.buildDir;
    const shown = relative(process.cwd(), image) || image;
    const configH = join(buildDir, 'config.h');
    if (!existsSync(image) || !existsSync(configH)) throw new Problems([`${shown} does not exist: run ukconfig build first`]);
    if (statSync(ws.configFile).mtimeMs > statSync(image).mtimeMs) {
      process.stderr.write(`ukconfig run: warning: ${ws.configFile} is newer than ${shown}: run ukconfig build to use it\n`);
    }
    const runnerProblem = missingRunner(plat, user.arch, process.env);
    if (runnerProblem && !opts.dryRun) throw new Problems([runnerProblem]);
    if (opts.gdbPort !== null && !existsSync(image + '.dbg')) throw new Problems([`${shown}.dbg does not exist: run ukconfig build first`]);
    spec = { arch: user.arch, plat, image, settings: imageSettings(configH, kc.configPrefix), machine: opts.machine, memory: opts.memory, cpus: opts.cpus, args: opts.guestArgs };
    if (opts.noRng) spec.noRng = true;
    if (opts.disk !== null) spec.disk = diskFile(opts.disk, spec.settings, shown);
    if (opts.net !== null) {
      if (!spec.settings.virtioNet) {
        throw new Problems([`--net: ${shown} has no network driver: enable LIBVIRTIO_NET (Drivers > Virtio devices > virtio-net) and build again`]);
      }
      spec.net = { ports: opts.ports };
    }
    if (opts.gdbPort !== null) spec.gdbPort = opts.gdbPort || (await freePort());
    if (opts.initrd !== null) spec.initrd = initrdFile(opts.initrd, opts.dryRun);
  } catch (e) {
    if (e instanceof CpioError) {
      process.stderr.write(`ukconfig run: --initrd: ${e.message}\n`);
      return RUN_FAILED;
    }
    if (e instanceof Problems) {
      for (const m of e.messages) process.stderr.write(`ukconfig run: ${m}\n`);
      return RUN_FAILED;
    }
    throw e;
  }

  if (spec.plat === 'xen') return runXenGuest(spec, buildDir, opts);
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
  if (spec.gdbPort !== undefined) {
    process.stderr.write(
      `ukconfig run: the guest waits for a debugger on 127.0.0.1:${spec.gdbPort}; connect with:\n` +
        `  ${gdbCommandLine(spec, spec.gdbPort, { project: projectPaths().root, app: appDir }).map(shellQuote).join(' ')}\n`,
    );
  }
  const child = await execa(cmd.file, cmd.args, {
    stdio: 'inherit',
    reject: false,
    ...(opts.timeout !== null ? { timeout: opts.timeout * 1000, forceKillAfterDelay: 1000 } : {}),
  }).finally(() => {
    if (packedInitrd) rmSync(packedInitrd, { recursive: true, force: true });
  });
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

/** The folder holding the archive packed for this run, removed once the guest stops. */
let packedInitrd: string | null = null;

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
    if (e instanceof Problems || e instanceof GuestArgumentError) {
      for (const m of e instanceof Problems ? e.messages : [e.message]) process.stderr.write(`ukconfig run: ${m}\n`);
      return RUN_FAILED;
    }
    throw e;
  }
}
