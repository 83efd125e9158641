/* SPDX-License-Identifier: BSD-2-Clause */
/* The library's copy of the ELF reader, named as libconductor-cap compiles
 * it (conductor/elf_names.h), for userland/lib/elf.c in this host binary;
 * its messages go through the kernel's formatter linked here instead of the
 * library's cnd_snprintf (the library's printf needs the target runtime). */
#include <conductor/elf_names.h>
#undef ksnprintf
#include "../../../kernel/boot/elf.c"
