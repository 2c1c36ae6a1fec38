# Target: kvm platform on x86_64 (QEMU -M pc via multiboot, -M microvm via PVH).
# No red zone: exception handlers run on the interrupted stack.
# SSE is enabled by the boot code, so the compiler may use it.
UK_TARGET_CFLAGS  := -mno-red-zone
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=4096
UK_LDSCRIPT       := $(UK_NATIVE)/ld/x86_64-kvm.lds
# The image QEMU boots is the stripped ELF itself.
UK_IMAGE_FORMAT   := elf
# Post-link check: the multiboot loader copies the file verbatim.
UK_IMAGE_CHECK     = sh $(UK_NATIVE)/tools/check-flat-loads.sh $(UK_READELF)
