/* SPDX-License-Identifier: MIT */
/*
 * Signal dispositions and the signal mask, as the process's state and
 * nothing more: a unikernel has no other process and no terminal driver
 * to send it a signal, so handlers are recorded and returned but never
 * called. What programs do at start-up (Lua's interpreter installs a
 * SIGINT handler around each chunk, musl unblocks its internal signals
 * when a first handler is set) then works, with the errors Linux gives
 * for bad arguments. The structures are the kernel's 64-bit ABI (with
 * sa_restorer: x86_64 and arm64 both have it), written out here.
 */
#include <uk/syscall.h>
#include <errno.h>
#include <stdint.h>

#define K_NSIG      64
#define K_SIGKILL   9
#define K_SIGSTOP   19
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

/* Index 0 is signal 1; all start as SIG_DFL (zero). */
static struct k_sigaction actions[K_NSIG];
static uint64_t blocked;

static uint64_t bit(int sig)
{
	return 1ull << (sig - 1);
}

UK_SYSCALL_R_DEFINE(int, rt_sigaction, int, sig, const struct k_sigaction *, act,
		    struct k_sigaction *, oact, size_t, sigsetsize)
{
	if (sigsetsize != sizeof(uint64_t) || sig < 1 || sig > K_NSIG)
		return -EINVAL;
	if (act && (sig == K_SIGKILL || sig == K_SIGSTOP))
		return -EINVAL;
	if (oact)
		*oact = actions[sig - 1];
	if (act) {
		actions[sig - 1] = *act;
		/* As the kernel: a handler's mask never holds these two. */
		actions[sig - 1].mask &= ~(bit(K_SIGKILL) | bit(K_SIGSTOP));
	}
	return 0;
}

UK_SYSCALL_R_DEFINE(int, rt_sigprocmask, int, how, const uint64_t *, set,
		    uint64_t *, oset, size_t, sigsetsize)
{
	uint64_t old = blocked;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (set) {
		switch (how) {
		case SIG_BLOCK:
			blocked |= *set;
			break;
		case SIG_UNBLOCK:
			blocked &= ~*set;
			break;
		case SIG_SETMASK:
			blocked = *set;
			break;
		default:
			return -EINVAL;
		}
		/* SIGKILL and SIGSTOP cannot be blocked. */
		blocked &= ~(bit(K_SIGKILL) | bit(K_SIGSTOP));
	}
	if (oset)
		*oset = old;
	return 0;
}
