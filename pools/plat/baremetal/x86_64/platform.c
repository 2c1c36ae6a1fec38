/* SPDX-License-Identifier: MIT */
/* baremetal on x86_64: the PC boot is plat/common/x86_64's; this is its name. */
#include <uk/plat.h>

const char ukplat_name[] = "baremetal";
