/**
 * `ukconfig run --gdb`: the guest waits for a debugger and the command
 * prints the gdb line that loads the .dbg image and connects. The test runs
 * exactly that line (gdb in batch mode, with more commands after it): a
 * breakpoint at main() is hit, main's arguments are read through the
 * symbols, and after `continue` the guest ends with main's status.
 * SIGTERM or SIGINT sent to the command alone while the guest waits ends
 * QEMU too (qemu-user waiting for gdb ignores both). kvm-arm32 is among
 * the pairs: gdb-multiarch speaks to QEMU's 32-bit ARM stub the same way.
 */
import { execa } from 'execa';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostArch } from '../buildgen/src/tools.js';
import { configureAndBuild, copyExample, GUEST_TIMEOUT_S, removeScratch, ROOT } from './ukconfig.js';

afterAll(removeScratch);

// The host's gdb for its own architecture, gdb-multiarch for the other.
const gdbOf = (arch: string) => (arch === hostArch() ? 'gdb' : 'gdb-multiarch');
// baremetal: the PC stops before its BIOS; the breakpoint holds while GRUB loads the image (QEMU keeps it, not the guest's memory).
const PAIRS = [
  { arch: 'x86_64', plat: 'kvm', gdb: gdbOf('x86_64'), defconfig: 'kvm+linuxu-x86_64' },
  { arch: 'x86_64', plat: 'baremetal', gdb: gdbOf('x86_64'), defconfig: 'kvm+baremetal+linuxu-x86_64' },
  { arch: 'arm64', plat: 'kvm', gdb: gdbOf('arm64'), defconfig: 'kvm+linuxu-arm64' },
  { arch: 'arm64', plat: 'linuxu', gdb: gdbOf('arm64'), defconfig: 'kvm+linuxu-arm64' },
  // rpi3: QEMU's Raspberry Pi 3 stops in its boot stub at 0, before the image at 0x80000.
  { arch: 'arm64', plat: 'rpi3', gdb: gdbOf('arm64'), defconfig: 'rpi3-arm64' },
  { arch: 'arm32', plat: 'kvm', gdb: gdbOf('arm32'), defconfig: 'kvm+linuxu-arm32' },
].filter((p) => !(p.plat === 'linuxu' && p.arch === hostArch()));

describe.each(PAIRS)('ukconfig run --gdb, $plat-$arch', ({ arch, plat, gdb, defconfig }) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('helloworld');
    await configureAndBuild(app, defconfig);
  });

  it('prints the gdb line, which stops at main and reads its arguments', async () => {
    const run = execa(process.execPath, [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'run', '--plat', plat, '--gdb', '--', 'helloworld.status=6', '--', 'one', 'two'], {
      stdin: 'ignore',
      reject: false,
      timeout: (GUEST_TIMEOUT_S + 30) * 1000,
      // Its own process group: a failed check ends QEMU too (qemu-user waiting for gdb ignores SIGTERM).
      detached: true,
    });
    try {
      await checkSession(run);
    } finally {
      try {
        process.kill(-run.pid!, 'SIGKILL');
      } catch {
        // Ended already.
      }
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to the command alone ends the guest that waits for gdb, then the command', async (signal) => {
    const run = execa(process.execPath, [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'run', '--plat', plat, '--gdb'], {
      stdin: 'ignore',
      reject: false,
      timeout: (GUEST_TIMEOUT_S + 30) * 1000,
      detached: true,
    });
    try {
      await gdbLine(run);
      process.kill(run.pid!, signal);
      const r = await run;
      expect(r.exitCode, r.stderr).toBe(128 + constants.signals[signal]);
      expect(r.stderr).toContain(`ukconfig run: stopped the guest on ${signal}`);
      // Nothing of the command's process group is left: QEMU ended before it.
      expect(() => process.kill(-run.pid!, 0)).toThrow(/ESRCH/);
    } finally {
      try {
        process.kill(-run.pid!, 'SIGKILL');
      } catch {
        // Ended already.
      }
    }
  });

  /** The gdb line: it follows "connect with:" on standard error, before the guest runs. */
  function gdbLine(run: ReturnType<typeof execa>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let err = '';
      run.stderr!.on('data', (b: Buffer) => {
        err += b.toString();
        const m = /connect with:\n {2}(.+)\n/.exec(err);
        if (m) resolve(m[1]);
      });
      run.once('exit', () => reject(new Error(`ukconfig run ended first: ${err}`)));
    });
  }

  async function checkSession(run: ReturnType<typeof execa>): Promise<void> {
    const line = await gdbLine(run);
    // The image names its sources by the build's fixed names (/ukconfig, /app): gdb is told where they are.
    const port = /:(\d+)'$/.exec(line)![1];
    const paths = `-ex 'set substitute-path /ukconfig ${resolve(ROOT)}' -ex 'set substitute-path /app ${app}'`;
    expect(line).toBe(`${gdb} -q ${join(app, 'build', `helloworld_${plat}-${arch}.dbg`)} ${paths} -ex 'target remote 127.0.0.1:${port}'`);

    const session = await execa('sh', ['-c', `${line} -batch -ex 'break main' -ex continue -ex 'print argc' -ex 'print argv[2]' -ex continue`], {
      reject: false,
      timeout: GUEST_TIMEOUT_S * 1000,
    });
    // A machine of several CPUs (raspi3b's four) has gdb say which thread hit it.
    expect(session.stdout).toMatch(/^(Thread \d+ hit )?Breakpoint 1, main \(argc=3, argv=/m);
    expect(session.stdout).toMatch(/^\$1 = 3$/m);
    expect(session.stdout).toMatch(/^\$2 = 0x[0-9a-f]+ .*"two"$/m);

    const guest = await run;
    expect(String(guest.stdout).replace(/\r/g, '')).toContain('Hello world!\n');
    expect(guest.exitCode).toBe(6);
  }
});
