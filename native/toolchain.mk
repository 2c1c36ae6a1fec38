# SPDX-License-Identifier: MIT
#
# The tools of one architecture ($(UK_ARCH)): its profile's flags and
# CROSS_COMPILE default, and the programs. Included by rules.mk, and by
# tools/toolchain-env.mk, which tells upstream builds the same tools.
include $(UK_NATIVE)/toolchain/$(UK_ARCH).mk

CROSS_COMPILE ?= $(UK_CROSS_COMPILE_DEFAULT)
UK_CC      ?= $(CROSS_COMPILE)gcc
UK_LD      ?= $(CROSS_COMPILE)ld
UK_AR      ?= $(CROSS_COMPILE)ar
UK_RANLIB  ?= $(CROSS_COMPILE)ranlib
UK_OBJCOPY ?= $(CROSS_COMPILE)objcopy
UK_STRIP   ?= $(CROSS_COMPILE)strip
UK_SIZE    ?= $(CROSS_COMPILE)size
UK_READELF ?= $(CROSS_COMPILE)readelf
UK_NM      ?= $(CROSS_COMPILE)nm
