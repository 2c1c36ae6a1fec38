/* SPDX-License-Identifier: MIT */
/*
 * The process exit code is main's status (the kernel keeps its low 8
 * bits); a crash exits with 255, the code every platform uses for a crash.
 */
#include <uk/plat.h>
#include <linuxu/syscall.h>

#define EXIT_CRASH 255

void ukplat_halt(int status)
{
	linuxu_exit_group(status);
}

void ukplat_crash(void)
{
	linuxu_exit_group(EXIT_CRASH);
}
