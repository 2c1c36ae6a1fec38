/**
 * The client side of the HTTP servers' boot tests (httpreply, nginx): curl, and raw TCP connections
 * to 127.0.0.1 whose answers are collected byte for byte.
 */
import { connect, type Socket } from 'node:net';
import { execa } from 'execa';
import { expect } from 'vitest';

/** Runs curl (at most 10 s); what it wrote, byte for byte. */
export async function curl(args: string[]): Promise<Buffer> {
  const r = await execa('curl', ['-sS', '--max-time', '10', ...args], { encoding: 'buffer', stripFinalNewline: false });
  return Buffer.from(r.stdout);
}

/** Opens a connection to 127.0.0.1:port; resolves once it is up. */
export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => resolve(c));
    c.setNoDelay(true);
    c.once('error', reject);
  });
}

/**
 * Collects what comes back on `c` until `done(bytes)` says it is all there, or the server closes
 * (`closed` then true); fails after `ms`.
 */
export function collect(c: Socket, ms: number, done: (b: Buffer) => boolean = () => false): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      c.removeAllListeners('data');
      resolve({ data: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error(`${Buffer.concat(chunks).length} bytes back after ${ms} ms: ${Buffer.concat(chunks).toString().slice(0, 200)}`));
    }, ms);
    c.on('data', (d: Buffer) => {
      chunks.push(d);
      if (done(Buffer.concat(chunks))) finish(false);
    });
    c.once('close', () => finish(true));
    c.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Sends `request` on a new connection and resolves with all that came back before the server closed. */
export async function exchangeTcp(port: number, request: string | Buffer): Promise<Buffer> {
  const c = await open(port);
  const back = collect(c, 10_000);
  c.write(request);
  const r = await back;
  c.destroy();
  return r.data;
}

/**
 * Runs ab against 127.0.0.1:port/, waiting at most `quietS` for any socket; the figures it printed,
 * which must show `n` requests complete, none failed, every answer a 2xx of `length` bytes.
 */
export async function ab(port: number, args: string[], n: number, length: number, quietS = 10) {
  const r = await execa('ab', ['-q', '-s', String(quietS), '-n', String(n), ...args, `http://127.0.0.1:${port}/`], { reject: false, timeout: (quietS + 20) * 1000 });
  const figure = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(r.stdout)?.[1]);
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  expect(figure('Complete requests'), r.stdout).toBe(n);
  expect(figure('Failed requests'), r.stdout).toBe(0);
  expect(figure('Document Length'), r.stdout).toBe(length);
  expect(r.stdout).not.toMatch(/Non-2xx/);
  return figure;
}
