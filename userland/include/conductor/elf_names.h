/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap links its own copy of the kernel's ELF reader
 * (kernel/boot/elf.c, the one ELF validator of Conductor), so that the
 * library refuses exactly the files the kernel and the capDL compiler
 * refuse. Like the device-tree reader (conductor/fdt_names.h), the copy is
 * compiled under cnd_-prefixed names so that it never clashes with another
 * copy, and formats its messages with the library's own cnd_snprintf.
 * Internal to the library: programs use <conductor/elf.h>.
 */
#ifndef CONDUCTOR_ELF_NAMES_H
#define CONDUCTOR_ELF_NAMES_H

#define elf_parse cnd_elf_parse_image
#define ksnprintf cnd_snprintf
#define kprintf cnd_elf_unused_kprintf
#define kvprintf cnd_elf_unused_kvprintf
#define print_user_errors cnd_elf_unused_print_user_errors

#endif
