/**
 * Running an image of the malta platform (mips): QEMU's Malta board
 * (`-M malta`, its 24Kf core) loads the ELF with `-kernel` and its boot
 * loader passes the command line as Linux would get it from YAMON.
 *
 * The board carries no exit status, so the guest prints it as its last
 * line (`malta: halt, status N`, pools/plat/malta/mips/halt.c) and resets
 * the board, which ends QEMU under -no-reboot; the runner reads that line
 * (status-line.ts, as for baremetal and rpi3).
 */
import { kernelCommandLine, type Command, type GuestSpec } from './guest.js';

/** The board's memory when --mem is not given: the image and its heap. */
export const DEFAULT_MALTA_MEMORY = '16M';

const QEMU_MALTA = ['-M', 'malta', '-accel', 'tcg', '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot'];

export function maltaCommand(g: GuestSpec, qemu: string): Command {
  const gdb = g.gdbPort !== undefined ? ['-S', '-gdb', `tcp:127.0.0.1:${g.gdbPort}`] : [];
  return {
    file: qemu,
    args: [...QEMU_MALTA, ...gdb, '-m', g.memory ?? DEFAULT_MALTA_MEMORY, '-kernel', g.image, '-append', kernelCommandLine(g.args)],
  };
}
