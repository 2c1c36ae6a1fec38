/**
 * Running an image of the baremetal platform (x86_64): QEMU as a plain PC
 * (`-M pc`, its BIOS, no `-kernel`) boots the medium the build made beside
 * the image, the CD (`IMAGE.iso`, default) or the raw disk
 * (`IMAGE.disk`); GRUB on it starts the image with multiboot.
 *
 * The guest's command line and initrd are in the medium's grub.cfg: with
 * guest arguments or --initrd the runner makes a medium of its own for the
 * run (native/tools/pc-boot-media.sh, as the build does) in a temporary
 * folder.
 *
 * A PC carries no exit status, so the guest prints it as its last line
 * (`baremetal: halt, status N`, pools/plat/baremetal/x86_64/halt.c) and
 * powers off through ACPI, which ends QEMU; the runner reads that line
 * (status-line.ts, runUntilHaltLine).
 */
import { execa } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestArgumentError, type Command, type GuestSpec } from './guest.js';
import { Problems } from './problems.js';

/** The boot media of a baremetal image, by the option value that picks one. */
export const MEDIA = { cd: '.iso', disk: '.disk' } as const;
export type Medium = keyof typeof MEDIA;

/** A PC's memory when --mem is not given: the BIOS and GRUB need some of it. */
export const DEFAULT_PC_MEMORY = '32M';

const QEMU_PC = ['-M', 'pc', '-accel', 'tcg', '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot'];

/** The QEMU command that boots `medium` (a file made by pc-boot-media.sh) as a PC. */
export function baremetalCommand(g: GuestSpec, qemu: string, file: string, medium: Medium): Command {
  const drive = medium === 'cd' ? ['-cdrom', file] : ['-drive', `format=raw,file=${file}`];
  const gdb = g.gdbPort !== undefined ? ['-S', '-gdb', `tcp:127.0.0.1:${g.gdbPort}`] : [];
  return { file: qemu, args: [...QEMU_PC, ...gdb, '-m', g.memory ?? DEFAULT_PC_MEMORY, ...drive] };
}

/**
 * The arguments as words of grub.cfg's multiboot line, each single-quoted.
 * GRUB hands the image a word with blanks in double quotes (which the boot
 * library groups) but puts a backslash before a quote or a backslash,
 * which the boot library would keep.
 */
export function grubCommandLine(args: string[]): string {
  return args
    .map((a) => {
      if (a === '') throw new GuestArgumentError('a baremetal guest argument cannot be empty (GRUB drops it)');
      if (/["'\\]/.test(a)) throw new GuestArgumentError(`a baremetal guest argument cannot contain a quote or a backslash (GRUB escapes them): ${a}`);
      return `'${a}'`;
    })
    .join(' ');
}

/**
 * The medium to boot: the one the build made, or, when the run has guest
 * arguments or an initrd (or the image has no medium beside it: one
 * unpacked from an OCI layout), one made for this run in a temporary
 * folder (`cleanup` removes it).
 */
export async function mediumFor(g: GuestSpec, medium: Medium, script: string): Promise<{ file: string; cleanup: () => void }> {
  const built = g.image + MEDIA[medium];
  if (g.args.length === 0 && g.initrd === undefined && existsSync(built)) return { file: built, cleanup: () => {} };
  const cmdline = grubCommandLine(g.args);
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-pc-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const file = join(dir, `unikernel${MEDIA[medium]}`);
  const out = [medium === 'cd' ? file : '-', medium === 'disk' ? file : '-'];
  const r = await execa('sh', [script, g.image, ...out, cmdline, ...(g.initrd !== undefined ? [g.initrd] : [])], { reject: false, all: true });
  if (r.exitCode !== 0) {
    cleanup();
    throw new Problems([`cannot make the boot medium for this run: ${String(r.all).trim() || r.shortMessage}`]);
  }
  return { file, cleanup };
}
