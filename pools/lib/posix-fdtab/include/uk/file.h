/* SPDX-License-Identifier: MIT */
/*
 * Open file objects and the file descriptor table (lib/posix-fdtab).
 *
 * A file object is what a descriptor refers to: operations, an access
 * mode and status flags, a position, and a reference count (dup() and
 * dup2() share one object, as Linux's open file descriptions). Whoever
 * makes one (the vfs for a path, posix-fdtab for the console) fills the
 * operations; the table's system calls (read, write, lseek, fstat, ...)
 * call them. Every operation returns a value or -errno.
 *
 * The Linux ABI values and layouts (open flags, struct stat) are spelt
 * here with a UK_ prefix so that the libraries need no C library's
 * headers: they build the same under nolibc and musl.
 */
#ifndef UK_FILE_H
#define UK_FILE_H

#include <uk/essentials.h>
#include <stddef.h>
#include <stdint.h>

/* open(2) flags, Linux's values (the generic ones on arm64). */
#define UK_O_ACCMODE   0003
#define UK_O_RDONLY    00
#define UK_O_WRONLY    01
#define UK_O_RDWR      02
#define UK_O_CREAT     0100
#define UK_O_EXCL      0200
#define UK_O_NOCTTY    0400
#define UK_O_TRUNC     01000
#define UK_O_APPEND    02000
#define UK_O_NONBLOCK  04000
#define UK_O_CLOEXEC   02000000
#if defined(__aarch64__)
#define UK_O_DIRECTORY 040000
#define UK_O_NOFOLLOW  0100000
#define UK_O_LARGEFILE 0400000
#else
#define UK_O_DIRECTORY 0200000
#define UK_O_NOFOLLOW  0400000
#define UK_O_LARGEFILE 0100000
#endif

/* File types and permission bits of st_mode. */
#define UK_S_IFMT   0170000
#define UK_S_IFDIR  0040000
#define UK_S_IFCHR  0020000
#define UK_S_IFREG  0100000
#define UK_S_IFLNK  0120000
#define UK_S_IFSOCK 0140000
#define UK_S_ISDIR(m) (((m) & UK_S_IFMT) == UK_S_IFDIR)
#define UK_S_ISREG(m) (((m) & UK_S_IFMT) == UK_S_IFREG)
#define UK_S_ISLNK(m) (((m) & UK_S_IFMT) == UK_S_IFLNK)

/* The kernel's struct stat of the architecture (what fstat(2) fills). */
struct uk_stat {
#if defined(__aarch64__)
	uint64_t st_dev, st_ino;
	uint32_t st_mode, st_nlink, st_uid, st_gid;
	uint64_t st_rdev, __pad1;
	int64_t st_size;
	int32_t st_blksize, __pad2;
	int64_t st_blocks;
	int64_t st_atime_sec, st_atime_nsec;
	int64_t st_mtime_sec, st_mtime_nsec;
	int64_t st_ctime_sec, st_ctime_nsec;
	uint32_t __reserved4, __reserved5;
#else
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, __pad0;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	int64_t st_atime_sec, st_atime_nsec;
	int64_t st_mtime_sec, st_mtime_nsec;
	int64_t st_ctime_sec, st_ctime_nsec;
	int64_t __reserved[3];
#endif
};

/* poll(2) events, Linux's values (asm-generic/poll.h); epoll's are the same. */
#define UK_POLLIN     0x001
#define UK_POLLOUT    0x004
#define UK_POLLERR    0x008
#define UK_POLLHUP    0x010
#define UK_POLLRDNORM 0x040
#define UK_POLLWRNORM 0x100
#define UK_POLLRDHUP  0x2000

struct uk_file;

/* One buffer of readv(2) and writev(2): Linux's struct iovec. */
struct uk_iovec {
	void *base;
	size_t len;
};

struct uk_file_ops {
	/* At offset `off` (the file's position, or pread's). */
	long (*read)(struct uk_file *f, void *buf, size_t len, int64_t off);
	long (*write)(struct uk_file *f, const void *buf, size_t len,
		      int64_t off);
	int (*stat)(struct uk_file *f, struct uk_stat *st);
	/* Optional: NULL is -ENOTTY. */
	int (*ioctl)(struct uk_file *f, unsigned long req, void *arg);
	/* Optional: NULL is -EINVAL. */
	int (*truncate)(struct uk_file *f, int64_t len);
	/* Optional (directories): linux_dirent64 records from f->pos on. */
	long (*getdents)(struct uk_file *f, void *buf, size_t len);
	/* Optional: fsync(2), fdatasync(2); NULL: nothing to write back. */
	int (*sync)(struct uk_file *f);
	/* Optional, for objects without a position (sockets): writev(2) as one
	 * write, so that the buffers go out together; NULL: write per buffer. */
	long (*writev)(struct uk_file *f, const struct uk_iovec *iov, int n);
	/*
	 * Optional: the Linux poll events (POLLIN 0x1, POLLOUT 0x4, POLLERR
	 * 0x8, POLLHUP 0x10, POLLRDHUP 0x2000) true now, for poll, select and
	 * epoll (through uk_file_poll()). NULL: a regular file is always
	 * ready, anything else ready for writing. A file whose readiness can
	 * change signals it with uk_file_event(), or no waiter sees it.
	 */
	short (*poll)(struct uk_file *f);
	/* Optional: the last reference is gone (the object is freed after). */
	void (*release)(struct uk_file *f);
	/* lseek(2) is allowed (else -ESPIPE). */
	bool seekable;
};

struct uk_file {
	const struct uk_file_ops *ops;
	unsigned int refs;
	int flags;               /* UK_O_ACCMODE bits and UK_O_APPEND, UK_O_NONBLOCK */
	int64_t pos;
	void *priv;              /* the maker's */
	/*
	 * Different for every object made while the image runs (0 for the
	 * console's): tells a new object from a freed one that had its
	 * address (epoll notices a closed member this way).
	 */
	uint64_t serial;
	/*
	 * Readiness edges, counted by uk_file_event(): edge-triggered epoll
	 * reports a file again only when one of them moved since its last look.
	 */
	uint32_t in_edges, out_edges;
};

/* A new object with one reference, or NULL when out of memory. */
struct uk_file *uk_file_new(const struct uk_file_ops *ops, int flags,
			    void *priv);
void uk_file_get(struct uk_file *f);
void uk_file_put(struct uk_file *f);

/*
 * Puts `f` (taking over the caller's reference) at the lowest free
 * descriptor; returns it, or -EMFILE (the reference is then dropped).
 */
int uk_fdtab_install(struct uk_file *f, bool cloexec);

/* The object at `fd` (no reference taken), or NULL for a bad descriptor. */
struct uk_file *uk_fdtab_get(int fd);

/*
 * Readiness changes, for poll's kind of waiting (posix-socket's poll,
 * select and epoll).
 * A file's maker calls uk_file_event() when something a waiter could be
 * waiting for happened, as Linux wakes a file's wait queue: `events` are
 * the poll events it concerns (POLLIN 0x1: input arrived, or a connection;
 * POLLOUT 0x4: room to write again after there was none; POLLERR 0x8 or
 * POLLHUP 0x10: both). It counts the edge in the file's in_edges or
 * out_edges (both for POLLERR and POLLHUP) and wakes every uk_file_wait().
 * Not from an interrupt handler.
 */
void uk_file_event(struct uk_file *f, short events);

/*
 * The poll events of `f` that a waiter asking for `want` is told now, as
 * Linux's poll reports them: its `poll` operation's (or the default
 * above), POLLRDNORM beside POLLIN and POLLWRNORM beside POLLOUT, those
 * of `want`, and POLLERR and POLLHUP whether asked for or not. The one
 * readiness check of poll, select and epoll.
 */
short uk_file_poll(struct uk_file *f, short want);

/* How many uk_file_event() calls there were so far (of any file). */
uint64_t uk_file_events(void);

/*
 * Blocks until a uk_file_event() makes uk_file_events() differ from
 * `seen` (read before the caller looked at its files, so that an event in
 * between is not missed), or until the monotonic clock reaches `deadline`
 * (nanoseconds; 0: none). False when the deadline passed. Without a
 * scheduler (LIBUKSCHED) nothing else runs meanwhile: it returns false
 * at once.
 */
bool uk_file_wait(uint64_t seen, uint64_t deadline);

/*
 * The console as a file object: descriptors 0 and 1 at boot, and what
 * /dev/console (devfs) does. Writes go to the console, reads are its
 * input (uk_console_read()), ioctl(TIOCGWINSZ) answers 24x80. It is never
 * freed. uk_console_err_file is descriptor 2 at boot: the same, except
 * that writes are the error stream (uk_console_write_err()).
 */
extern struct uk_file uk_console_file;
extern struct uk_file uk_console_err_file;

/* The number of descriptors (the highest is one less). */
#define UK_FDTAB_SIZE 256

#endif /* UK_FILE_H */
