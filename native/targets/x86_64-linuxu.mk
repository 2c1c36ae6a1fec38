# Target: linuxu on x86_64, a static Linux executable run natively.
UK_TARGET_CFLAGS  :=
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=4096
UK_LDSCRIPT       := $(UK_NATIVE)/ld/linuxu.lds
UK_IMAGE_FORMAT   := elf
