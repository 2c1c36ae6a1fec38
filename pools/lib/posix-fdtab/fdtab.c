/* SPDX-License-Identifier: MIT */
/*
 * The file descriptor table and the system calls that act on a
 * descriptor whatever it refers to. Descriptors 0, 1 and 2 start bound to
 * the console (console.c); nothing else is open at boot.
 */
#include <uk/file.h>
#include <uk/syscall.h>
#include <errno.h>
#include <stdlib.h>
#if CONFIG_LIBUKSCHED
#include <uk/wait.h>
#endif

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_GETLK         5
#define F_SETLK         6
#define F_SETLKW        7
#define F_OFD_GETLK     36
#define F_OFD_SETLK     37
#define F_OFD_SETLKW    38
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC      1

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* What F_SETFL may change, as on Linux (the access mode is fixed at open). */
#define SETFL_MASK (UK_O_APPEND | UK_O_NONBLOCK)

struct slot {
	struct uk_file *file;
	bool cloexec;
};

static struct slot fdtab[UK_FDTAB_SIZE] = {
	[0] = { &uk_console_file },
	[1] = { &uk_console_file },
	[2] = { &uk_console_err_file },
};

struct uk_file *uk_file_new(const struct uk_file_ops *ops, int flags, void *priv)
{
	static uint64_t serial;
	struct uk_file *f = malloc(sizeof(*f));

	if (f)
		*f = (struct uk_file){ .ops = ops, .refs = 1, .flags = flags,
				       .priv = priv, .serial = ++serial };
	return f;
}

static volatile uint64_t events_seen;
#if CONFIG_LIBUKSCHED
static struct uk_waitq readiness_waiters = UK_WAITQ_INITIALIZER;
#endif

void uk_file_event(struct uk_file *f, short events)
{
	if (events & (UK_POLLIN | UK_POLLERR | UK_POLLHUP))
		f->in_edges++;
	if (events & (UK_POLLOUT | UK_POLLERR | UK_POLLHUP))
		f->out_edges++;
#if CONFIG_LIBUKSCHED
	{
		/* Counted under the lock a waiter checks it under: no lost wake-up. */
		unsigned long flags = uk_sched_lock_irqsave();

		events_seen++;
		uk_waitq_wake_all_locked(&readiness_waiters);
		uk_sched_unlock_irqrestore(flags);
	}
#else
	events_seen++;
#endif
}

short uk_file_poll(struct uk_file *f, short want)
{
	short ready;

	if (f->ops->poll)
		ready = f->ops->poll(f);
	else
		ready = f->ops->seekable ? UK_POLLIN | UK_POLLOUT : UK_POLLOUT;
	if (ready & UK_POLLIN)
		ready |= UK_POLLRDNORM;
	if (ready & UK_POLLOUT)
		ready |= UK_POLLWRNORM;
	return (short)((want | UK_POLLERR | UK_POLLHUP) & ready);
}

uint64_t uk_file_events(void)
{
	return events_seen;
}

bool uk_file_wait(uint64_t seen, uint64_t deadline)
{
#if CONFIG_LIBUKSCHED
	unsigned long flags = uk_sched_lock_irqsave();
	bool woken = true;

	if (events_seen == seen)
		woken = uk_waitq_wait_locked(&readiness_waiters, deadline);
	uk_sched_unlock_irqrestore(flags);
	return woken;
#else
	(void)seen;
	(void)deadline;
	return false;
#endif
}

void uk_file_get(struct uk_file *f)
{
	f->refs++;
}

void uk_file_put(struct uk_file *f)
{
	if (--f->refs)
		return;
	if (f->ops->release)
		f->ops->release(f);
	free(f);
}

struct uk_file *uk_fdtab_get(int fd)
{
	if (fd < 0 || fd >= UK_FDTAB_SIZE)
		return NULL;
	return fdtab[fd].file;
}

/* Lowest free descriptor at or above `from`, or -EMFILE. */
static int lowest_free(int from)
{
	for (int fd = from; fd < UK_FDTAB_SIZE; fd++)
		if (!fdtab[fd].file)
			return fd;
	return -EMFILE;
}

int uk_fdtab_install(struct uk_file *f, bool cloexec)
{
	int fd = lowest_free(0);

	if (fd < 0) {
		uk_file_put(f);
		return fd;
	}
	fdtab[fd] = (struct slot){ f, cloexec };
	return fd;
}

/* Puts a new reference to `f` at `fd`, closing what was there. */
static int install_at(int fd, struct uk_file *f, bool cloexec)
{
	struct uk_file *old = fdtab[fd].file;

	uk_file_get(f);
	fdtab[fd] = (struct slot){ f, cloexec };
	if (old)
		uk_file_put(old);
	return fd;
}

UK_SYSCALL_R_DEFINE(int, close, int, fd)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	fdtab[fd] = (struct slot){ NULL, false };
	uk_file_put(f);
	return 0;
}

static int dup_from(int fd, int from, bool cloexec)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int nfd;

	if (!f)
		return -EBADF;
	if (from < 0 || from >= UK_FDTAB_SIZE)
		return -EINVAL;
	nfd = lowest_free(from);
	if (nfd < 0)
		return nfd;
	return install_at(nfd, f, cloexec);
}

UK_SYSCALL_R_DEFINE(int, dup, int, fd)
{
	return dup_from(fd, 0, false);
}

UK_SYSCALL_R_DEFINE(int, dup3, int, fd, int, nfd, int, flags)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	if (fd == nfd || (flags & ~UK_O_CLOEXEC))
		return -EINVAL;
	if (nfd < 0 || nfd >= UK_FDTAB_SIZE)
		return -EBADF;
	return install_at(nfd, f, flags & UK_O_CLOEXEC);
}

#if defined(__x86_64__)
/* arm64 has no dup2: its libcs call dup3. */
UK_SYSCALL_R_DEFINE(int, dup2, int, fd, int, nfd)
{
	if (fd == nfd)
		return uk_fdtab_get(fd) ? fd : -EBADF;
	return uk_syscall_r_dup3(fd, nfd, 0);
}
#endif

static bool can_read(const struct uk_file *f)
{
	return (f->flags & UK_O_ACCMODE) != UK_O_WRONLY;
}

static bool can_write(const struct uk_file *f)
{
	return (f->flags & UK_O_ACCMODE) != UK_O_RDONLY;
}

static int64_t file_size(struct uk_file *f)
{
	struct uk_stat st;
	int r = f->ops->stat(f, &st);

	return r < 0 ? r : st.st_size;
}

/* The offset SEEK_SET, SEEK_CUR or SEEK_END counts from, or -errno (-EINVAL for another whence). */
static int64_t whence_base(struct uk_file *f, int whence)
{
	switch (whence) {
	case SEEK_SET:
		return 0;
	case SEEK_CUR:
		return f->pos;
	case SEEK_END:
		return file_size(f);
	default:
		return -EINVAL;
	}
}

/* Linux's struct flock (the same on x86_64 and arm64). */
struct k_flock {
	short l_type;
	short l_whence;
	int64_t l_start;
	int64_t l_len;
	int l_pid;
};

/*
 * Record locks (F_SETLK, F_GETLK and their open-file-description forms).
 * An image is one process: its own locks never conflict with each other
 * (POSIX), and there is no other process to hold one. So a valid request
 * always succeeds at once and F_GETLK always finds the range free; what
 * remains to check is what Linux checks: the lock type, the origin, a
 * range that starts before the file, and the access mode a read or write
 * lock needs.
 */
static int record_lock(struct uk_file *f, int cmd, struct k_flock *l)
{
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	int64_t base;

	if (!l)
		return -EFAULT;
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && (get || l->l_type != F_UNLCK))
		return -EINVAL;
	if ((cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW) && l->l_pid != 0)
		return -EINVAL;
	base = whence_base(f, l->l_whence);
	if (base < 0)
		return (int)base;
	if (base + l->l_start < 0 || (l->l_len < 0 && base + l->l_start + l->l_len < 0))
		return -EINVAL;
	if (get) {
		l->l_type = F_UNLCK;
		return 0;
	}
	if ((l->l_type == F_RDLCK && !can_read(f)) || (l->l_type == F_WRLCK && !can_write(f)))
		return -EBADF;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, fcntl, int, fd, int, cmd, long, arg)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
		return dup_from(fd, (int)arg, false);
	case F_DUPFD_CLOEXEC:
		return dup_from(fd, (int)arg, true);
	case F_GETFD:
		return fdtab[fd].cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		fdtab[fd].cloexec = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return record_lock(f, cmd, (struct k_flock *)arg);
	default:
		return -EINVAL;
	}
}

/* One transfer at the file's position, which it then advances. */
static long transfer(struct uk_file *f, void *buf, size_t len, bool out)
{
	long r;

	if (out && (f->flags & UK_O_APPEND) && f->ops->seekable) {
		int64_t end = file_size(f);

		if (end < 0)
			return end;
		f->pos = end;
	}
	r = out ? f->ops->write(f, buf, len, f->pos) : f->ops->read(f, buf, len, f->pos);
	if (r > 0 && f->ops->seekable)
		f->pos += r;
	return r;
}

UK_SYSCALL_R_DEFINE(long, read, int, fd, void *, buf, size_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f || !can_read(f))
		return -EBADF;
	return transfer(f, buf, len, false);
}

UK_SYSCALL_R_DEFINE(long, write, int, fd, const void *, buf, size_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f || !can_write(f))
		return -EBADF;
	return transfer(f, (void *)buf, len, true);
}

#define IOV_MAX 1024

static long transfer_v(int fd, const struct uk_iovec *iov, int n, bool out)
{
	struct uk_file *f = uk_fdtab_get(fd);
	long total = 0, r;

	if (!f || !(out ? can_write(f) : can_read(f)))
		return -EBADF;
	if (n < 0 || n > IOV_MAX)
		return -EINVAL;
	if (out && f->ops->writev)
		return f->ops->writev(f, iov, n);
	for (int i = 0; i < n; i++) {
		if (!iov[i].len)
			continue;
		r = transfer(f, iov[i].base, iov[i].len, out);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < iov[i].len)
			break;
	}
	return total;
}

UK_SYSCALL_R_DEFINE(long, readv, int, fd, const struct uk_iovec *, iov, int, n)
{
	return transfer_v(fd, iov, n, false);
}

UK_SYSCALL_R_DEFINE(long, writev, int, fd, const struct uk_iovec *, iov, int, n)
{
	return transfer_v(fd, iov, n, true);
}

static long transfer_at(int fd, void *buf, size_t len, int64_t off, bool out)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f || !(out ? can_write(f) : can_read(f)))
		return -EBADF;
	if (!f->ops->seekable)
		return -ESPIPE;
	if (off < 0)
		return -EINVAL;
	return out ? f->ops->write(f, buf, len, off) : f->ops->read(f, buf, len, off);
}

UK_SYSCALL_R_DEFINE(long, pread64, int, fd, void *, buf, size_t, len, int64_t, off)
{
	return transfer_at(fd, buf, len, off, false);
}

UK_SYSCALL_R_DEFINE(long, pwrite64, int, fd, const void *, buf, size_t, len, int64_t, off)
{
	return transfer_at(fd, (void *)buf, len, off, true);
}

UK_SYSCALL_R_DEFINE(int64_t, lseek, int, fd, int64_t, off, int, whence)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int64_t base;

	if (!f)
		return -EBADF;
	if (!f->ops->seekable)
		return -ESPIPE;
	base = whence_base(f, whence);
	if (base < 0)
		return base;
	if (base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

/* The requests Linux answers for every descriptor, before the object's own
 * (the generic numbers of x86_64 and arm64, where musl runs). */
#define FIONBIO  0x5421
#define FIONCLEX 0x5450
#define FIOCLEX  0x5451

UK_SYSCALL_R_DEFINE(int, ioctl, int, fd, unsigned long, req, void *, arg)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	switch (req) {
	case FIONBIO:
		if (!arg)
			return -EFAULT;
		if (*(const int *)arg)
			f->flags |= UK_O_NONBLOCK;
		else
			f->flags &= ~UK_O_NONBLOCK;
		return 0;
	case FIOCLEX:
	case FIONCLEX:
		fdtab[fd].cloexec = req == FIOCLEX;
		return 0;
	}
	return f->ops->ioctl ? f->ops->ioctl(f, req, arg) : -ENOTTY;
}

UK_SYSCALL_R_DEFINE(int, fstat, int, fd, struct uk_stat *, st)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	return f->ops->stat(f, st);
}

/*
 * Owners are not kept: every file is the one user's (the objects' stat
 * says 0:0). Giving a file the owner it has (or -1: unchanged) is done at
 * once, as Linux does; any other owner cannot be recorded: -EPERM.
 * (SQLite, running as user 0, gives each journal its database's owner.)
 */
UK_SYSCALL_R_DEFINE(int, fchown, int, fd, uint32_t, uid, uint32_t, gid)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct uk_stat st;
	int r;

	if (!f)
		return -EBADF;
	r = f->ops->stat(f, &st);
	if (r < 0)
		return r;
	if ((uid != (uint32_t)-1 && uid != st.st_uid) || (gid != (uint32_t)-1 && gid != st.st_gid))
		return -EPERM;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, ftruncate, int, fd, int64_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	if (!can_write(f) || !f->ops->truncate || len < 0)
		return -EINVAL;
	return f->ops->truncate(f, len);
}

/* Objects without a sync operation live in memory: nothing to write back. */
UK_SYSCALL_R_DEFINE(int, fsync, int, fd)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	return f->ops->sync ? f->ops->sync(f) : 0;
}

UK_SYSCALL_R_DEFINE(int, fdatasync, int, fd)
{
	return uk_syscall_r_fsync(fd);
}

UK_SYSCALL_R_DEFINE(long, getdents64, int, fd, void *, buf, size_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	return f->ops->getdents ? f->ops->getdents(f, buf, len) : -ENOTDIR;
}
