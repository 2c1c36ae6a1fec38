/* SPDX-License-Identifier: MIT */
/* Private to the kvm platform on arm64. */
#ifndef KVM_ARM64_H
#define KVM_ARM64_H

#include <uk/essentials.h>

/* Called by the exception handler when the trapping instruction was a
 * semihosting call, i.e. QEMU runs without -semihosting. */
void kvm_arm64_semihosting_missing(void) __noreturn;

#define ARM64_SEMIHOSTING_HLT 0xd45e0000u   /* hlt #0xf000 */

#endif
