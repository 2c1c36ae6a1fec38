/**
 * lwIP end to end: examples/lwipecho (TCP and UDP echo on lwIP 2.1.3's raw
 * API over uknetdev and virtio-net, pools/lib/lwip) on kvm-x86_64 under
 * `ukconfig run --net user --port 127.0.0.1:HOSTPORT:7`. From 127.0.0.1 the
 * test sends datagrams of random bytes and TCP streams of random bytes,
 * several connections at once, and checks that exactly the same bytes
 * come back; a connection reset by the host in the middle of a stream
 * leaves the server serving. QEMU's user networking reaches the guest
 * only through lwIP's ARP, IPv4, UDP and TCP (handshake, windows,
 * retransmission, close). The guest's counts (the datagram "stats", and
 * its last line after "quit") must match what the test sent. Polling, and
 * interrupt mode (lwip.irq: the CPU halts until a frame or lwIP's next
 * timeout). The address comes from the library parameter lwip.ip (a
 * malformed one is refused by name, as are a malformed lwip.ip6 and
 * lwip.gw6, and both in an image without IPv6), or from QEMU's DHCP
 * server with lwip.dhcp.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, copyTestApp, exchange, removeScratch, runGuest, startServerGuest, tcpEcho, tcpReset, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const UDP_SIZES = [1, 5, 64, 512, 1024, 1400, 1472];
const STREAMS = [1, 1000, 1460, 1461, 65_536, 1_000_000];
const PARALLEL = 8;
const PARALLEL_BYTES = 200_000;

describe('lwipecho on kvm-x86_64', () => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('lwipecho');
    await configureAndBuild(app, 'kvm-x86_64');
  }, 300_000);

  /** Boots lwipecho with library parameters, forwarding a free host port to its port 7; resolves once it is ready. */
  const startEcho = (params: string[]) => startServerGuest(app, 7, params, [], 'lwipecho: ready');

  it.each([
    ['polling', []],
    ['interrupt', ['lwip.irq']],
  ])('echoes UDP datagrams and TCP streams exactly, several connections at once, and survives a reset (%s mode)', async (mode, params) => {
    const { guest, port, console } = await startEcho(params);
    const sock = createSocket('udp4');
    try {
      expect(console).toMatch(new RegExp(`lwip: virtio-net pci \\S+ address 10\\.0\\.2\\.15 netmask 255\\.255\\.255\\.0 gateway 10\\.0\\.2\\.2, 64 receive buffers, ${mode} mode`));
      expect(console).toContain('lwipecho: ready on tcp and udp port 7');
      await new Promise<void>((res) => sock.bind(0, '127.0.0.1', res));
      let udpBytes = 0;
      for (const size of UDP_SIZES) {
        const data = randomBytes(size);
        const back = await exchange(sock, port, data, 5000);
        expect(back, `no echo of a ${size}-byte datagram`).not.toBeNull();
        expect(back!.data.equals(data), `echo of ${size} bytes differs`).toBe(true);
        udpBytes += size;
      }
      let tcpBytes = 0;
      let connections = 0;
      // One at a time: shorter than a segment, exactly one, one byte more, a window, many windows.
      for (const size of STREAMS) {
        const data = randomBytes(size);
        const back = await tcpEcho(port, data, 30_000);
        expect(back.length, `tcp echo of ${size} bytes`).toBe(size);
        expect(back.equals(data), `tcp echo of ${size} bytes differs`).toBe(true);
        tcpBytes += size;
        connections++;
      }
      // At once: each connection gets its own bytes back. They are opened one after the other: QEMU
      // listens on the forwarded port with a backlog of 1, and the host's kernel refuses connections
      // beyond it (SYN flooding, ListenOverflows) before the guest sees them.
      const parallel = Array.from({ length: PARALLEL }, () => randomBytes(PARALLEL_BYTES));
      const echoes: Promise<Buffer>[] = [];
      for (const d of parallel) await new Promise<void>((up) => echoes.push(tcpEcho(port, d, 30_000, up)));
      const backs = await Promise.all(echoes);
      for (const [i, d] of parallel.entries()) expect(backs[i].equals(d), `parallel connection ${i}`).toBe(true);
      tcpBytes += PARALLEL * PARALLEL_BYTES;
      connections += PARALLEL;
      // A peer that resets in the middle of the echo: the server goes on serving.
      await tcpReset(port, randomBytes(300_000));
      connections++;
      const after = randomBytes(5000);
      expect((await tcpEcho(port, after, 30_000)).equals(after)).toBe(true);
      tcpBytes += after.length;
      connections++;
      // The guest ends the reset connection when the reset reaches it through QEMU: its counts say when.
      const COUNTS = /^(\d+) connections, (\d+) closed, (\d+) bytes echoed on tcp; (\d+) datagrams, (\d+) bytes on udp$/;
      let stats = '';
      for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        stats = (await exchange(sock, port, Buffer.from('stats'), 2000))?.data.toString() ?? '';
        const s = COUNTS.exec(stats);
        if (s && s[1] === s[2]) break;
      }
      expect(stats).toMatch(COUNTS);
      sock.send(Buffer.from('quit'), port, '127.0.0.1');
      const r = await guest;
      const out = String(r.stdout).replace(/\r/g, '');
      expect(out.split('\n')).toContain(`lwipecho: ${stats}`);
      // The reset connection echoed part of its bytes: at least every other connection's, at most all.
      const m = COUNTS.exec(stats);
      expect(Number(m![1])).toBe(connections);
      expect(Number(m![2])).toBe(connections);
      expect(Number(m![3])).toBeGreaterThanOrEqual(tcpBytes);
      expect(Number(m![3])).toBeLessThanOrEqual(tcpBytes + 300_000);
      expect(Number(m![4])).toBe(UDP_SIZES.length);
      expect(Number(m![5])).toBe(udpBytes);
      // Interrupt mode: the loop halted the CPU when there was nothing to do, and a frame or lwIP's timer woke it.
      if (mode === 'interrupt') expect(Number(/lwipecho: the CPU halted (\d+) times/.exec(out)?.[1])).toBeGreaterThan(0);
      else expect(out).not.toContain('halted');
      expect(r.exitCode, out + String(r.stderr)).toBe(0);
    } finally {
      sock.close();
      guest.kill();
      await guest;
    }
  }, 120_000);

  it('takes its address from a DHCP server with lwip.dhcp (QEMU\'s: 10.0.2.15), not from lwip.ip', async () => {
    const { guest, port, console } = await startEcho(['lwip.dhcp', 'lwip.ip=10.9.9.9']);
    const sock = createSocket('udp4');
    try {
      expect(console).toMatch(/lwip: virtio-net pci \S+ address 10\.0\.2\.15 netmask 255\.255\.255\.0 gateway 10\.0\.2\.2 \(DHCP\), 64 receive buffers, polling mode/);
      await new Promise<void>((res) => sock.bind(0, '127.0.0.1', res));
      const data = randomBytes(100);
      expect((await exchange(sock, port, data, 5000))?.data.equals(data)).toBe(true);
      expect((await tcpEcho(port, data, 10_000)).equals(data)).toBe(true);
      sock.send(Buffer.from('quit'), port, '127.0.0.1');
      const r = await guest;
      expect(String(r.stdout)).toContain('lwipecho: 1 connections, 1 closed, 100 bytes echoed on tcp; 1 datagrams, 100 bytes on udp');
      expect(r.exitCode).toBe(0);
    } finally {
      sock.close();
      guest.kill();
      await guest;
    }
  }, 120_000);

  it('takes its address from lwip.ip, lwip.netmask and lwip.gw, and names a malformed one', async () => {
    // No device answers for 10.0.2.15 then, so the guest is stopped by its timeout: 5 s is enough to see the line.
    const set = await ukconfig(['-C', app, 'run', '--plat', 'kvm', '--timeout', '5', '--mem', '16M', '--net', 'user', '--', 'lwip.ip=10.0.2.99', 'lwip.netmask=255.255.0.0', 'lwip.gw=10.0.2.3', 'lwip.gw6=fe80::2', '--']);
    expect(set.stdout).toMatch(/lwip: virtio-net pci \S+ address 10\.0\.2\.99 netmask 255\.255\.0\.0 gateway 10\.0\.2\.3,/);
    expect(set.stdout).toMatch(/lwip: IPv6 FE80::5054:FF:FE12:3456, gateway FE80::2\r?\n/);
    for (const [word, name] of [['lwip.ip=10.0.2.x', 'ip'], ['lwip.netmask=255.255.255.256', 'netmask'], ['lwip.gw=gateway', 'gw']]) {
      const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M', '--net', 'user'], [word, '--']);
      expect(r.stdout).toContain(`lwip: lwip.${name}=${word.split('=')[1]} is not an IPv4 address (A.B.C.D)`);
      expect(r.stdout).not.toContain('lwipecho: ready');
      expect(r.exitCode).toBe(2);
    }
    for (const [word, says] of [
      ['lwip.ip6=fd77::x', 'lwip.ip6=fd77::x is not an IPv6 address'],
      ['lwip.gw6=router', 'lwip.gw6=router is not an IPv6 address'],
      ['lwip.gw6=ff02::2', "lwip.gw6=ff02::2 is not a neighbour's unicast address"],
      ['lwip.gw6=::', "lwip.gw6=:: is not a neighbour's unicast address"],
    ]) {
      const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M', '--net', 'user'], [word, '--']);
      expect(r.stdout.split('\n')).toContain(`lwip: ${says}`);
      expect(r.stdout).not.toContain('lwipecho: ready');
      expect(r.exitCode).toBe(2);
    }
  }, 120_000);

  it('without IPv6 (LWIP_IPV6 off) says that lwip.gw6 and lwip.ip6 need it, and does not start', async () => {
    const v4 = copyExample('lwipecho');
    const off = join(v4, 'no-ipv6.config');
    writeFileSync(off, '# CONFIG_LWIP_IPV6 is not set\n');
    for (const step of [['apply', 'defconfigs/kvm-x86_64', off], ['build']]) {
      const b = await ukconfig(['-C', v4, ...step]);
      expect(b.exitCode, b.stdout + b.stderr).toBe(0);
    }
    for (const word of ['lwip.gw6=fd77::1', 'lwip.ip6=fd77::2']) {
      const r = await runGuest(v4, ['--plat', 'kvm', '--mem', '16M', '--net', 'user'], [word, '--']);
      expect(r.stdout.split('\n')).toContain(`lwip: lwip.${word.slice(5, 8)} needs IPv6, and this image has none (the option LWIP_IPV6)`);
      expect(r.stdout).not.toContain('lwipecho: ready');
      expect(r.exitCode).toBe(2);
    }
  }, 300_000);
});

/**
 * lwIP's persist timer cuts the first unsent segment when the peer's window is smaller than it
 * (tcp_split_unsent_seg()). A connection's last segment carries its FIN: only the second part may
 * keep it (and PSH), or the peer sees the end of the stream at the cut and takes the rest for
 * nothing, an echo that comes back short with no error. qemu-tests/apps/lwipsplit cuts such a
 * segment at 200 of its 500 bytes and prints the parts' flags (lwIP's own split kept FIN on
 * both: patched in pools/lib/lwip/patches).
 */
it('lwIP cuts a segment that carries FIN into a first part without FIN and a second with it', async () => {
  const app = copyTestApp('lwipsplit');
  await configureAndBuild(app, 'kvm-x86_64');
  const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M'], []);
  expect(r.stdout).toMatch(/^lwipsplit: queued 500 bytes, flags FIN\|PSH$/m);
  expect(r.stdout).toMatch(/^lwipsplit: split at 200: 200 bytes, flags -; then 300 bytes, flags FIN\|PSH$/m);
  expect(r.exitCode, r.stdout).toBe(0);
}, 300_000);
