#!/usr/bin/env node
// examples/nginx (nginx 1.22 from Debian's source, unmodified, on musl
// over posix-socket and lwIP in threads) beside examples/httpreply (the
// specialised server on lwIP's raw API), both kvm-x86_64 under the same
// QEMU (-M pc, TCG, user networking, a `--port` forward of 127.0.0.1
// through the port relay of bench/lib/guest-server.mjs),
// serving the same page (httpreply's index.html, put at /www/index.html
// of nginx's initrd), and beside the minimal Linux guest of
// bench/lib/linux-guest.mjs running the same nginx: build.sh's bin/nginx,
// the same source and configure options built static with musl, with the
// same nginx.conf and page, under the same QEMU command (its virtio-net
// card driven by Debian's modules, eth0 at 10.0.2.15 as lwIP's). And the
// same program on the host itself (no QEMU, no slirp in its path).
// Figures: requests per second with ab (apache2-utils), keep-alive with 1
// and 2 connections, and a new connection per request (chosen when QEMU's
// forward with its listen backlog of 1 was the path, see bench/httpreply.mjs);
// the image's size; QEMU's start to the first answer to GET /; the
// smallest -m with which the guest answers. One server at a time, all in
// turn REPS times; medians.
//
//   npm run build && node bench/nginx.mjs [--reps N] [--n N] [--flavour cloud-amd64|amd64]
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { benchOptions } from './lib/args.mjs';
import { abLoads, rateRows, repsAndRequests, requireAb, runLoads } from './lib/http-load.mjs';
import { buildExample, freePort, guestModule, ROOT, scratchDir } from './lib/examples.mjs';
import { bootServer, smallestMemory } from './lib/guest-server.mjs';
import { buildInitramfs, debianKernel, linuxGuestCommand, netGuestFiles } from './lib/linux-guest.mjs';
import { median } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/nginx.mjs [--reps N] [--n N] [--flavour cloud-amd64|amd64]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '3' }, n: { type: 'string', default: '5000' }, flavour: { type: 'string', default: 'cloud-amd64' } });
const { REPS, N } = repsAndRequests(opts, USAGE);
requireAb();

const PAGE_FILE = join(ROOT, 'examples', 'httpreply', 'index.html');
const PAGE = readFileSync(PAGE_FILE);
const CONF = readFileSync(join(ROOT, 'examples', 'nginx', 'rootfs', 'nginx', 'conf', 'nginx.conf'), 'utf8');
const MEMORY = '256M';
const LOADS = abLoads(N);

const { guestCommand } = await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-nginx');

/** Whether GET / on port answers the page within 1 s (asynchronous: see guest-server.mjs). */
async function answers(port) {
  try {
    const { stdout } = await promisify(execFile)('curl', ['-s', '--max-time', '1', `http://127.0.0.1:${port}/`], { encoding: 'buffer' });
    return stdout.equals(PAGE);
  } catch {
    return false;
  }
}

// ---- the images, nginx's initrd, the host's nginx ----------------------------------------------
const httpreply = join(buildExample(scratch, 'httpreply', 'httpreply', 'kvm-x86_64'), 'build', 'httpreply_kvm-x86_64');
const nginxApp = buildExample(scratch, 'nginx', 'nginx', 'kvm-x86_64');
const nginx = join(nginxApp, 'build', 'nginx_kvm-x86_64');
const root = join(scratch, 'nginx-root');
cpSync(join(ROOT, 'examples', 'nginx', 'rootfs'), root, { recursive: true });
mkdirSync(join(root, 'www'));
copyFileSync(PAGE_FILE, join(root, 'www', 'index.html'));
const initrd = join(scratch, 'nginx.cpio');
writeFileSync(initrd, packFolder(root));

/** build.sh's program for the host, named by the -isystem of ngx-modules.c's compile command. */
function hostNginx() {
  const commands = JSON.parse(readFileSync(join(nginxApp, 'build', 'compile_commands.json'), 'utf8'));
  const words = commands.find((c) => c.file.endsWith('/ngx-modules.c'))?.command.split(/\s+/) ?? [];
  const include = words.find((w, i) => words[i - 1] === '-isystem' && /\/nginx-x86_64-[0-9a-f]+\/include$/.test(w));
  if (!include) throw new Error("cannot find build.sh's output in the nginx image's compile commands");
  return join(dirname(include), 'bin', 'nginx');
}
const hostPrefix = join(scratch, 'nginx-host');
mkdirSync(join(hostPrefix, 'conf'), { recursive: true });
mkdirSync(join(hostPrefix, 'www'));
copyFileSync(PAGE_FILE, join(hostPrefix, 'www', 'index.html'));

// The Linux guest: Debian's kernel, its virtio-net modules, /net for eth0, nginx at /sbin/nginx
// (its compiled-in prefix /nginx/ finds the same nginx.conf), the same /etc files and page.
const kernel = await debianKernel(opts.flavour);
const linuxFiles = {
  'sbin/nginx': hostNginx(),
  'nginx/conf/nginx.conf': join(root, 'nginx', 'conf', 'nginx.conf'),
  'etc/passwd': join(root, 'etc', 'passwd'),
  'etc/group': join(root, 'etc', 'group'),
  'www/index.html': PAGE_FILE,
  ...(await netGuestFiles(kernel, scratch)),
};
const initramfs = await buildInitramfs(join(scratch, 'nginx-linux.cpio'), linuxFiles, ['/sbin/nginx']);

const settings = { debugExitPort: '0xf4', semihosting: false, virtioNet: true };
// `net`: port 80 of the guest, forwarded through the relay of bench/lib/guest-server.mjs.
const guests = {
  httpreply: async (net, memory) => guestCommand({ arch: 'x86_64', plat: 'kvm', image: httpreply, settings, memory, args: ['--', '80', '/quit'], net }),
  nginx: async (net, memory) => guestCommand({ arch: 'x86_64', plat: 'kvm', image: nginx, settings, memory, initrd, args: [], net }),
  'nginx, Linux guest': (net, memory) => linuxGuestCommand({ kernel: kernel.vmlinuz, initramfs, memory, cpus: 1, net }),
};

const bootGuest = (name, memory) => bootServer(guests[name], answers, memory, 80);

async function startHost() {
  const port = await freePort();
  const conf = CONF.replace('listen 80;', `listen 127.0.0.1:${port};`).replace('root /www;', `root ${hostPrefix}/www;`);
  writeFileSync(join(hostPrefix, 'conf', 'nginx.conf'), conf);
  const child = spawn(hostNginx(), ['-p', `${hostPrefix}/`, '-c', 'conf/nginx.conf'], { stdio: 'ignore' });
  const t0 = performance.now();
  while (!(await answers(port))) {
    if (performance.now() - t0 > 10_000) throw new Error("the host's nginx does not answer");
    await new Promise((r) => setTimeout(r, 10));
  }
  return { port, stop: async () => child.kill() };
}

// ---- the runs -----------------------------------------------------------------------------------
const HOST = 'nginx on the host';
const LINUX = 'nginx, Linux guest';
const LABELS = ['httpreply', 'nginx', LINUX, HOST];
const rps = new Map(LABELS.map((l) => [l, LOADS.map(() => [])]));
const boot = new Map(LABELS.map((l) => [l, []]));
for (let rep = 0; rep < REPS; rep++) {
  for (const label of LABELS) {
    const server = label === HOST ? await startHost() : await bootGuest(label, MEMORY);
    if (server.ms === null) throw new Error(`${label} did not serve with -m ${MEMORY}; its console:\n${server.console()}`);
    if (label !== HOST) boot.get(label).push(server.ms);
    (await runLoads(label, server, LOADS, PAGE.length)).forEach((r, i) => rps.get(label)[i].push(r));
  }
}
const smallest = (name, hi) => smallestMemory(guests[name], answers, 80, hi);
const memory = { httpreply: await smallest('httpreply'), nginx: await smallest('nginx'), [LINUX]: await smallest(LINUX, 256) };

printTable(['server', ...LOADS.flatMap(([label]) => [`${label} req/s`, 'vs Linux guest'])], rateRows(LABELS, LOADS, rps, LINUX));
console.log(`\nab -n ${N} (${LOADS[2][2]} for a connection per request), median of ${REPS}; the page is ${PAGE.length} bytes`);
const kib = (f) => `${fmt(statSync(f).size / 1024)} KiB`;
const size = { httpreply: statSync(httpreply).size, nginx: statSync(nginx).size, [LINUX]: statSync(kernel.vmlinuz).size + statSync(initramfs).size };
const guestRow = (label, what) => [label, what, `${fmt(size[label] / 1024)} KiB`, `${fmt(median(boot.get(label)))} ms`, `${memory[label]} MiB`];
const ratio = (a, b) => ['', `${a} / ${b}`, fmt(size[a] / size[b], 2), fmt(median(boot.get(a)) / median(boot.get(b)), 2), fmt(memory[a] / memory[b], 2)];
printTable(
  ['guest', 'boots', 'size', 'QEMU start to the first answer (median)', 'smallest -m that serves'],
  [
    guestRow('httpreply', 'kvm-x86_64 image'),
    guestRow('nginx', `kvm-x86_64 image (initrd ${kib(initrd)} besides)`),
    guestRow(LINUX, `${kernel.package} ${kernel.version}: vmlinuz + initramfs (nginx, modules, /init)`),
    ratio('nginx', LINUX),
    ratio('httpreply', 'nginx'),
  ],
);
console.log(`guests: -M pc under QEMU TCG, -m ${MEMORY} (but for the smallest -m), 1 CPU, user networking (slirp); the host's nginx: build.sh's static musl program`);
