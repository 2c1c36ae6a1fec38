# Toolchain profile: mips / MIPS32r2, big-endian, o32 (any platform),
# Debian's mips-linux-gnu cross compiler. Its default is Linux's
# position-independent "abicalls" code through the GOT and $gp: a
# unikernel linked at a fixed address wants plain absolute code
# (-mno-abicalls -fno-pic), and no small-data section reached through
# $gp (-G 0). Hard float (o32, 32-bit FPRs), as Debian's libgcc is
# built; the boot code enables the FPU (Status.CU1).
UK_CROSS_COMPILE_DEFAULT := mips-linux-gnu-

UK_ARCH_CFLAGS   := -march=mips32r2 -mabi=32 -EB -mno-abicalls -mno-shared -G 0 -mhard-float -mfp32
UK_ARCH_ASFLAGS  := -march=mips32r2 -mabi=32 -EB -mno-abicalls -mno-shared -G 0 -fno-pic
# Debian's libgcc.a is abicalls code: its helpers (64-bit shifts and
# divisions) are leaf functions that use no $gp, so linking them with our
# non-abicalls code is sound; --no-warn-mismatch keeps ld from saying so
# at every link.
UK_ARCH_LDFLAGS  := -EB -Wl,--no-warn-mismatch
