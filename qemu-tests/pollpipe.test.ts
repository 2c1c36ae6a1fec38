/**
 * poll, select and epoll without sockets, differentially: qemu-tests/apps/pollpipe (pipes, timed
 * waits, a closed descriptor, edge-triggered and one-shot epoll entries, waits woken by another
 * thread's write, poll and epoll loops that never block yet must see another thread's write) is built for this machine with the host's cc and C library and run here, and
 * built with musl into a kvm-x86_64 image over posix-poll alone: its configuration has no lwIP
 * and no posix-socket, and no lwIP object is linked. Both must print the same lines and exit 0.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAndBuild, copyTestApp, GUEST_TIMEOUT_S, removeScratch, ROOT, runGuest, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const MUSL_BUILD_MS = 900_000;

function lines(out: string): string[] {
  return out.split('\n').filter((l) => l !== '');
}

describe('poll, select and epoll on pipes, without sockets', () => {
  let host: string[];
  let app: string;

  beforeAll(async () => {
    const exe = join(tempDir('pollpipe-host'), 'pollpipe');
    await execa('cc', ['-std=gnu11', '-O2', '-pthread', '-o', exe, join(ROOT, 'qemu-tests', 'apps', 'pollpipe', 'main.c')]);
    const r = await execa(exe, [], { reject: false, timeout: 30_000 });
    expect(r.exitCode, String(r.stdout)).toBe(0);
    host = lines(String(r.stdout));
    expect(host.at(-1)).toBe('done, 0 failures');
    app = copyTestApp('pollpipe');
    await configureAndBuild(app, 'kvm-x86_64');
  }, MUSL_BUILD_MS);

  it('is configured with posix-poll and without lwIP or posix-socket', () => {
    const config = readFileSync(join(app, '.config'), 'utf8');
    expect(config).toMatch(/^CONFIG_LIBPOSIX_POLL=y$/m);
    expect(config).not.toMatch(/^CONFIG_LIBLWIP=/m);
    expect(config).not.toMatch(/^CONFIG_LIBPOSIX_SOCKET=/m);
    expect(existsSync(join(app, 'build', 'kvm-x86_64', 'libs', 'posix_poll.o'))).toBe(true);
    expect(existsSync(join(app, 'build', 'kvm-x86_64', 'libs', 'lwip.o'))).toBe(false);
  });

  it('the image prints what the host build prints', async () => {
    const r = await runGuest(app, [], []);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual(host);
  }, (GUEST_TIMEOUT_S + 30) * 1000);
});
