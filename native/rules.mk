# SPDX-License-Identifier: MIT
#
# Make rules shared by every generated image Makefile. One make invocation
# builds ONE image (one architecture, one platform); a configuration that
# enables several platforms gets one generated Makefile per image (or one
# sub-make per image, each with its own variables).
#
# The includer sets (paths absolute or relative to make's working dir):
#
#   UK_ARCH        x86_64 | arm64
#   UK_PLAT        kvm | xen | linuxu
#   UK_BUILD       build directory of this image (objects go below it)
#   UK_IMAGE       output path of the bootable image, e.g.
#                  build/helloworld_kvm-x86_64 (the unstripped ELF is
#                  $(UK_IMAGE).dbg, the link map $(UK_IMAGE).map)
#   UK_CONFIG_H    generated configuration header, force-included in
#                  every source (CONFIG_FOO 1, strings quoted, n omitted)
#   UK_LIBS        library names, any order
#   UK_INCLUDES    public include directories of all libraries in the image
#   UK_CPPFLAGS / UK_CFLAGS / UK_ASFLAGS / UK_LDFLAGS   image-wide extras
#   UK_CC_LAUNCHER command put in front of every compile and assemble, never
#                  the link (ccache, distcc, icecc); empty for none
#   UK_PREFIX_MAPS -ffile-prefix-map flags that replace the folders of the
#                  build (project, application, build folder) by fixed
#                  names in objects and images, so that the same
#                  configuration gives the same bytes in any folder
#
#   and for each library L in UK_LIBS:
#   UK_LIB_L_DIR       the library's folder
#   UK_LIB_L_SRCS      sources (.c or .S) relative to UK_LIB_L_DIR
#   UK_LIB_L_INCLUDES  private include dirs, relative to UK_LIB_L_DIR
#   UK_LIB_L_CPPFLAGS  preprocessor flags for this library's sources
#   UK_LIB_L_CFLAGS    C-only flags
#   UK_LIB_L_ASFLAGS   assembler-only flags
#   UK_LIB_L_EXPORTS   symbols other libraries may use; when non-empty all
#                      other global symbols of L are made local after a
#                      partial link (exportsyms)
#   UK_LIB_L_ORIGIN    the library's prepared third-party tree (optional):
#                      sources written origin/PATH are $(UK_LIB_L_ORIGIN)/PATH
#
#   UK_ARCHIVES    static archives linked into the image (the output of
#                  upstream builds, e.g. musl's libc.a), in a group with libgcc
#   UK_SYSTEM_INCLUDES  header folders of upstream builds (a libc's headers):
#                  -isystem, searched before the compiler's own
#
# Headers generated for the image (the system call table) are in
# $(UK_BUILD)/include, on every library's include path.
#
# Optional: CROSS_COMPILE (default chosen by the toolchain profile from the
# host), V=1 to print full command lines.
#
# Goals: all (default), clean, size.

UK_NATIVE := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

$(foreach v,UK_ARCH UK_PLAT UK_BUILD UK_IMAGE UK_CONFIG_H UK_LIBS, \
	$(if $($(v)),,$(error native/rules.mk: $(v) is not set)))
$(if $(wildcard $(UK_NATIVE)/targets/$(UK_ARCH)-$(UK_PLAT).mk),, \
	$(error native/rules.mk: no target profile for $(UK_ARCH)-$(UK_PLAT)))

include $(UK_NATIVE)/toolchain.mk
include $(UK_NATIVE)/targets/$(UK_ARCH)-$(UK_PLAT).mk

# The compiler as compiles and assembles run it: behind the launcher, if any.
UK_CC_COMPILE = $(strip $(UK_CC_LAUNCHER) $(UK_CC))

ifeq ($(V),1)
Q :=
msg =
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

# Only the compiler's own freestanding headers (stddef.h, stdint.h,
# stdarg.h, stdbool.h) are visible besides the libraries' include dirs.
UK_COMPILER_INC := $(shell $(UK_CC) -print-file-name=include)
UK_LIBGCC := $(shell $(UK_CC) $(UK_ARCH_CFLAGS) $(UK_TARGET_CFLAGS) -print-libgcc-file-name)

UK_CPPFLAGS_ALL := -nostdinc $(addprefix -isystem ,$(UK_SYSTEM_INCLUDES)) -isystem $(UK_COMPILER_INC) \
	-include $(UK_CONFIG_H) -I$(UK_NATIVE)/include -I$(UK_BUILD)/include \
	$(addprefix -I,$(UK_INCLUDES)) $(UK_PREFIX_MAPS) $(UK_CPPFLAGS)

UK_CFLAGS_ALL := -std=gnu11 -ffreestanding -fno-stack-protector \
	-fno-pic -fno-pie -fno-common -Os -g \
	-ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-Wall -Wextra -Wno-unused-parameter \
	-Werror=implicit-function-declaration -Werror=incompatible-pointer-types \
	$(UK_ARCH_CFLAGS) $(UK_TARGET_CFLAGS) $(UK_CFLAGS)

UK_ASFLAGS_ALL := -D__ASSEMBLY__ -g $(UK_ARCH_ASFLAGS) $(UK_ASFLAGS)

UK_LDFLAGS_ALL := -nostdlib -static -no-pie \
	-Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-Map=$(UK_IMAGE).map \
	$(UK_ARCH_LDFLAGS) $(UK_TARGET_LDFLAGS) $(UK_LDFLAGS)

# Any change to the configuration or to a Makefile rebuilds everything:
# flags may have changed, and images are small.
UK_BUILD_DEPS := $(UK_CONFIG_H) $(MAKEFILE_LIST)

UK_LIBDIR := $(UK_BUILD)/libs

# Compiles library $(1)'s sources found in folder $(3) into $(UK_LIBDIR)/$(1)/$(2):
# its own ($(2) empty) and those of its third-party tree ($(2) = origin/, where
# the shorter stem makes make prefer these rules).
define uk_compile_rules
$(UK_LIBDIR)/$(1)/$(2)%.c.o: $(3)/%.c $$(UK_BUILD_DEPS)
	$$(call msg,CC,$(1)/$(2)$$*.c)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(UK_CC_COMPILE) $$(UK_CPPFLAGS_ALL) -D__LIBNAME__=$(1) $$(UK_LIB_$(1)_IFLAGS) \
		$$(UK_LIB_$(1)_CPPFLAGS) $$(UK_CFLAGS_ALL) $$(UK_LIB_$(1)_CFLAGS) \
		-MMD -MP -c $$< -o $$@

$(UK_LIBDIR)/$(1)/$(2)%.S.o: $(3)/%.S $$(UK_BUILD_DEPS)
	$$(call msg,AS,$(1)/$(2)$$*.S)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(UK_CC_COMPILE) $$(UK_CPPFLAGS_ALL) -D__LIBNAME__=$(1) $$(UK_LIB_$(1)_IFLAGS) \
		$$(UK_LIB_$(1)_CPPFLAGS) $$(UK_ASFLAGS_ALL) $$(UK_LIB_$(1)_ASFLAGS) \
		-MMD -MP -c $$< -o $$@
endef

define uk_lib_rules
UK_LIB_$(1)_OBJS := $$(addprefix $(UK_LIBDIR)/$(1)/,$$(addsuffix .o,$$(UK_LIB_$(1)_SRCS)))
UK_LIB_$(1)_IFLAGS := $$(foreach d,$$(UK_LIB_$(1)_INCLUDES),-I$$(if $$(filter /%,$$(d)),$$(d),$$(UK_LIB_$(1)_DIR)/$$(d)))

# One relocatable object per library: the unit that exportsyms applies to.
$(UK_LIBDIR)/$(1).o: $$(UK_LIB_$(1)_OBJS)
	$$(call msg,LD,$(1).o)
	$$(Q)$$(UK_LD) -r -o $$@ $$^
ifneq ($$(strip $$(UK_LIB_$(1)_EXPORTS)),)
	$$(Q)printf '%s\n' $$(UK_LIB_$(1)_EXPORTS) > $(UK_LIBDIR)/$(1).exports
	$$(Q)$$(UK_OBJCOPY) --keep-global-symbols=$(UK_LIBDIR)/$(1).exports $$@
endif

-include $$(UK_LIB_$(1)_OBJS:.o=.d)
endef

$(foreach l,$(UK_LIBS),$(eval $(call uk_lib_rules,$(l))))
$(foreach l,$(UK_LIBS),$(eval $(call uk_compile_rules,$(l),,$(UK_LIB_$(l)_DIR))))
$(foreach l,$(UK_LIBS),$(if $(UK_LIB_$(l)_ORIGIN), \
	$(eval $(call uk_compile_rules,$(l),origin/,$(UK_LIB_$(l)_ORIGIN)))))

# Header-only libraries (no sources) contribute include dirs only.
UK_LIB_OBJS := $(foreach l,$(UK_LIBS),$(if $(strip $(UK_LIB_$(l)_SRCS)),$(UK_LIBDIR)/$(l).o))

# Two links. The first one's function symbols become the image's symbol
# table (native/tools/symtab.sh; ukdebug names functions in crash reports
# with it), which the second link adds at the end of .rodata: no code
# moves, which the table of the final image, made again, must confirm.
# An image that does not use the table loses it to --gc-sections.
# The table's object comes last: the input sections before it keep their
# numbers in both links, and with them the names and so the order of the
# stubs the linker adds (arm32: libgcc's Thumb tail calls to the ARM
# __aeabi_idiv0 and __aeabi_ldiv0 swapped places when it came first).
# Archives of upstream builds (a libc.a) are linked in a group with libgcc:
# each may need the other.
UK_SYMTAB := $(UK_BUILD)/symtab
UK_LINK = $(UK_CC) $(UK_LDFLAGS_ALL) -T $(UK_LDSCRIPT) -L $(UK_NATIVE)/ld
UK_LINK_LIBS = -Wl,--start-group $(UK_ARCHIVES) $(UK_LIBGCC) -Wl,--end-group

$(UK_IMAGE).dbg: $(UK_LIB_OBJS) $(UK_ARCHIVES) $(UK_LDSCRIPT) $(wildcard $(UK_NATIVE)/ld/*.ld) $(UK_NATIVE)/tools/symtab.sh
	$(call msg,LD,$(notdir $@))
	$(Q)$(UK_LINK) -o $@.nosyms $(UK_LIB_OBJS) $(UK_LINK_LIBS)
	$(Q)sh $(UK_NATIVE)/tools/symtab.sh $(UK_NM) $@.nosyms > $(UK_SYMTAB).S
	$(Q)$(UK_CC_COMPILE) $(UK_PREFIX_MAPS) $(UK_ASFLAGS_ALL) -c $(UK_SYMTAB).S -o $(UK_SYMTAB).o
	$(Q)$(UK_LINK) -o $@ $(UK_LIB_OBJS) $(UK_LINK_LIBS) $(UK_SYMTAB).o
	$(Q)rm -f $@.nosyms
	$(Q)sh $(UK_NATIVE)/tools/symtab.sh $(UK_NM) $@ | cmp -s - $(UK_SYMTAB).S || \
		{ echo "$@: the symbol table moved the code; please report this" >&2; rm -f $@; exit 1; }
ifneq ($(UK_IMAGE_CHECK),)
	$(Q)$(UK_IMAGE_CHECK) $@ || { rm -f $@; exit 1; }
endif

ifeq ($(UK_IMAGE_FORMAT),binary)
$(UK_IMAGE): $(UK_IMAGE).dbg
	$(call msg,OBJCOPY,$(notdir $@))
	$(Q)$(UK_OBJCOPY) -O binary $< $@
else
$(UK_IMAGE): $(UK_IMAGE).dbg
	$(call msg,STRIP,$(notdir $@))
	$(Q)$(UK_STRIP) --strip-all -o $@ $<
endif

.DEFAULT_GOAL := all
.PHONY: all clean size
all: $(UK_IMAGE)

# Boot media a target makes from the image (baremetal: a CD and a disk
# image for a PC): UK_IMAGE_MEDIA names them, UK_IMAGE_MEDIA_CMD makes
# them all at once from what UK_IMAGE_MEDIA_DEPS names besides the image.
ifneq ($(UK_IMAGE_MEDIA),)
$(UK_IMAGE_MEDIA) &: $(UK_IMAGE) $(UK_IMAGE_MEDIA_DEPS)
	$(call msg,MEDIA,$(notdir $(UK_IMAGE_MEDIA)))
	$(Q)$(UK_IMAGE_MEDIA_CMD)
all: $(UK_IMAGE_MEDIA)
endif

size: $(UK_IMAGE)
	@$(UK_SIZE) $(UK_IMAGE).dbg
	@printf 'image %s: %s bytes\n' $(UK_IMAGE) $$(wc -c < $(UK_IMAGE))

clean:
	$(call msg,CLEAN,$(UK_BUILD))
	$(Q)rm -rf $(UK_LIBDIR) $(UK_IMAGE) $(UK_IMAGE_MEDIA) $(UK_IMAGE).dbg $(UK_IMAGE).map $(UK_SYMTAB).S $(UK_SYMTAB).o
