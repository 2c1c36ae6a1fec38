/* SPDX-License-Identifier: MIT */
/*
 * The parts of the ELF-64 format (System V gABI, x86-64 psABI) the loader
 * reads, and the auxiliary vector entries it writes.
 */
#ifndef ELFLOADER_ELF64_H
#define ELFLOADER_ELF64_H

#include <stdint.h>

struct elf64_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define ET_EXEC      2
#define ET_DYN       3
#define EM_X86_64    62

#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_INTERP    3
#define PT_PHDR      6
#define PT_TLS       7

#define PF_X         1
#define PF_W         2
#define PF_R         4

/* Auxiliary vector types (Linux's include/uapi/linux/auxvec.h). */
#define AT_NULL      0
#define AT_PHDR      3
#define AT_PHENT     4
#define AT_PHNUM     5
#define AT_PAGESZ    6
#define AT_BASE      7
#define AT_FLAGS     8
#define AT_ENTRY     9
#define AT_UID       11
#define AT_EUID      12
#define AT_GID       13
#define AT_EGID      14
#define AT_PLATFORM  15
#define AT_HWCAP     16
#define AT_CLKTCK    17
#define AT_SECURE    23
#define AT_RANDOM    25
#define AT_HWCAP2    26
#define AT_EXECFN    31

#endif
