# SPDX-License-Identifier: MIT
#
# Prints the tools and architecture flags of $(UK_ARCH), one NAME=VALUE a
# line, for upstream builds (buildgen/src/upstream-build.ts):
#   make -s -f native/tools/toolchain-env.mk UK_ARCH=x86_64 [CROSS_COMPILE=...]
UK_NATIVE := $(patsubst %/tools/,%,$(dir $(lastword $(MAKEFILE_LIST))))
$(if $(UK_ARCH),,$(error toolchain-env.mk: UK_ARCH is not set))
include $(UK_NATIVE)/toolchain.mk

.PHONY: print
print:
	@printf '%s\n' 'CC=$(UK_CC)' 'AR=$(UK_AR)' 'RANLIB=$(UK_RANLIB)' \
		'UK_ARCH_CFLAGS=$(UK_ARCH_CFLAGS)' \
		"UK_CC_VERSION=$$($(UK_CC) -dumpfullversion) $$($(UK_CC) -dumpmachine)"
