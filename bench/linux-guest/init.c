/*
 * The /init of the benchmarks' Linux guest (bench/lib/linux-guest.mjs),
 * built static with musl-gcc: it gives the program the console as its
 * standard streams, runs it with the arguments listed in /args (one per
 * line), prints its exit status and powers the machine off, so that QEMU
 * exits as the unikernel's does when main() returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 32

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	/* Only if the kernel refused: PID 1 must not return. */
	for (;;)
		pause();
}

/* /args, one argument a line: argv of at most MAX_ARGS words. */
static int read_args(char **argv)
{
	static char text[4096];
	int fd = open("/args", O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	int argc = 0;
	for (char *line = strtok(text, "\n"); line && argc < MAX_ARGS; line = strtok(NULL, "\n"))
		argv[argc++] = line;
	argv[argc] = NULL;
	return argc;
}

int main(void)
{
	/* The kernel gave no standard streams when the initramfs has no
	 * /dev/console: devtmpfs has it. */
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) == 0) {
		int fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 01777);

	char *argv[MAX_ARGS + 1];
	if (read_args(argv) < 1) {
		fprintf(stderr, "init: no program in /args\n");
		power_off();
	}
	pid_t pid = fork();
	if (pid == 0) {
		char *envp[] = { "HOME=/", "PATH=/", "TERM=dumb", NULL };
		execve(argv[0], argv, envp);
		fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status = 0;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	printf("init: exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	fflush(stdout);
	power_off();
	return 0;
}
