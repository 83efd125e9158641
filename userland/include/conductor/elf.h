/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: reading static RISC-V ELF executables, for loading them
 * as processes (cnd_create_process in <conductor/process.h> uses this).
 * Only what a loader needs: the header checks and the PT_LOAD segments.
 * The checks are the kernel's own (kernel/boot/elf.c, compiled into the
 * library), so a file the kernel or the capDL compiler refuses is refused
 * here for the same reason. Images are untrusted input: every offset and size is checked against the
 * file before use, and a refusal says exactly why (CND_ERR_BAD_ELF with an
 * enum cnd_elf_problem in detail word 0).
 */
#ifndef CONDUCTOR_ELF_H
#define CONDUCTOR_ELF_H

#include <stdint.h>
#include <conductor/invoke.h>

/* Why an image was refused (detail word 0 of CND_ERR_BAD_ELF). */
enum cnd_elf_problem {
    CND_ELF_TOO_SMALL = 1,        /* shorter than an ELF header */
    CND_ELF_BAD_MAGIC,            /* no \x7fELF */
    CND_ELF_NOT_64BIT,            /* not ELFCLASS64 */
    CND_ELF_NOT_LITTLE_ENDIAN,    /* not ELFDATA2LSB */
    CND_ELF_NOT_RISCV,            /* e_machine is not EM_RISCV (243) */
    CND_ELF_NOT_EXECUTABLE,       /* e_type is not ET_EXEC (static executables only) */
    CND_ELF_BAD_PHDRS,            /* detail1 = e_phentsize (not 56) or e_phoff (outside the file) */
    CND_ELF_SEGMENT_OUTSIDE_FILE, /* detail1 = segment: its bytes are past the file end */
    CND_ELF_SEGMENT_BAD_SIZE,     /* detail1 = segment: p_filesz > p_memsz */
    CND_ELF_SEGMENT_BAD_ADDRESS,  /* detail1 = segment: wraps, or reaches CND_USER_TOP */
    CND_ELF_NO_SEGMENTS,          /* no PT_LOAD segment with memory (or no program headers) */
    CND_ELF_BAD_ENTRY,            /* detail1 = entry: not inside an executable segment */
    CND_ELF_SEGMENTS_OVERLAP,     /* detail1 = segment: overlaps an earlier one */
    CND_ELF_TOO_MANY_SEGMENTS,    /* detail1 = segment: past CND_ELF_MAX_SEGMENTS */
    CND_ELF_NUM_PROBLEMS
};

/* At most this many loadable segments (PT_LOAD with p_memsz > 0). */
#define CND_ELF_MAX_SEGMENTS 16

/* Segment permission bits (p_flags). */
#define CND_ELF_PF_X 1u
#define CND_ELF_PF_W 2u
#define CND_ELF_PF_R 4u

/* What a checked image contains. */
struct cnd_elf_info {
    cnd_vaddr_t entry;
    cnd_vaddr_t lo, hi;     /* lowest and highest+1 address of its segments */
    unsigned n_segments;    /* PT_LOAD segments with p_memsz > 0 */
    unsigned pages;         /* distinct 4 KiB pages the segments touch */
};

/* One loadable segment. `data` points into the image (filesz bytes). */
struct cnd_elf_segment {
    cnd_vaddr_t vaddr;
    cnd_word_t memsz, filesz;
    const uint8_t *data;
    unsigned flags;         /* CND_ELF_PF_* */
};

/*
 * Checks `elf` (size bytes, any alignment) as a static riscv64 executable
 * with at most CND_ELF_MAX_SEGMENTS loadable segments, each inside the file
 * and user space and not overlapping another, and its entry point in an
 * executable one; fills *info. Errors: CND_ERR_BAD_ELF with the problem
 * and the segment index (or entry address, or header field) concerned.
 */
struct cnd_result cnd_elf_check(const void *elf, size_t size, struct cnd_elf_info *info);

/* The i-th loadable segment (0 <= i < info.n_segments) of an image
 * cnd_elf_check accepted, into *seg. Errors: false if there is no such
 * segment (*seg untouched). */
bool cnd_elf_segment(const void *elf, size_t size, unsigned i, struct cnd_elf_segment *seg);

/* A short English description of a problem ("a segment is past the end of
 * the file"). Errors: "unknown problem" for values outside the enum. */
const char *cnd_elf_problem_string(cnd_word_t problem);

#endif /* CONDUCTOR_ELF_H */
