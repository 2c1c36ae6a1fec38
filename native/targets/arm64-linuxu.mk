# Target: linuxu on arm64, a static Linux executable (qemu-aarch64 on an
# x86_64 host). 64 KiB segment alignment keeps it loadable on 64 KiB-page
# kernels too.
UK_TARGET_CFLAGS  :=
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=65536
UK_LDSCRIPT       := $(UK_NATIVE)/ld/linuxu.lds
UK_IMAGE_FORMAT   := elf
