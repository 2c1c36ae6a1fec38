# Target: kvm platform on arm32 (QEMU -M virt -cpu cortex-a15). The MMU
# is off: every access is Strongly-ordered, where unaligned ones fault,
# so the shared arm32 boot adds -mno-unaligned-access
# (pools/plat/common/library.uk).
UK_TARGET_CFLAGS  :=
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=4096
UK_LDSCRIPT       := $(UK_NATIVE)/ld/arm32-image.lds
# QEMU boots a 32-bit ARM Linux kernel: the flat binary of the linked ELF.
UK_IMAGE_FORMAT   := binary
