/**
 * Networking end to end: examples/netecho (ARP and UDP echo on the
 * network-device API and the virtio-net driver) under `ukconfig run --net
 * user --port 127.0.0.1:HOSTPORT:7`, on kvm-x86_64 (-M pc, virtio-pci;
 * -M microvm, virtio-mmio) and kvm-arm64 (-M virt, virtio-mmio). The test
 * sends datagrams of random bytes from 127.0.0.1 and checks that exactly
 * the same bytes come back from the forwarded port, one at a time and in
 * a burst of more datagrams than the guest has receive buffers; QEMU's user
 * networking reaches the guest only after the guest answered its ARP
 * request for 10.0.2.15. A datagram to a port the guest does not serve
 * gets no answer. The datagram "quit" ends the guest, which prints its
 * counts: they must match what the test sent. Polling and interrupt mode
 * (`netecho irq`: the guest halts until the device interrupts; it has no
 * timer, so a run that finishes shows that the interrupts arrived).
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyExample, exchange, freeForwardPort, GUEST_TIMEOUT_S, removeScratch, ROOT, runGuest } from './ukconfig.js';

afterAll(removeScratch);

const SIZES = [1, 4, 5, 18, 64, 100, 333, 512, 999, 1024, 1399, 1400];
const BURST = 150;

/** One run: datagrams echoed, an unserved port, "quit"; `irq` starts the guest in interrupt mode. */
async function echoRun(app: string, runArgs: string[], irq = false): Promise<void> {
  const [echoPort, deafPort] = [await freeForwardPort(), await freeForwardPort()];
  const guest = execa(
    process.execPath,
    [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'run', '--plat', 'kvm', '--timeout', String(GUEST_TIMEOUT_S), '--mem', '16M', '--net', 'user',
      '--port', `127.0.0.1:${echoPort}:7`, '--port', `${deafPort}:9`, ...runArgs, '--', ...(irq ? ['irq'] : [])],
    { stdin: 'ignore', reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 },
  );
  let console = '';
  guest.stdout!.on('data', (d: Buffer) => (console += d.toString()));
  const sock = createSocket('udp4');
  try {
    // The guest's queues are ready once it says so; QEMU buffers nothing for it before.
    const start = Date.now();
    while (!console.includes('netecho: ready') && Date.now() - start < GUEST_TIMEOUT_S * 1000 && guest.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(console).toContain(`netecho: ready on 10.0.2.15 udp port 7, ${irq ? 'interrupt' : 'polling'} mode`);
    expect(console).toMatch(/virtio-net (pci|mmio) \S+ mac 52:54:00:12:34:56 link up, 64 receive buffers/);
    await new Promise<void>((res) => sock.bind(0, '127.0.0.1', res));
    let sent = 0;
    for (const size of SIZES) {
      const data = randomBytes(size);
      const back = await exchange(sock, echoPort, data, 5000);
      sent++;
      expect(back, `no echo of ${size} bytes`).not.toBeNull();
      expect(back!.port).toBe(echoPort);
      expect(back!.data.equals(data), `echo of ${size} bytes differs`).toBe(true);
    }
    // A burst: more datagrams at once than the guest has buffers (64); all come back, each exactly once.
    // Small ones: a burst of large datagrams overflows the receive buffer of QEMU's own socket on the
    // host before anything reaches the guest (the guest's counts showed that it echoed all it got).
    const burst = Array.from({ length: BURST }, (_, i) => Buffer.concat([Buffer.from(`${i}:`), randomBytes(i % 180)]));
    const echoed = new Map<string, number>();
    const all = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 15_000);
      const onMessage = (msg: Buffer) => {
        echoed.set(msg.toString('latin1'), (echoed.get(msg.toString('latin1')) ?? 0) + 1);
        if (echoed.size === BURST) {
          clearTimeout(timer);
          sock.off('message', onMessage);
          resolve();
        }
      };
      sock.on('message', onMessage);
    });
    for (const d of burst) sock.send(d, echoPort, '127.0.0.1');
    await all;
    expect(echoed.size).toBe(BURST);
    for (const d of burst) expect(echoed.get(d.toString('latin1'))).toBe(1);
    sent += BURST;
    // A port the guest does not serve: no answer, the frame is dropped.
    expect(await exchange(sock, deafPort, Buffer.from('anyone?'), 1000)).toBeNull();
    sock.send(Buffer.from('quit'), echoPort, '127.0.0.1');
    const r = await guest;
    const out = String(r.stdout).replace(/\r/g, '');
    // One ARP exchange, every datagram echoed, the deaf port's and "quit" dropped.
    expect(out).toContain(`netecho: ${sent + 3} frames, 1 arp replies, ${sent} echoed, 2 dropped, 0 bad checksums`);
    expect(r.exitCode, out + String(r.stderr)).toBe(0);
    if (irq) {
      // The image has no timer: only the device's interrupt ends a halt, and the guest halted (a
      // datagram that arrives while it is still busy with the previous one needs no halt).
      const woken = Number(/netecho: woken (\d+) times by the device/.exec(out)?.[1]);
      expect(woken).toBeGreaterThan(0);
      expect(woken).toBeLessThanOrEqual(sent + 3);
    } else expect(out).not.toContain('woken');
  } finally {
    sock.close();
    guest.kill();
    await guest;
  }
}

describe.each([
  ['x86_64', 'kvm+linuxu-x86_64'],
  ['arm64', 'kvm-arm64'],
])('netecho on %s', (arch, defconfig) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('netecho');
    await configureAndBuild(app, defconfig);
  }, 300_000);

  it('echoes UDP datagrams of 1 to 1400 bytes through --port, exactly', async () => {
    await echoRun(app, []);
  }, 120_000);

  it('the same in interrupt mode: the CPU halts until the device interrupts', async () => {
    await echoRun(app, [], true);
  }, 120_000);

  if (arch === 'x86_64') {
    it('on microvm: the same through a virtio-mmio transport, polled and by interrupt', async () => {
      await echoRun(app, ['--machine', 'microvm']);
      await echoRun(app, ['--machine', 'microvm'], true);
    }, 120_000);

    it('--net is refused on linuxu, and --port without --net or malformed', async () => {
      const l = await runGuest(app, ['--plat', 'linuxu', '--net', 'user'], []);
      expect(l.stderr).toContain('--net applies to kvm images only (this is a linuxu image)');
      expect(l.exitCode).toBe(2);
      const p = await runGuest(app, ['--plat', 'kvm', '--port', '8080:80'], []);
      expect(p.stderr).toContain('--port forwards to the network device of --net user');
      expect(p.exitCode).toBe(2);
      for (const bad of ['80', '0:80', '8080:70000', 'localhost:8080:80', '1.2.3:8080:80']) {
        const b = await runGuest(app, ['--plat', 'kvm', '--net', 'user', '--port', bad], []);
        expect(b.stderr, bad).toContain(`--port takes [ADDR:]HOSTPORT:GUESTPORT`);
        expect(b.exitCode).toBe(2);
      }
      const twice = await runGuest(app, ['--plat', 'kvm', '--net', 'user', '--port', '8080:80', '--port', '127.0.0.1:8080:81'], []);
      expect(twice.stderr).toContain('--port: host port 127.0.0.1:8080 is forwarded twice');
      expect(twice.exitCode).toBe(2);
      const t = await runGuest(app, ['--plat', 'kvm', '--net', 'tap'], []);
      expect(t.stderr).toContain("--net takes 'user'");
    });

    it('--net on an image without a network driver is refused, naming the option to enable', async () => {
      const other = copyExample('helloworld');
      await configureAndBuild(other, 'kvm-x86_64');
      const r = await runGuest(other, ['--net', 'user'], []);
      expect(r.stderr).toContain('has no network driver: enable LIBVIRTIO_NET');
      expect(r.exitCode).toBe(125);
    }, 300_000);
  }
});
