# Toolchain profile: arm64 / AArch64 (any platform).
# -mno-outline-atomics: GCC would otherwise call libgcc helpers that probe
# the CPU through Linux's auxiliary vector, which a unikernel does not have.
ifeq ($(shell uname -m),aarch64)
UK_CROSS_COMPILE_DEFAULT :=
else
UK_CROSS_COMPILE_DEFAULT := aarch64-linux-gnu-
endif

UK_ARCH_CFLAGS   := -march=armv8-a -mtune=cortex-a57 -mno-outline-atomics
UK_ARCH_ASFLAGS  :=
UK_ARCH_LDFLAGS  :=
