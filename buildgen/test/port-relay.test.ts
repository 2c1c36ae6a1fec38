/**
 * ukconfig run's TCP relay in front of QEMU's forwarded port: bytes and half-closes pass both ways,
 * a reset passes on, a burst of connections reaches a server that accepts one at a time, and a
 * host port in use is an error. The server stands for QEMU's forward on the relay's loopback port.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { relayPorts, type RelayedPorts } from '../src/port-relay.js';
import { guestCommand } from '../src/guest.js';
import { freePort } from '../src/tools.js';

let relays: RelayedPorts | undefined;
let upstream: Server | undefined;

afterEach(() => {
  relays?.close();
  upstream?.close();
  relays = upstream = undefined;
});

/** Listens on 127.0.0.1:port as QEMU would; each connection gets `serve`. */
function listen(port: number, serve: (s: Socket) => void): Promise<Server> {
  const s = createServer({ allowHalfOpen: true }, serve);
  return new Promise((resolve) => s.listen(port, '127.0.0.1', 1, () => resolve(s)));
}

/** Connects to the relay, sends `text`, half-closes, and returns all it reads until the end. */
function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let got = '';
    c.on('data', (d) => (got += d.toString()));
    c.on('end', () => {
      c.end();
      resolve(got);
    });
    c.on('error', reject);
    c.end(text);
  });
}

/** An upstream that answers what it read, upper-cased, once the client half-closed. */
const shout = (s: Socket) => {
  let got = '';
  s.on('data', (d) => (got += d.toString()));
  s.on('end', () => s.end(got.toUpperCase()));
};

describe('relayPorts', () => {
  it('passes bytes and half-closes both ways, and QEMU gets the loopback port', async () => {
    const hostPort = await freePort();
    relays = await relayPorts([{ addr: '127.0.0.1', hostPort, guestPort: 80 }]);
    const relay = relays.ports[0].relay!;
    expect(relay).not.toBe(hostPort);
    upstream = await listen(relay, shout);
    expect(await exchange(hostPort, 'hello')).toBe('HELLO');
    const cmd = guestCommand({ plat: 'kvm', arch: 'x86_64', image: '/b/img', settings: { debugExitPort: '0xf4', semihosting: false }, args: [], net: { ports: relays.ports } });
    const netdev = cmd.args[cmd.args.indexOf('-netdev') + 1];
    expect(netdev).toContain(`hostfwd=tcp:127.0.0.1:${relay}-:80`);
    expect(netdev).toContain(`hostfwd=udp:127.0.0.1:${hostPort}-:80`);
  });

  it('serves 100 connections opened at once', async () => {
    const hostPort = await freePort();
    relays = await relayPorts([{ addr: '127.0.0.1', hostPort, guestPort: 80 }]);
    upstream = await listen(relays.ports[0].relay!, shout);
    const all = await Promise.all(Array.from({ length: 100 }, (_, i) => exchange(hostPort, `n${i}`)));
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => `N${i}`));
  });

  it("passes a client's reset on to QEMU's side", async () => {
    const hostPort = await freePort();
    relays = await relayPorts([{ addr: '127.0.0.1', hostPort, guestPort: 80 }]);
    const ended = new Promise<string>((resolve) => {
      void listen(relays!.ports[0].relay!, (s) => {
        s.on('data', () => undefined);
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        s.on('end', () => resolve('end'));
        s.write('x');
      }).then((s) => (upstream = s));
    });
    const c = connect({ host: '127.0.0.1', port: hostPort });
    c.on('error', () => undefined);
    c.once('data', () => c.resetAndDestroy());
    expect(await ended).toBe('ECONNRESET');
  });

  it('fails when the host port is taken', async () => {
    const hostPort = await freePort();
    upstream = await listen(hostPort, () => undefined);
    await expect(relayPorts([{ addr: '127.0.0.1', hostPort, guestPort: 80 }])).rejects.toThrow(/EADDRINUSE/);
  });
});
