# Toolchain profile: x86_64 (any platform).
# Code is linked below 2 GiB, static and position dependent: the small code
# model with -fno-pic is enough and produces the shortest code.
ifeq ($(shell uname -m),x86_64)
UK_CROSS_COMPILE_DEFAULT :=
else
UK_CROSS_COMPILE_DEFAULT := x86_64-linux-gnu-
endif

UK_ARCH_CFLAGS   := -m64 -march=x86-64 -mtune=generic -mcmodel=small
UK_ARCH_ASFLAGS  := -m64
UK_ARCH_LDFLAGS  := -m64
