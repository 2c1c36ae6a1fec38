/* SPDX-License-Identifier: MIT */
/*
 * lwIP's operating system types (lwip/sys.h includes this file) over
 * uksched and uklock, for CONFIG_LWIP_THREADS (NO_SYS=0); sys_arch.c
 * implements the calls. lwIP embeds semaphores and mailboxes in its own
 * structures, so each is a value with a validity flag, and a mailbox's
 * slots are part of it: nothing is allocated.
 */
#ifndef LWIP_ARCH_SYS_ARCH_H
#define LWIP_ARCH_SYS_ARCH_H

#if CONFIG_LWIP_THREADS         /* lwip/sys.h includes it only then */
#include <stdbool.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>

/* The most messages a mailbox holds (lwipopts.h's *_MBOX_SIZE at most). */
#define SYS_MBOX_SLOTS 128

typedef struct {
	struct uk_semaphore sem;
	bool valid;
} sys_sem_t;

typedef struct {
	struct uk_mutex mutex;
	bool valid;
} sys_mutex_t;

typedef struct {
	void *slots[SYS_MBOX_SLOTS];
	unsigned int head, count, size;
	struct uk_semaphore items;      /* messages to fetch */
	struct uk_semaphore room;       /* free slots */
	bool valid;
} sys_mbox_t;

typedef struct uk_thread *sys_thread_t;

/* SYS_ARCH_PROTECT: interrupts off on this CPU (sys_arch.c). */
typedef unsigned long sys_prot_t;
#endif

#endif /* LWIP_ARCH_SYS_ARCH_H */
