#!/usr/bin/env node
// Network figures for examples/netecho (virtio-net behind uknetdev, QEMU
// user networking): per machine (x86_64 pc: virtio-pci; x86_64 microvm
// and arm64 virt: virtio-mmio) the image size and the median UDP echo
// round trip from 127.0.0.1 through a `--port` forward, for 64-byte and
// 1400-byte datagrams, one at a time, polled and in interrupt mode,
// beside the same round trip to a UDP echo server on the host (a Node
// process) measured in the same run.
//
//   npm run build && node bench/netecho.mjs [--n N]
//
// Everything runs under QEMU TCG with the commands `ukconfig run` uses.
import { createSocket } from 'node:dgram';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildExample, guestModule, scratchDir, startProcess } from './lib/examples.mjs';
import { median } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const args = process.argv.slice(2);
const N = Number(args.includes('--n') ? args[args.indexOf('--n') + 1] : '200');
const SIZES = [64, 1400];

const { guestCommand } = await guestModule();
const scratch = scratchDir('bench-netecho');

async function freeUdpPort() {
  const s = createSocket('udp4');
  await new Promise((res) => s.bind(0, '127.0.0.1', res));
  const { port } = s.address();
  await new Promise((res) => s.close(res));
  return port;
}

/** Median round trip in microseconds of N datagrams of `size` bytes to 127.0.0.1:port, after 10 unmeasured. */
async function roundTrips(port, size) {
  const sock = createSocket('udp4');
  await new Promise((res) => sock.bind(0, '127.0.0.1', res));
  const data = Buffer.alloc(size, 0x5a);
  const one = () =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const timer = setTimeout(() => reject(new Error(`no echo from port ${port}`)), 5000);
      sock.once('message', () => {
        clearTimeout(timer);
        resolve(Number(process.hrtime.bigint() - t0) / 1000);
      });
      sock.send(data, port, '127.0.0.1');
    });
  const us = [];
  for (let i = 0; i < N + 10; i++) {
    const t = await one();
    if (i >= 10) us.push(t);
  }
  sock.close();
  return median(us);
}

async function stop(child) {
  const ended = new Promise((res) => child.once('exit', res));
  child.kill();
  await ended;
}

// The host's reference: the same echo in a Node process on 127.0.0.1.
const hostPort = await freeUdpPort();
const echo = `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(m,r.port,r.address));s.bind(${hostPort},'127.0.0.1',()=>console.log('ready'));`;
const host = await startProcess(process.execPath, ['-e', echo], 'ready');
const hostUs = {};
for (const size of SIZES) hostUs[size] = await roundTrips(hostPort, size);
await stop(host.child);

const rows = [];
const built = {};
for (const { arch, machine, defconfig, irq } of [
  { arch: 'x86_64', machine: 'pc', defconfig: 'kvm+linuxu-x86_64' },
  { arch: 'x86_64', machine: 'pc', defconfig: 'kvm+linuxu-x86_64', irq: true },
  { arch: 'x86_64', machine: 'microvm', defconfig: 'kvm+linuxu-x86_64' },
  { arch: 'x86_64', machine: 'microvm', defconfig: 'kvm+linuxu-x86_64', irq: true },
  { arch: 'arm64', machine: 'virt', defconfig: 'kvm-arm64' },
  { arch: 'arm64', machine: 'virt', defconfig: 'kvm-arm64', irq: true },
]) {
  built[arch] ??= buildExample(scratch, 'netecho', arch, defconfig);
  const image = join(built[arch], 'build', `netecho_kvm-${arch}`);
  const port = await freeUdpPort();
  const settings = { debugExitPort: arch === 'x86_64' ? '0xf4' : null, semihosting: arch === 'arm64', virtioNet: true };
  const cmd = guestCommand({ arch, plat: 'kvm', image, settings, machine, memory: '16M', args: irq ? ['--', 'irq'] : [], net: { ports: [{ addr: '127.0.0.1', hostPort: port, guestPort: 7 }] } });
  const guest = await startProcess(cmd.file, cmd.args, 'netecho: ready');
  try {
    const us = {};
    for (const size of SIZES) us[size] = await roundTrips(port, size);
    rows.push([
      `kvm-${arch} ${machine} ${irq ? 'interrupt' : 'polled'}`,
      fmt(statSync(image).size),
      ...SIZES.flatMap((s) => [fmt(us[s]), fmt(hostUs[s]), fmt(us[s] / hostUs[s], 1)]),
    ]);
  } finally {
    // The datagram "quit" ends the guest with status 0.
    const ended = new Promise((res) => guest.child.once('exit', res));
    const sock = createSocket('udp4');
    sock.send('quit', port, '127.0.0.1', () => sock.close());
    const timer = setTimeout(() => guest.child.kill(), 5000);
    await ended;
    clearTimeout(timer);
  }
}

printTable(['image', 'bytes', ...SIZES.flatMap((s) => [`${s} B guest us`, `${s} B host us`, 'guest/host'])], rows);
console.log(`\nmedian UDP round trips of ${N} datagrams each from 127.0.0.1; guest under QEMU TCG, user networking, -m 16M`);
