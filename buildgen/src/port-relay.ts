/**
 * The TCP side of `--port` under `--net user`: ukconfig listens on the host's port itself and
 * relays each connection to QEMU's forward, which listens on a loopback port of its own.
 *
 * Why: QEMU's user networking (libslirp) listens on a forwarded port with a backlog of 1. When
 * many clients connect at once, the host's kernel answers the handshakes beyond that backlog with
 * SYN cookies; the client takes the connection as open and sends its request, but the final ACK
 * finds the accept queue full and is dropped. No socket exists for it on the host, QEMU never
 * accepts it and the guest never sees it; the client retransmits with a growing timeout (30 s
 * and more) or gets a reset once the cookie expired. Here the host's port has Node's backlog
 * (511), and QEMU's port gets one handshake at a time: the next is started once the previous one
 * completed, so no handshake to QEMU meets a full request queue (no cookie); a SYN that meets a
 * full accept queue (QEMU accepts one connection per turn of its loop) is dropped by the kernel,
 * and the relay starts that handshake again after RETRY_MS instead of the kernel's second (2,000
 * connections of `ab -c 50`, one per request, to nginx: 2.5 to 5 s, against 15 s at 50 ms).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { PortForward } from './guest.js';
import { freePort } from './tools.js';

/** How long a handshake to QEMU's port may take before it is started again (on loopback it takes microseconds). */
const RETRY_MS = 10;

export interface RelayedPorts {
  /** The forwards as QEMU gets them: TCP from `relay` (a loopback port), UDP from the host's port. */
  ports: PortForward[];
  close(): void;
}

/** Joins two connections: bytes and half-closes both ways; a reset or an error on one resets the other. */
function join(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const onError = (other: Socket) => () => {
    if (!other.destroyed) other.resetAndDestroy();
  };
  a.on('error', onError(b));
  b.on('error', onError(a));
  a.on('close', () => b.destroyed || b.writableEnded || b.end());
  b.on('close', () => a.destroyed || a.writableEnded || a.end());
}

/** Listens on p.addr:p.hostPort and relays each connection to 127.0.0.1:relay, one handshake at a time. */
function relayServer(p: PortForward, relay: number, live: Set<Socket>): Promise<Server> {
  const waiting: Socket[] = [];
  const track = (s: Socket) => {
    live.add(s);
    s.on('close', () => live.delete(s));
  };
  let connecting = false;
  const next = (): void => {
    if (connecting) return;
    let client: Socket | undefined;
    while ((client = waiting.shift()) && client.destroyed);
    if (!client) return;
    connecting = true;
    const c = client;
    const upstream = connect({ host: '127.0.0.1', port: relay, allowHalfOpen: true });
    track(upstream);
    let settled = false;
    const done = () => {
      settled = true;
      clearTimeout(timer);
      connecting = false;
      next();
    };
    // A SYN that met QEMU's full accept queue was dropped: start again soon, not after the kernel's
    // second. Checked after the loop's next poll, so that a handshake that completed while the
    // process was busy is joined, not cut (the guest would see an empty connection).
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (settled) return;
        upstream.destroy();
        waiting.unshift(c);
        done();
      });
    }, RETRY_MS);
    const failed = () => {
      c.resetAndDestroy();
      done();
    };
    upstream.once('connect', () => {
      upstream.removeListener('error', failed);
      join(c, upstream);
      c.resume();
      done();
    });
    upstream.once('error', failed);
  };
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    // An error before the relay is joined (a reset while it waits) must not end ukconfig.
    client.on('error', () => undefined);
    track(client);
    waiting.push(client);
    next();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(p.hostPort, p.addr, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}

/** Starts a relay for each TCP forward; rejects (with the system's error) when a host port cannot be listened on. */
export async function relayPorts(ports: PortForward[]): Promise<RelayedPorts> {
  const servers: Server[] = [];
  const live = new Set<Socket>();
  const out: PortForward[] = [];
  const close = () => {
    for (const s of servers) s.close();
    for (const s of live) s.destroy();
  };
  try {
    for (const p of ports) {
      const relay = await freePort();
      servers.push(await relayServer(p, relay, live));
      out.push({ ...p, relay });
    }
  } catch (e) {
    close();
    throw e;
  }
  return { ports: out, close };
}
