# The context-switch benchmark between two pthreads of a Linux process,
# for bench/sched.mjs:
#   make -f examples/threads/host.mk [OUT=path]   (default build/threads-host here)
HERE := $(dir $(lastword $(MAKEFILE_LIST)))
OUT ?= $(HERE)build/threads-host
CC ?= cc

$(OUT): $(HERE)host.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Wno-unused-parameter -pthread -o $@ $<
