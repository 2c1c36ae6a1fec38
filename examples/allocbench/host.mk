# The same program as a Linux process over the C library's malloc, for the
# differential test and the benchmark:
#   make -f examples/allocbench/host.mk [OUT=path]   (default build/allocbench-host here)
# Compiled like the unikernel's sources (-Os), so that only the allocator
# and the platform differ.
HERE := $(dir $(lastword $(MAKEFILE_LIST)))
OUT ?= $(HERE)build/allocbench-host
CC ?= cc
SRCS := $(addprefix $(HERE),main.c workload.c host.c)

$(OUT): $(SRCS) $(addprefix $(HERE),workload.h target.h)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -Os -Wall -Wextra -Wno-unused-parameter -o $@ $(SRCS)
