# Target: kvm platform on arm64 (QEMU -M virt). The MMU is off unless
# CONFIG_PAGING turns it on; then every access is to Device memory, where
# unaligned ones fault: the shared arm64 Image boot adds -mstrict-align for
# such images (pools/plat/common/library.uk). FP/SIMD is enabled by the boot code;
# ARM64_FPSIMD=n keeps compiled code off it (pools/arch/arm64/library.uk).
UK_TARGET_CFLAGS  :=
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=4096
UK_LDSCRIPT       := $(UK_NATIVE)/ld/arm64-image.lds
# QEMU boots a Linux arm64 Image: the flat binary of the linked ELF.
UK_IMAGE_FORMAT   := binary
