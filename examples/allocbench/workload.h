/* SPDX-License-Identifier: MIT */
/*
 * The randomised allocation workload, shared by the unikernel and by the
 * same program built as a Linux process over the C library's malloc
 * (host.mk): only target.h differs between the two.
 */
#ifndef ALLOCBENCH_WORKLOAD_H
#define ALLOCBENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

enum wl_op {
	OP_MALLOC, OP_CALLOC, OP_MEMALIGN, OP_REALLOC_NEW, OP_REALLOC,
	OP_REALLOC_ZERO, OP_FREE, NR_OPS
};

struct wl_result {
	unsigned long count[NR_OPS];    /* allocator calls by kind */
	unsigned long live;             /* blocks still allocated at the end */
	size_t peak_bytes;              /* most bytes asked for at once */
	uint64_t digest;                /* of the live blocks' contents */
	unsigned long errors;           /* checks that failed */
};

/*
 * Runs `ops` allocator calls drawn from a generator seeded with `seed`.
 * With `check`, every block is filled with a pattern and verified when it
 * is resized and freed, checked for alignment and against overlapping any
 * other live block, and reported to the target (target.h); without, only
 * the first and last bytes are touched. Ends with every block freed.
 */
void wl_run(unsigned long ops, uint64_t seed, int check, struct wl_result *r);

/*
 * Requests that must fail, the same on every allocator: sizes no memory
 * holds (counted in *refused) and alignments POSIX rejects. Returns the
 * number of wrong answers.
 */
unsigned long wl_impossible(unsigned long *refused);

#endif
