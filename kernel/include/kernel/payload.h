/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The boot payload: what `conductor image` packs behind the kernel. A small
 * container of named modules; "roottask" (a static RISC-V ELF) is required,
 * others (a capDL spec, component ELFs) are for the root task to find.
 *
 *   0  magic "CNDPAYLD"      8  u32 version (1)   12 u32 module count
 *  16  u64 total size       24  module table: count x { char name[32];
 *                                u64 offset; u64 size } (offsets from the
 *                                payload start, each 4 KiB aligned)
 * All integers little-endian. Pure logic: the kernel reads it at boot, the
 * host tool writes it, the tests and fuzzers check both.
 */
#ifndef KERNEL_PAYLOAD_H
#define KERNEL_PAYLOAD_H

#include <stdbool.h>
#include <stdint.h>

#define PAYLOAD_MAGIC "CNDPAYLD"
#define PAYLOAD_VERSION 1
#define PAYLOAD_HEADER_SIZE 24
#define PAYLOAD_ENTRY_SIZE 48
#define PAYLOAD_NAME_MAX 32
#define PAYLOAD_MAX_MODULES 64
#define PAYLOAD_ALIGN 4096

struct payload_module {
    char name[PAYLOAD_NAME_MAX];   /* NUL-terminated */
    uint64_t offset;
    uint64_t size;
};

struct payload_error {
    char message[128];
};

/* Checks the container at `blob` (at most `size` bytes): magic, version,
 * module table and every module inside total size, names NUL-terminated and
 * unique, total size <= size. Returns the module count, or -1 with `err`. */
int payload_check(const void *blob, uint64_t size, struct payload_error *err);

/* Reads entry `i` of a container that payload_check accepted. */
void payload_module_at(const void *blob, uint32_t i, struct payload_module *out);

/* Finds a module by name in a checked container; false if absent. */
bool payload_find(const void *blob, const char *name, struct payload_module *out);

#endif
