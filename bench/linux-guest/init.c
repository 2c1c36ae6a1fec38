/*
 * The /init of the benchmarks' Linux guest (bench/lib/linux-guest.mjs),
 * built static with musl-gcc: it gives the program the console as its
 * standard streams, runs it with the arguments listed in /args (one per
 * line), prints its exit status and powers the machine off, so that QEMU
 * exits as the unikernel's does when main() returns.
 *
 * For a network server, the initramfs also holds /modules/ (kernel modules,
 * loaded in name order: the virtio-net driver and what it needs) and /net
 * (a line "ADDRESS NETMASK"): eth0 and lo are brought up with that address
 * before the program starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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

/* finit_module() of every file in /modules, in name order. */
static void load_modules(void)
{
	struct dirent **names;
	int n = scandir("/modules", &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		char path[512];

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "/modules/%s", names[i]->d_name);
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0)
				fprintf(stderr, "init: cannot load %s: %s\n", path, strerror(errno));
			if (fd >= 0)
				close(fd);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* Sets interface `name` up, with `addr`/`mask` unless addr is NULL. */
static void interface_up(int s, const char *name, const char *addr, const char *mask)
{
	struct ifreq r;
	struct sockaddr_in *in = (struct sockaddr_in *)&r.ifr_addr;

	memset(&r, 0, sizeof(r));
	strncpy(r.ifr_name, name, IFNAMSIZ - 1);
	if (addr) {
		in->sin_family = AF_INET;
		inet_pton(AF_INET, addr, &in->sin_addr);
		if (ioctl(s, SIOCSIFADDR, &r) != 0)
			fprintf(stderr, "init: %s: address %s: %s\n", name, addr, strerror(errno));
		inet_pton(AF_INET, mask, &in->sin_addr);
		if (ioctl(s, SIOCSIFNETMASK, &r) != 0)
			fprintf(stderr, "init: %s: netmask %s: %s\n", name, mask, strerror(errno));
	}
	if (ioctl(s, SIOCGIFFLAGS, &r) == 0) {
		r.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(s, SIOCSIFFLAGS, &r) == 0)
			return;
	}
	fprintf(stderr, "init: %s: cannot bring it up: %s\n", name, strerror(errno));
}

/* /net: "ADDRESS NETMASK" for eth0; lo comes up too. */
static void network(void)
{
	char addr[64], mask[64];
	FILE *f = fopen("/net", "r");

	if (!f)
		return;
	if (fscanf(f, "%63s %63s", addr, mask) == 2) {
		int s = socket(AF_INET, SOCK_DGRAM, 0);
		interface_up(s, "lo", NULL, NULL);
		interface_up(s, "eth0", addr, mask);
		close(s);
	}
	fclose(f);
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
	load_modules();
	network();

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
