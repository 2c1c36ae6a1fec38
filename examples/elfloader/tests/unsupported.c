/* SPDX-License-Identifier: MIT */
/*
 * A system call the image has no library for (kexec_load: a unikernel
 * does not load another kernel): it fails with ENOSYS, and the program
 * goes on.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long r = syscall(SYS_kexec_load, 0, 0, NULL, 0);

	printf("kexec_load: %ld %s\n", r, errno == ENOSYS ? "ENOSYS" : strerror(errno));
	printf("still running\n");
	return 0;
}
