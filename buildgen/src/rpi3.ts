/**
 * Running an image of the rpi3 platform: QEMU's Raspberry Pi 3 (`-M
 * raspi3b`, 1 GiB, fixed) loads it as kernel8.img at 0x80000 (`-kernel`,
 * which follows the Image header) and enters it at EL2 on core 0, the
 * other cores spinning in QEMU's own stub, as the firmware's armstub
 * leaves them. The runner adds what the firmware would: a device tree
 * (pools/plat/rpi3/qemu-raspi3b.dts, compiled with dtc into the build
 * folder) in which QEMU puts the memory, the command line and the
 * initrd.
 *
 * The board carries no exit status: the guest prints it as its last line
 * (`rpi3: halt, status N`, pools/plat/rpi3/arm64/halt.c) and resets the
 * board through its watchdog, which ends QEMU (-no-reboot); the runner
 * reads that line (status-line.ts).
 */
import { execa } from 'execa';
import { renameSync } from 'node:fs';
import { GuestArgumentError, kernelCommandLine, type Command, type GuestSpec } from './guest.js';
import { Problems } from './problems.js';
import { findOnPath } from './tools.js';

/** The only memory size QEMU's raspi3b has. */
export const RPI3_MEMORY = '1G';

const QEMU_RASPI3B = ['-M', 'raspi3b', '-accel', 'tcg', '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot'];

/** The QEMU command that boots the image on raspi3b with the device tree `dtb`. */
export function rpi3Command(g: GuestSpec, qemu: string, dtb: string): Command {
  if (g.memory !== undefined && g.memory.toUpperCase() !== RPI3_MEMORY && g.memory.toUpperCase() !== `${RPI3_MEMORY}B`) {
    throw new GuestArgumentError(`--mem: QEMU's raspi3b has ${RPI3_MEMORY} of memory, fixed (the image takes its share from the device tree)`);
  }
  const gdb = g.gdbPort !== undefined ? ['-S', '-gdb', `tcp:127.0.0.1:${g.gdbPort}`] : [];
  const initrd = g.initrd !== undefined ? ['-initrd', g.initrd] : [];
  return {
    file: qemu,
    args: [...QEMU_RASPI3B, ...gdb, '-kernel', g.image, '-dtb', dtb, ...initrd, '-append', kernelCommandLine(g.args)],
  };
}

/** Compiles the board's device tree source `dts` into `dtb` (atomically: the build folder may be shared by runs). */
export async function writeRpi3Dtb(dts: string, dtb: string): Promise<void> {
  if (!findOnPath('dtc')) throw new Problems(['dtc not found on PATH: it writes the device tree an rpi3 image boots with (Debian: apt-get install device-tree-compiler)']);
  const tmp = `${dtb}.tmp-${process.pid}`;
  const r = await execa('dtc', ['-q', '-I', 'dts', '-O', 'dtb', '-o', tmp, dts], { reject: false });
  if (r.exitCode !== 0) throw new Problems([`dtc could not compile ${dts}: ${r.stderr.trim()}`]);
  renameSync(tmp, dtb);
}
