/* SPDX-License-Identifier: MIT */
/*
 * Boot library API. The platform enters through uk_boot_entry*()
 * (declared in uk/plat.h); everything else calls uk_boot_exit() to stop.
 */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <uk/essentials.h>

/*
 * Runs the term functions of the init tables (reverse order), then powers
 * off carrying `status` to the host (see ukplat_halt()).
 */
void uk_boot_exit(int status) __noreturn;

/*
 * The C library's side of the boot, provided by whichever libc the image
 * has (the libc is a menu choice). uk_libc_init() runs first in
 * uk_boot_entry(), before the command line is parsed: musl sets up its
 * thread pointer there. When main() returns, ukboot calls the libc's
 * exit(), which flushes the streams, runs the atexit() handlers and ends
 * in uk_boot_exit(): nolibc directly, musl through the exit_group system
 * call that ukboot implements.
 */
void uk_libc_init(int argc, char *argv[]);

/* The application's entry point. */
int main(int argc, char *argv[]);

/*
 * Splits cmdline in place into at most max words (blank separated, double
 * quotes group and are removed). Returns the number of words; extra words
 * are dropped with a warning.
 */
int uk_boot_split_cmdline(char *cmdline, char *argv[], int max);

/*
 * Applies the library parameters among argv[0..argc) up to a "--" word.
 * Returns the index of the first application argument: the word after
 * "--", or 0 when there is no "--" (then every word is an application
 * argument and no parameter is applied).
 */
int uk_boot_apply_libparams(int argc, char *argv[]);

#endif /* UK_BOOT_H */
