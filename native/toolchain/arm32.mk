# Toolchain profile: arm32 / ARMv7-A (any platform), Debian's
# arm-linux-gnueabihf cross compiler: the hard-float EABI, so that its
# libgcc links (its objects say "VFP registers for arguments"), VFPv3 with
# 16 double registers (every ARMv7-A core QEMU offers has at least those),
# ARM (not Thumb) code: the frame records a backtrace walks are GCC's
# ARM-state ones.
UK_CROSS_COMPILE_DEFAULT := arm-linux-gnueabihf-

UK_ARCH_CFLAGS   := -march=armv7-a -mtune=cortex-a15 -marm -mfpu=vfpv3-d16 -mfloat-abi=hard
UK_ARCH_ASFLAGS  := -march=armv7-a -marm -mfpu=vfpv3-d16 -mfloat-abi=hard
UK_ARCH_LDFLAGS  :=
