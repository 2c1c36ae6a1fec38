/* SPDX-License-Identifier: MIT */
/*
 * The initrd of a linuxu image is a file of the host, named by the
 * library parameter linuxu.initrd=PATH (ukconfig run --initrd passes it):
 * mapped read-only before the file systems are mounted, then reported by
 * ukplat_initrd() like a boot loader's.
 */
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/assert.h>
#include <plat/initrd.h>
#include <linuxu/syscall.h>

static const char *initrd;
UK_LIBPARAM(initrd);

static int map_initrd(void)
{
	long fd, len, p;

	if (!initrd)
		return 0;
	fd = linuxu_syscall6(SYS_openat, AT_FDCWD, (long)initrd, O_RDONLY, 0, 0, 0);
	if (fd < 0)
		UK_CRASH("linuxu.initrd=%s: cannot open (error %ld)", initrd, -fd);
	len = linuxu_syscall3(SYS_lseek, fd, 0, SEEK_END);
	if (len <= 0)
		UK_CRASH("linuxu.initrd=%s: empty or unreadable (%ld)", initrd, len);
	p = linuxu_syscall6(SYS_mmap, 0, len, PROT_READ, MAP_PRIVATE, fd, 0);
	linuxu_syscall3(SYS_close, fd, 0, 0);
	if (p < 0 && p > -4096)
		UK_CRASH("linuxu.initrd=%s: cannot map (error %ld)", initrd, -p);
	plat_initrd_set((uintptr_t)p, len);
	return 0;
}
/* Before the file systems (UK_INIT_CLASS_ROOTFS) unpack it. */
UK_PLAT_INITCALL(map_initrd, NULL);
