// A minimal Linux guest to set beside a unikernel: Debian's kernel and an
// initramfs holding one static program (musl-gcc), its files and a tiny
// /init (bench/linux-guest/init.c) that runs it with the console as its
// standard streams, prints "init: exit status N" and powers the machine
// off. It boots under the QEMU command `ukconfig run` gives a kvm-x86_64
// image (buildgen's guest module), with Linux's kernel and command line in
// place of the image's, so both guests get the same machine.
//
// The kernel comes from Debian's package through apt (`apt-get download`,
// the host's apt sources) and is cached outside the clone in the user
// cache (<cache>/linux-guest/<package>_<version>/vmlinuz), then used
// offline: a later run finds the package's kernel there without apt-get.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './examples.mjs';

const INIT_SOURCE = join(ROOT, 'bench', 'linux-guest', 'init.c');

async function buildgen(module) {
  return import(join(ROOT, 'dist', 'buildgen', 'src', `${module}.js`));
}

/** The Debian package of the kernel the metapackage linux-image-<flavour> depends on now (apt-cache, offline). */
function kernelPackage(flavour) {
  const meta = `linux-image-${flavour}`;
  let out;
  try {
    out = execFileSync('apt-cache', ['depends', meta], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`apt-cache depends ${meta} failed (a Debian host with apt is needed for the Linux guest): ${e.stderr ?? e.message}`);
  }
  const m = /Depends: (linux-image-[\w.+-]+)/.exec(out);
  if (!m) throw new Error(`${meta} depends on no kernel package:\n${out}`);
  return m[1];
}

/**
 * Debian's kernel for flavour (e.g. 'cloud-amd64'): { vmlinuz, package, version }.
 * Fetched once with apt-get download, unpacked with dpkg-deb, kept in the user cache.
 */
export async function debianKernel(flavour = 'cloud-amd64') {
  const { originCacheRoot, tempBeside, publish } = await buildgen('origin-cache');
  const cache = join(dirname(originCacheRoot(process.env)), 'linux-guest');
  const pkg = kernelPackage(flavour);
  const cached = existsSync(cache) ? readdirSync(cache).filter((d) => d.startsWith(`${pkg}_`) && existsSync(join(cache, d, 'vmlinuz'))).sort() : [];
  if (cached.length === 0) {
    mkdirSync(cache, { recursive: true });
    const tmp = tempBeside(join(cache, pkg));
    mkdirSync(tmp);
    try {
      execFileSync('apt-get', ['download', pkg], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
      const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${pkg} left no .deb`);
      const version = execFileSync('dpkg-deb', ['-f', join(tmp, deb), 'Version'], { encoding: 'utf8' }).trim();
      execFileSync('sh', ['-c', `dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards './boot/vmlinuz-*'`, 'sh', join(tmp, deb), tmp]);
      const boot = join(tmp, 'boot');
      const image = readdirSync(boot).find((f) => f.startsWith('vmlinuz-'));
      if (!image) throw new Error(`${deb} holds no /boot/vmlinuz-*`);
      const entry = tempBeside(join(cache, `${pkg}_${version}`));
      mkdirSync(entry);
      renameSync(join(boot, image), join(entry, 'vmlinuz'));
      publish(entry, join(cache, `${pkg}_${version}`));
      cached.push(`${pkg}_${version}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const dir = cached[cached.length - 1];
  return { vmlinuz: join(cache, dir, 'vmlinuz'), package: pkg, version: dir.slice(pkg.length + 1) };
}

/**
 * Drivers for a network server in the guest: QEMU's virtio-net-pci card and what it needs, which
 * Debian's kernels build as modules, in load order (finit_module, bench/linux-guest/init.c).
 */
export const NET_MODULES = ['failover', 'net_failover', 'virtio_ring', 'virtio', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'virtio_pci', 'virtio_net'];

/**
 * The modules `names` of the kernel debianKernel() gave: { name: path }, kept beside its vmlinuz
 * (<entry>/modules/NAME.ko), taken once from the same package (apt-get download PACKAGE=VERSION).
 */
export async function kernelModules(kernel, names) {
  const { tempBeside, publish } = await buildgen('origin-cache');
  const dir = join(dirname(kernel.vmlinuz), 'modules');
  const paths = Object.fromEntries(names.map((n) => [n, join(dir, `${n}.ko`)]));
  if (existsSync(dir) && Object.values(paths).every((f) => existsSync(f))) return paths;
  rmSync(dir, { recursive: true, force: true });
  const tmp = tempBeside(dir);
  mkdirSync(tmp);
  try {
    execFileSync('apt-get', ['download', `${kernel.package}=${kernel.version}`], { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
    const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${kernel.package}=${kernel.version} left no .deb`);
    execFileSync('dpkg-deb', ['-x', join(tmp, deb), join(tmp, 'x')]);
    const found = new Map();
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.ko')) found.set(e.name.slice(0, -3), join(d, e.name));
      }
    };
    walk(join(tmp, 'x', 'lib', 'modules'));
    const out = join(tmp, 'modules');
    mkdirSync(out);
    for (const n of names) {
      if (!found.has(n)) throw new Error(`${kernel.package} ${kernel.version} has no module ${n}.ko`);
      copyFileSync(found.get(n), join(out, `${n}.ko`));
    }
    publish(out, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return paths;
}

/**
 * The initramfs files of a network server's guest (buildInitramfs's `files`): the NET_MODULES
 * of `kernel` at /modules/NN-NAME.ko (init loads them in name order, so in NET_MODULES' order)
 * and /net, eth0 at 10.0.2.15/24 (lwIP's address under QEMU's user networking); /net is written
 * into `dir`.
 */
export async function netGuestFiles(kernel, dir) {
  const modules = await kernelModules(kernel, NET_MODULES);
  const net = join(dir, 'net');
  writeFileSync(net, '10.0.2.15 255.255.255.0\n');
  return { net, ...Object.fromEntries(NET_MODULES.map((n, i) => [`modules/${String(i).padStart(2, '0')}-${n}.ko`, modules[n]])) };
}

/** `musl-gcc -static` of the sources into `out`, with `flags` before them; throws with the compiler's message. */
export function buildStatic(out, flags, sources) {
  try {
    execFileSync('musl-gcc', ['-static', ...flags, '-o', out, ...sources, '-lm'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`musl-gcc (Debian package musl-tools) could not build ${out}:\n${e.stderr ?? e.message}`);
  }
  return out;
}

/**
 * The initramfs (cpio newc) at `file`: /init, `files` ({ guestName: hostPath }, at the root)
 * and /args, the program's path and its arguments one a line (none may hold a newline).
 */
export async function buildInitramfs(file, files, argv) {
  const { packFolder } = await buildgen('cpio');
  if (argv.some((a) => a.includes('\n'))) throw new Error('a Linux guest argument cannot hold a newline');
  const root = mkdtempSync(`${file}.root-`);
  try {
    buildStatic(join(root, 'init'), ['-O2'], [INIT_SOURCE]);
    for (const [name, host] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      copyFileSync(host, join(root, name));
    }
    chmodSync(join(root, argv[0]), 0o755);
    writeFileSync(join(root, 'args'), argv.map((a) => a + '\n').join(''));
    writeFileSync(file, packFolder(root));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return file;
}

/** Linux's command line: the serial console, no boot chatter, a panic stops QEMU (-no-reboot) at once. */
const LINUX_APPEND = 'console=ttyS0 quiet panic=-1';

/**
 * The QEMU command for the Linux guest: the one `ukconfig run` gives a kvm-x86_64 image
 * booted with `machine`, `memory` and `cpus` (buildgen's guestCommand), with the kernel,
 * initramfs and command line replaced; `net` as guestCommand takes it (user networking, forwards)
 * adds the same virtio-net card. No isa-debug-exit: /init powers off through ACPI,
 * after which QEMU exits with 0; the program's status is in init's last line.
 */
export async function linuxGuestCommand({ kernel, initramfs, memory, cpus, machine, net }) {
  const { guestCommand } = await buildgen('guest');
  const settings = { debugExitPort: null, semihosting: false, virtioNet: net !== undefined };
  const cmd = guestCommand({ arch: 'x86_64', plat: 'kvm', image: kernel, settings, machine, memory, cpus, initrd: initramfs, args: [], net });
  const i = cmd.args.indexOf('-append');
  return { file: cmd.file, args: [...cmd.args.slice(0, i + 1), LINUX_APPEND, ...cmd.args.slice(i + 2)] };
}

/** The program's exit status from the Linux guest's console (init's last line), or null. */
export function linuxGuestStatus(out) {
  const m = /^init: exit status (\d+)$/m.exec(out);
  return m ? Number(m[1]) : null;
}
