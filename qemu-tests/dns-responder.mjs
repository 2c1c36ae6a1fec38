/**
 * A tiny authoritative DNS server for the tests, run with node (in a network namespace):
 *
 *   node dns-responder.mjs ADDR PORT ZONE_JSON
 *
 * ZONE_JSON maps lower-case names to their records: {"alpha.test": {"A": ["192.0.2.10"], "AAAA": [...]}}.
 * A question for a name of the zone gets its records of that type (none: an empty answer), any other
 * name NXDOMAIN. Each question is printed as `query FROM NAME TYPE`; `ready` once it listens.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

const [addr, port, zoneJson] = process.argv.slice(2);
const zone = JSON.parse(zoneJson);
const TYPES = { 1: 'A', 28: 'AAAA' };

/** The question's name (lower case) and the offset after its type and class. */
function question(msg) {
  const labels = [];
  let o = 12;
  while (msg[o] !== 0) {
    labels.push(msg.subarray(o + 1, o + 1 + msg[o]).toString('latin1'));
    o += 1 + msg[o];
  }
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(o + 1), end: o + 5 };
}

/** An address's bytes, IPv4 or IPv6. */
function rdata(type, a) {
  if (type === 1) return Buffer.from(a.split('.').map(Number));
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

const sock = createSocket(isIPv6(addr) ? 'udp6' : 'udp4');
sock.on('message', (msg, from) => {
  if (msg.length < 17) return;
  const q = question(msg);
  console.log(`query ${from.address} ${q.name} ${TYPES[q.type] ?? q.type}`);
  const known = Object.hasOwn(zone, q.name);
  const records = known ? (zone[q.name][TYPES[q.type]] ?? []) : [];
  const head = Buffer.alloc(12);
  head.writeUInt16BE(msg.readUInt16BE(0), 0);
  // QR, AA, the query's RD, RA; NXDOMAIN (3) for a name outside the zone.
  head.writeUInt16BE(0x8000 | 0x0400 | (msg.readUInt16BE(2) & 0x0100) | 0x0080 | (known ? 0 : 3), 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(records.length, 6);
  const answers = records.map((a) => {
    const data = rdata(q.type, a);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    rr.writeUInt16BE(q.type, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(data.length, 10);
    return Buffer.concat([rr, data]);
  });
  sock.send(Buffer.concat([head, msg.subarray(12, q.end), ...answers]), from.port, from.address);
});
sock.bind(Number(port), addr, () => console.log('ready'));
