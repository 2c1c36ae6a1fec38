/* SPDX-License-Identifier: MIT */
/*
 * What /proc/self says about the program (lib/procfs). A loader that runs
 * a program from a file names it here, so that readlink("/proc/self/exe"),
 * /proc/self/cmdline and /proc/self/status say what they say on Linux.
 * Until then the image is the program: /<image name>, without arguments.
 */
#ifndef UK_PROC_H
#define UK_PROC_H

/* The program's canonical path (copied, up to 255 bytes; longer is cut). */
void uk_proc_set_exe(const char *path);

/* Its arguments, argv[0] first (copied, up to 4096 bytes in all; the
 * arguments that do not fit are left out). */
void uk_proc_set_cmdline(int argc, char *const argv[]);

#endif /* UK_PROC_H */
