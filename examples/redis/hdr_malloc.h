/* SPDX-License-Identifier: MIT */
/*
 * deps/hdr_histogram takes its allocator from the header that
 * HDR_MALLOC_INCLUDE names (default "hdr_malloc.h"); Redis's
 * deps/Makefile passes -DHDR_MALLOC_INCLUDE="hdr_redis_malloc.h" so that
 * the histograms allocate through zmalloc, and this header does the same
 * without a quoted flag in the manifest.
 */
#include "hdr_redis_malloc.h"
