# Target: kvm platform on arm64 (QEMU -M virt), running with the MMU off.
# With the MMU off every access is Device memory: unaligned accesses fault
# (-mstrict-align) and FP/SIMD is left disabled (-mgeneral-regs-only).
UK_TARGET_CFLAGS  := -mgeneral-regs-only -mstrict-align
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=4096
UK_LDSCRIPT       := $(UK_NATIVE)/ld/arm64-image.lds
# QEMU boots a Linux arm64 Image: the flat binary of the linked ELF.
UK_IMAGE_FORMAT   := binary
