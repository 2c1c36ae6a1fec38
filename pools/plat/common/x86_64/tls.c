/* SPDX-License-Identifier: MIT */
/*
 * The thread pointer: a libc's arch_prctl(ARCH_SET_FS) sets the %fs base
 * through the platform's ukplat_tlsp_set() (the image runs in ring 0).
 */
#include <uk/syscall.h>
#include <uk/plat.h>
#include <errno.h>

#define ARCH_SET_FS  0x1002
#define ARCH_GET_FS  0x1003

UK_SYSCALL_R_DEFINE(long, arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		ukplat_tlsp_set(addr);
		return 0;
	case ARCH_GET_FS:
		*(unsigned long *)addr = ukplat_tlsp_get();
		return 0;
	default:
		return -EINVAL;
	}
}
