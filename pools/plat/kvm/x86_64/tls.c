/* SPDX-License-Identifier: MIT */
/*
 * The thread pointer: a libc's arch_prctl(ARCH_SET_FS) writes the %fs base
 * MSR directly (the image runs in ring 0).
 */
#include <uk/syscall.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

#define MSR_FS_BASE  0xc0000100
#define ARCH_SET_FS  0x1002
#define ARCH_GET_FS  0x1003

UK_SYSCALL_R_DEFINE(long, arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		x86_wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		*(unsigned long *)addr = x86_rdmsr(MSR_FS_BASE);
		return 0;
	default:
		return -EINVAL;
	}
}
