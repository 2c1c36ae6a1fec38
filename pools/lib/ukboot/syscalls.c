/* SPDX-License-Identifier: MIT */
/*
 * The end of the program as system calls: a libc's _Exit() ends here.
 * Without threads, the end of the calling thread (exit) is the end of the
 * image too.
 */
#include <uk/boot.h>
#include <uk/syscall.h>

UK_SYSCALL_R_DEFINE(long, exit_group, int, status)
{
	uk_boot_exit(status);
}

UK_SYSCALL_R_DEFINE(long, exit, int, status)
{
	uk_boot_exit(status);
}
