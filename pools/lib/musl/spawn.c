/* SPDX-License-Identifier: MIT */
/*
 * A unikernel runs one program: there is no shell and no other program
 * to start. musl's posix_spawn() makes the child with __clone(), whose
 * trap instruction is not routed into the system call layer (on kvm it
 * would fault, on linuxu it would start a process on the host), so these
 * replace it: posix_spawn() and posix_spawnp() answer ENOSYS (they return
 * the error number), and musl's popen(), which uses them, fails with that
 * errno. system() says what the C standard lets it say without a command
 * processor: system(NULL) is 0, a command -1 with ENOSYS.
 */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>

int posix_spawn(pid_t *restrict pid, const char *restrict path,
		const posix_spawn_file_actions_t *fa,
		const posix_spawnattr_t *restrict attr,
		char *const argv[restrict], char *const envp[restrict])
{
	return ENOSYS;
}

int posix_spawnp(pid_t *restrict pid, const char *restrict file,
		 const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *restrict attr,
		 char *const argv[restrict], char *const envp[restrict])
{
	return ENOSYS;
}

int system(const char *cmd)
{
	if (!cmd)
		return 0;
	errno = ENOSYS;
	return -1;
}
