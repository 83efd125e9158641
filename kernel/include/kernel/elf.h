/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Validation of a static RISC-V ELF64 executable (the root task and, later,
 * the components a loader starts). Everything is bounds-checked against the
 * blob; a bad file gets a message saying where and why. Pure logic, shared by
 * the kernel, the host image tool and the host tests/fuzzers.
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdbool.h>
#include <stdint.h>

#define ELF_ERROR_MAX 128
#define ELF_MAX_SEGMENTS 16

struct elf_segment {
    uint64_t vaddr;
    uint64_t memsz;
    uint64_t offset;   /* of the file bytes in the blob */
    uint64_t filesz;
    uint32_t flags;    /* PF_R 4, PF_W 2, PF_X 1 */
};

struct elf_image {
    uint64_t entry;
    uint64_t vstart;   /* lowest vaddr of a segment with memsz != 0 (page aligned) */
    uint64_t vend;     /* highest vaddr + memsz, rounded up to 4 KiB */
    uint32_t n_segments;
    struct elf_segment segments[ELF_MAX_SEGMENTS];   /* PT_LOAD, in file order */
};

struct elf_error {
    char message[ELF_ERROR_MAX];
};

/*
 * Checks that the `size` bytes at `blob` are a little-endian ELF64 RISC-V
 * executable (ET_EXEC) whose PT_LOAD segments lie inside the file, do not
 * overlap each other, lie below `user_top` and start on a 4 KiB aligned
 * image, with the entry point inside a loaded segment. Fills `out` and
 * returns true, or returns false with `err` saying what is wrong.
 */
bool elf_parse(const void *blob, uint64_t size, uint64_t user_top, struct elf_image *out,
               struct elf_error *err);

#endif
