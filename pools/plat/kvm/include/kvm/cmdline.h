/* SPDX-License-Identifier: MIT */
#ifndef KVM_CMDLINE_H
#define KVM_CMDLINE_H

#include <uk/essentials.h>

/*
 * Copies the boot command line into the platform's own buffer, so that
 * the memory holding the boot information can become heap. Returns the
 * copy (always NUL-terminated, truncated with a warning if too long).
 */
char *kvm_cmdline_save(const char *src, size_t maxlen);

#endif
