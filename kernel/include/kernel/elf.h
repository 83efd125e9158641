/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Validation of a static RISC-V ELF64 executable: the one ELF reader of
 * Conductor. The kernel checks the root task with it, the host image tool
 * and the capDL compiler their inputs, and libconductor-cap compiles its own
 * copy (under cnd_-prefixed names, conductor/elf_names.h) for the processes
 * it loads, so every loader accepts and refuses exactly the same files.
 * Everything is bounds-checked against the blob; a refusal says where and
 * why, as a problem code (for programs) and a message (for people). Pure
 * logic: no allocation, no hardware.
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdbool.h>
#include <stdint.h>

#define ELF_ERROR_MAX 128
#define ELF_MAX_SEGMENTS 16

/* Segment permission bits (p_flags). */
#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

struct elf_segment {
    uint64_t vaddr;
    uint64_t memsz;
    uint64_t offset;   /* of the file bytes in the blob */
    uint64_t filesz;
    uint32_t flags;    /* ELF_PF_* */
};

struct elf_image {
    uint64_t entry;
    uint64_t vstart;   /* lowest vaddr of a loadable segment, rounded down to 4 KiB */
    uint64_t vend;     /* highest vaddr + memsz, rounded up to 4 KiB */
    uint32_t n_segments;
    struct elf_segment segments[ELF_MAX_SEGMENTS];   /* PT_LOAD with memsz != 0, in file order */
};

/* Why a file was refused. The values are also libconductor-cap's public
 * enum cnd_elf_problem (conductor/elf.h asserts they agree). */
enum elf_problem {
    ELF_OK = 0,
    ELF_TOO_SMALL,             /* where = file size */
    ELF_BAD_MAGIC,
    ELF_NOT_64BIT,             /* where = EI_CLASS */
    ELF_NOT_LITTLE_ENDIAN,     /* where = EI_DATA */
    ELF_NOT_RISCV,             /* where = e_machine */
    ELF_NOT_EXECUTABLE,        /* where = e_type */
    ELF_BAD_PHDRS,             /* where = e_phentsize (wrong size) or e_phoff (outside the file) */
    ELF_SEGMENT_OUTSIDE_FILE,  /* where = program header index */
    ELF_SEGMENT_BAD_SIZE,      /* where = index: p_filesz > p_memsz */
    ELF_SEGMENT_BAD_ADDRESS,   /* where = index: wraps, or reaches the user address limit */
    ELF_NO_SEGMENTS,           /* no PT_LOAD segment with memory */
    ELF_BAD_ENTRY,             /* where = entry: not inside an executable loadable segment */
    ELF_SEGMENTS_OVERLAP,      /* where = index of the later of two overlapping segments */
    ELF_TOO_MANY_SEGMENTS,     /* where = index of the first one past ELF_MAX_SEGMENTS */
    ELF_NUM_PROBLEMS
};

struct elf_error {
    enum elf_problem problem;
    uint64_t where;
    char message[ELF_ERROR_MAX];
};

/*
 * Checks that the `size` bytes at `blob` are a little-endian ELF64 RISC-V
 * executable (ET_EXEC) with at most ELF_MAX_SEGMENTS loadable segments, each
 * inside the file, not overlapping another and below `user_top`, and an
 * entry point inside an executable one. Other program headers (PT_TLS,
 * PT_GNU_STACK, RISC-V attributes) are not loaded and not checked.
 * `user_top` must be 4 KiB aligned. Fills `out` and returns true, or returns
 * false with `err` saying what is wrong.
 */
bool elf_parse(const void *blob, uint64_t size, uint64_t user_top, struct elf_image *out,
               struct elf_error *err);

#endif
