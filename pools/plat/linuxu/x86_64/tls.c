/* SPDX-License-Identifier: MIT */
/*
 * The thread pointer (%fs base) belongs to the host kernel: a libc's
 * arch_prctl(ARCH_SET_FS) is passed on to it.
 */
#include <uk/syscall.h>
#include <linuxu/syscall.h>

UK_SYSCALL_R_DEFINE(long, arch_prctl, int, code, unsigned long, addr)
{
	return linuxu_syscall3(SYS_arch_prctl, code, addr, 0);
}
