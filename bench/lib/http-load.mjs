// The load side of the HTTP benchmarks (httpreply.mjs, nginx.mjs): ab
// (apache2-utils) runs against 127.0.0.1, with the same three loads.
import { execFileSync } from 'node:child_process';
import { median } from './measure.mjs';
import { fmt } from './table.mjs';

/** Stops the script with the package to install when ab is missing. */
export function requireAb() {
  try {
    execFileSync('ab', ['-V'], { stdio: 'ignore' });
  } catch {
    console.error('ab is missing (Debian: apt-get install apache2-utils)');
    process.exit(1);
  }
}

/**
 * ab's settings: [label, arguments, requests]. A new connection per request is slower: fewer of
 * them. Not more connections at once: QEMU listens on a forwarded port with a backlog of 1 (see
 * bench/README.md, httpreply.mjs).
 */
export function abLoads(n) {
  return [
    ['keep-alive, 1 connection', ['-k', '-c', '1'], n],
    ['keep-alive, 2 connections', ['-k', '-c', '2'], n],
    ['a connection per request', ['-c', '1'], Math.max(100, Math.floor(n / 10))],
  ];
}


/** Requests per second of one ab run against port's /; throws when a request failed or a body was not `length` bytes. */
export function abRate(port, args, n, length) {
  const out = execFileSync('ab', ['-q', '-s', '10', '-n', String(n), ...args, `http://127.0.0.1:${port}/`], { encoding: 'utf8', timeout: 300_000 });
  const figure = (name) => new RegExp(`^${name}:\\s+([\\d.]+)`, 'm').exec(out)?.[1];
  if (Number(figure('Complete requests')) !== n || Number(figure('Failed requests')) !== 0 || Number(figure('Document Length')) !== length || /Non-2xx/.test(out)) {
    throw new Error(`ab ${args.join(' ')} against port ${port} failed:\n${out}`);
  }
  return Number(figure('Requests per second'));
}

/** Runs each of `loads` against `server` (its port), then stops it; the rates in order. Errors name the server and the load. */
export async function runLoads(label, server, loads, length) {
  try {
    return loads.map(([load, args, n]) => {
      try {
        return abRate(server.port, args, n, length);
      } catch (e) {
        throw new Error(`${label}, ${load}: ${e.message}`);
      }
    });
  } finally {
    await server.stop();
  }
}

/** The table's rows: per server its median rate of each load and the ratio to `reference`'s. */
export function rateRows(labels, loads, rates, reference) {
  return labels.map((label) => [
    label,
    ...loads.flatMap((_, i) => {
      const m = median(rates.get(label)[i]);
      return [fmt(m), fmt(m / median(rates.get(reference)[i]), 2)];
    }),
  ]);
}

/** --reps and --n of benchOptions(): positive, and at least 100 requests; a usage error otherwise. */
export function repsAndRequests(opts, usage) {
  const reps = Number(opts.reps);
  const n = Number(opts.n);
  if (!(reps >= 1) || !(n >= 100)) {
    console.error(`--reps takes a positive number, --n one of at least 100\n${usage}`);
    process.exit(2);
  }
  return { REPS: reps, N: n };
}
