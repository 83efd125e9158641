/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: files embedded in the program at build time.
 *
 * The CMake helper conductor_embed_files(TARGET t FILES ...) links files
 * (typically the ELF images of components) into program t with .incbin and
 * records each in a table: name, address, size. These functions look the
 * table up. Embedded data is read-only and lives as long as the program.
 */
#ifndef CONDUCTOR_EMBED_H
#define CONDUCTOR_EMBED_H

#include <stddef.h>

struct cnd_embedded_file {
    const char *name;    /* as given to conductor_embed_files (NUL-terminated) */
    const void *data;    /* 16-byte aligned */
    size_t size;
};

_Static_assert(sizeof(struct cnd_embedded_file) == 24,
               "the table layout conductor_embed_files writes (.dword name, data, size)");

/* The file embedded under `name` (exact match). Errors: NULL if there is
 * none. */
const struct cnd_embedded_file *cnd_embedded_find(const char *name);

/* How many files are embedded, and the i-th in link order. Errors: none;
 * cnd_embedded_at gives NULL past the end. */
size_t cnd_embedded_count(void);
const struct cnd_embedded_file *cnd_embedded_at(size_t i);

#endif /* CONDUCTOR_EMBED_H */
