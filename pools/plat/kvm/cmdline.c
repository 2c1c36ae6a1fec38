/* SPDX-License-Identifier: MIT */
#include <kvm/cmdline.h>
#include <uk/print.h>

static char cmdline[CONFIG_KVM_CMDLINE_MAX];

char *kvm_cmdline_save(const char *src, size_t maxlen)
{
	size_t i;

	for (i = 0; src && i < maxlen && src[i]; i++) {
		if (i == sizeof(cmdline) - 1) {
			uk_pr_warn("command line cut to %zu bytes\n", i);
			break;
		}
		cmdline[i] = src[i];
	}
	cmdline[i] = '\0';
	return cmdline;
}
