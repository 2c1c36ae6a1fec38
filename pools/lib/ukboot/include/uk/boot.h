/* SPDX-License-Identifier: MIT */
/*
 * Boot library API. The platform enters through uk_boot_entry*()
 * (declared in uk/plat.h). The shutdown sequence (term functions, then
 * ukplat_halt) is the image's exit hook: other libraries stop the image
 * with uk_exit() (uk/exit.h), never by naming the boot library.
 */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <uk/essentials.h>

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
