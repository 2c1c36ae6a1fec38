# Target: linuxu on arm32, a static Linux executable (EABI, hard float;
# qemu-arm on another host).
UK_TARGET_CFLAGS  :=
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=4096
UK_LDSCRIPT       := $(UK_NATIVE)/ld/linuxu.lds
UK_IMAGE_FORMAT   := elf
