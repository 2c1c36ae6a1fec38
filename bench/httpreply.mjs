#!/usr/bin/env node
// Requests per second of examples/httpreply (HTTP/1.1 on lwIP's raw API,
// kvm-x86_64 under QEMU with user networking, reached as through
// `ukconfig run --port`: the port relay of bench/lib/guest-server.mjs),
// measured with ab (apache2-utils), polled and in interrupt mode:
// keep-alive with 1 and 2 connections at once, and a new connection per
// request. (Chosen when QEMU's own forward, with its listen backlog of 1,
// was the path; the relay now takes bursts.) Beside it, in the same run and with the same ab
// commands, a Node http server on the host serving the same page: the
// reference, which has no QEMU and no slirp in its path. Also the image's
// size and the time from starting QEMU to the server's "serving" line.
// One server at a time (a polled guest keeps a host CPU busy), all of them
// in turn REPS times; medians.
//
//   npm run build && node bench/httpreply.mjs [--reps N] [--n N]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { abLoads, rateRows, repsAndRequests, requireAb, runLoads } from './lib/http-load.mjs';
import { buildExample, freePort, guestModule, ROOT, scratchDir, startProcess } from './lib/examples.mjs';
import { relayedForward } from './lib/guest-server.mjs';
import { median } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/httpreply.mjs [--reps N] [--n N]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '3' }, n: { type: 'string', default: '20000' } });
const { REPS, N } = repsAndRequests(opts, USAGE);
requireAb();

const PAGE = readFileSync(join(ROOT, 'examples', 'httpreply', 'index.html'));
const LOADS = abLoads(N);

const { guestCommand } = await guestModule();
const scratch = scratchDir('bench-httpreply');

// The reference: Node's http server on the host, the same page, keep-alive as ab asks.
const serverCode = (port) => `const p=require('fs').readFileSync(${JSON.stringify(join(ROOT, 'examples', 'httpreply', 'index.html'))});
require('http').createServer((q,r)=>{r.writeHead(q.url==='/'?200:404,{'Content-Type':'text/html; charset=utf-8','Content-Length':p.length});r.end(q.method==='HEAD'?undefined:p);}).listen(${port},'127.0.0.1',()=>console.log('ready'));`;

const app = buildExample(scratch, 'httpreply', 'x86_64', 'kvm-x86_64');
const image = join(app, 'build', 'httpreply_kvm-x86_64');
const settings = { debugExitPort: '0xf4', semihosting: false, virtioNet: true };

/**
 * Starts one server; returns it with stop(). One at a time: a polled guest spins on a host CPU, and
 * would take it from whatever else runs beside it.
 */
async function startServer(label) {
  const port = await freePort();
  if (label === HOST) {
    const s = await startProcess(process.execPath, ['-e', serverCode(port)], 'ready');
    return { port, stop: async () => s.child.kill() };
  }
  const args = [...(label === 'polled' ? ['lwip.irq=0'] : []), '--', '80', '/quit'];
  const relay = await relayedForward(port, 80);
  const cmd = guestCommand({ arch: 'x86_64', plat: 'kvm', image, settings, memory: '16M', args, net: relay.net });
  const g = await startProcess(cmd.file, cmd.args, 'httpreply: serving');
  boot.get(label).push(g.ms);
  return {
    port,
    stop: async () => {
      const ended = new Promise((res) => g.child.once('exit', res));
      try {
        execFileSync('curl', ['-sS', '--max-time', '5', `http://127.0.0.1:${port}/quit`], { stdio: 'ignore' });
      } catch {
        g.child.kill();
      }
      await ended;
      await relay.close();
    },
  };
}

const HOST = 'host Node http';
const LABELS = ['polled', 'interrupt', HOST];
const rps = new Map(LABELS.map((l) => [l, LOADS.map(() => [])]));
const boot = new Map(LABELS.map((l) => [l, []]));
for (let rep = 0; rep < REPS; rep++) {
  for (const label of LABELS) {
    const server = await startServer(label);
    (await runLoads(label, server, LOADS, PAGE.length)).forEach((r, i) => rps.get(label)[i].push(r));
  }
}

printTable(['server', ...LOADS.flatMap(([label]) => [`${label} req/s`, 'vs host'])], rateRows(LABELS, LOADS, rps, HOST));
console.log(`\nab -n ${N} (${LOADS[2][2]} for a connection per request), median of ${REPS}; the page is ${PAGE.length} bytes`);
console.log(`image: ${fmt(statSync(image).size)} bytes; QEMU start to "serving" (median): ${fmt(median(boot.get('polled')))} ms polled, ${fmt(median(boot.get('interrupt')))} ms interrupt`);
console.log('guests: kvm-x86_64 -M pc under QEMU TCG, -m 16M, user networking (slirp); no Linux guest measured in this run');
