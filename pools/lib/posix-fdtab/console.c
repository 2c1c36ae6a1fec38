/* SPDX-License-Identifier: MIT */
/*
 * The console as file objects: one shared by descriptors 0 and 1 at
 * boot, another for descriptor 2 whose writes are the error stream
 * (uk_console_write_err: the host's stderr on linuxu). Reads are the
 * console's input (uk_console_read: a line at a time from a serial
 * terminal); each is a terminal of 24x80, so a libc line-buffers stdout.
 * They are never freed: each holds one reference of its own besides the
 * descriptors'.
 */
#include <uk/console.h>
#include <uk/file.h>
#include <errno.h>
#include <string.h>


#define TCGETS     0x5401
#define TIOCGWINSZ 0x5413
/* Linux's /dev/console: character device 5:1. */
#define CONSOLE_RDEV ((5u << 8) | 1u)

struct winsize {
	unsigned short rows, cols, xpixel, ypixel;
};

/* The kernel's struct termios (asm-generic), as TCGETS fills it. */
struct k_termios {
	unsigned int iflag, oflag, cflag, lflag;
	unsigned char line, cc[19];
};

/* A terminal in the state Linux's console starts in: canonical input
 * with echo (ICANON ECHO ... ISIG), output post-processing (OPOST ONLCR),
 * 38400 baud, 8 bits (B38400 CS8 CREAD HUPCL). */
#define CONSOLE_IFLAG 0x0500    /* ICRNL IXON */
#define CONSOLE_OFLAG 0x0005    /* OPOST ONLCR */
#define CONSOLE_CFLAG 0x04bf    /* B38400 CS8 CREAD HUPCL */
#define CONSOLE_LFLAG 0x8a3b    /* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */

static long console_read(struct uk_file *f, void *buf, size_t len, int64_t off)
{
	return uk_console_read(buf, len);
}

static long console_write(struct uk_file *f, const void *buf, size_t len, int64_t off)
{
	uk_console_write(buf, len);
	return len;
}

static long console_write_err(struct uk_file *f, const void *buf, size_t len, int64_t off)
{
	uk_console_write_err(buf, len);
	return len;
}

static int console_stat(struct uk_file *f, struct uk_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = UK_S_IFCHR | 0620;
	st->st_nlink = 1;
	st->st_rdev = CONSOLE_RDEV;
	st->st_blksize = 1024;
	return 0;
}

static int console_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct winsize *ws = arg;
	struct k_termios *t = arg;

	switch (req) {
	case TIOCGWINSZ:
		*ws = (struct winsize){ 24, 80, 0, 0 };
		return 0;
	case TCGETS:
		/* What isatty() asks (glibc's; musl's asks TIOCGWINSZ). */
		memset(t, 0, sizeof(*t));
		t->iflag = CONSOLE_IFLAG;
		t->oflag = CONSOLE_OFLAG;
		t->cflag = CONSOLE_CFLAG;
		t->lflag = CONSOLE_LFLAG;
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct uk_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.stat = console_stat,
	.ioctl = console_ioctl,
};

static const struct uk_file_ops console_err_ops = {
	.read = console_read,
	.write = console_write_err,
	.stat = console_stat,
	.ioctl = console_ioctl,
};

struct uk_file uk_console_file = {
	.ops = &console_ops,
	.refs = 3,
	.flags = UK_O_RDWR,
};

struct uk_file uk_console_err_file = {
	.ops = &console_err_ops,
	.refs = 2,
	.flags = UK_O_RDWR,
};
