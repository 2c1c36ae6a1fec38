/* SPDX-License-Identifier: MIT */
/*
 * Runs an unmodified static-PIE Linux x86_64 program from the image's
 * file system, as `env NAME=VALUE ... /path/prog arg ...` would:
 *
 *   ukconfig run --initrd DIR -- [NAME=VALUE ...] /prog [arg ...]
 *
 * Words with `=` before the path are the program's environment (it has
 * no other); the path and the words after it are its argv. The program
 * runs in ring 0, on a stack of its own, with interrupts masked (the
 * kernel takes them only while the program waits in a system call, so
 * none is taken on the program's stack); its `syscall` instructions enter
 * uksyscall's table (CONFIG_UKSYSCALL_TRAP). Its exit status is the
 * image's. A program that cannot be started ends the image with status 1
 * after a message that says why (a shell's 126 and 127 are beyond what
 * QEMU's exit device carries), a command line without a path with 2.
 */
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/arch/types.h>
#include <uk/file.h>
#include <uk/proc.h>
#include <uk/syscall_trap.h>
#include <uk/vfs.h>

#include "load.h"

#define AT_FDCWD (-100)

long uk_syscall_r_openat(long dirfd, long path, long flags, long mode);
long uk_syscall_r_read(long fd, long buf, long len);
long uk_syscall_r_fstat(long fd, long st);
long uk_syscall_r_close(long fd);

#define RFLAGS_RESERVED 0x2UL   /* bit 1 is always set */
#define STACK_SIZE ((unsigned long)CONFIG_APPELFLOADER_STACK_KIB * 1024)

static const char *errno_text(long e)
{
	switch (e) {
	case -2: return "no such file";
	case -13: return "permission denied";
	case -20: return "a path component is not a folder";
	case -21: return "a folder";
	default: return "cannot be opened";
	}
}

/* The whole file, in *pages pages of the allocator; NULL after a message. */
static char *read_file(const char *path, size_t *size, unsigned long *pages)
{
	struct uk_stat st;
	long fd, n;
	size_t done = 0;
	char *buf;

	fd = uk_syscall_r_openat(AT_FDCWD, (long)path, UK_O_RDONLY, 0);
	if (fd < 0) {
		printf("elfloader: %s: %s\n", path, errno_text(fd));
		return NULL;
	}
	if (uk_syscall_r_fstat(fd, (long)&st) < 0 || (st.st_mode & UK_S_IFMT) != UK_S_IFREG) {
		printf("elfloader: %s: not a regular file\n", path);
		uk_syscall_r_close(fd);
		return NULL;
	}
	/* readlink("/proc/self/exe") and /proc/self/status: the canonical path. */
	uk_proc_set_exe(uk_vfs_file_path(uk_fdtab_get(fd)));
	*pages = UK_ALIGN_UP((size_t)st.st_size + 1, UK_PAGE_SIZE) / UK_PAGE_SIZE;
	buf = uk_palloc(uk_alloc_get_default(), *pages);
	if (!buf) {
		printf("elfloader: %s: no memory for its %lld bytes\n", path,
		       (long long)st.st_size);
		uk_syscall_r_close(fd);
		return NULL;
	}
	while (done < (size_t)st.st_size) {
		n = uk_syscall_r_read(fd, (long)(buf + done), (size_t)st.st_size - done);
		if (n <= 0)
			break;
		done += n;
	}
	uk_syscall_r_close(fd);
	*size = done;
	return buf;
}

/* Jumps to the program's entry on its stack; no return. Linux starts a
 * program with zeroed registers and thread pointer, rdx 0 (no function
 * for it to register with atexit: the psABI's rtld_fini); here also with
 * interrupts masked (IF clear). */
static void __noreturn enter(uintptr_t sp, uintptr_t entry)
{
	struct uk_syscall_frame f = { .rflags = RFLAGS_RESERVED, .rip = entry };

	uk_syscall_trap_resume(&f, sp);
}

int main(int argc, char *argv[])
{
	struct loaded prog;
	const char *why, *path;
	char *file, *stack;
	unsigned long pages;
	size_t size;
	int envc = 0;

	while (1 + envc < argc && strchr(argv[1 + envc], '=') && argv[1 + envc][0] != '/')
		envc++;
	if (1 + envc >= argc) {
		printf("usage: ukconfig run --initrd DIR -- [NAME=VALUE ...] /path/prog [arg ...]\n");
		return 2;
	}
	path = argv[1 + envc];
	file = read_file(path, &size, &pages);
	if (!file)
		return 1;
	why = elf_load(file, size, &prog);
	uk_pfree(uk_alloc_get_default(), file, pages);
	if (why) {
		printf("elfloader: %s: %s\n", path, why);
		return 1;
	}
	stack = uk_palloc(uk_alloc_get_default(), STACK_SIZE / UK_PAGE_SIZE);
	if (!stack) {
		printf("elfloader: %s: no memory for a stack of %lu KiB\n", path,
		       STACK_SIZE / 1024);
		return 1;
	}
	/* /proc/self/cmdline: the program's argv. */
	uk_proc_set_cmdline(argc - 1 - envc, argv + 1 + envc);
	enter(stack_build((uintptr_t)stack + STACK_SIZE, &prog, path,
			  argc - 1 - envc, argv + 1 + envc, envc, argv + 1),
	      prog.entry);
}
