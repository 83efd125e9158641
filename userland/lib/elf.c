/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF images for the process loader (see conductor/elf.h): the checks are
 * the kernel's ELF reader (kernel/boot/elf.c), which the library compiles
 * under cnd_ names (conductor/elf_names.h); this file turns its result into
 * the library's types and error codes.
 */
#include <conductor/elf_names.h>
#include <kernel/elf.h>
#include <abi/constants.h>
#include <abi/vm.h>
#include <conductor/elf.h>
#include <conductor/error.h>

/* The library's problem codes are the reader's (one list, two names; as
 * ints: two enum types). */
#define SAME_PROBLEM(p) _Static_assert((int)CND_ELF_##p == (int)ELF_##p, "problem " #p " differs")
SAME_PROBLEM(TOO_SMALL);
SAME_PROBLEM(BAD_MAGIC);
SAME_PROBLEM(NOT_64BIT);
SAME_PROBLEM(NOT_LITTLE_ENDIAN);
SAME_PROBLEM(NOT_RISCV);
SAME_PROBLEM(NOT_EXECUTABLE);
SAME_PROBLEM(BAD_PHDRS);
SAME_PROBLEM(SEGMENT_OUTSIDE_FILE);
SAME_PROBLEM(SEGMENT_BAD_SIZE);
SAME_PROBLEM(SEGMENT_BAD_ADDRESS);
SAME_PROBLEM(NO_SEGMENTS);
SAME_PROBLEM(BAD_ENTRY);
SAME_PROBLEM(SEGMENTS_OVERLAP);
SAME_PROBLEM(TOO_MANY_SEGMENTS);
SAME_PROBLEM(NUM_PROBLEMS);
_Static_assert(CND_ELF_MAX_SEGMENTS == ELF_MAX_SEGMENTS, "segment limits differ");
_Static_assert(CND_ELF_PF_X == ELF_PF_X && CND_ELF_PF_W == ELF_PF_W && CND_ELF_PF_R == ELF_PF_R,
               "segment flags differ");

static struct cnd_result parse(const void *elf, size_t size, struct elf_image *img)
{
    struct elf_error err;
    if (!elf_parse(elf, size, CND_USER_TOP, img, &err))
        return cnd_lib_error(CND_ERR_BAD_ELF, err.problem, err.where);
    return cnd_ok();
}

/* Whether page `page` is touched by one of the first n segments. */
static bool page_seen(const struct elf_image *img, uint32_t n, cnd_vaddr_t page)
{
    for (uint32_t j = 0; j < n; j++) {
        const struct elf_segment *s = &img->segments[j];
        if (page >= (s->vaddr & ~(CND_PAGE_SIZE - 1)) && page <= s->vaddr + s->memsz - 1)
            return true;
    }
    return false;
}

struct cnd_result cnd_elf_check(const void *elf, size_t size, struct cnd_elf_info *info)
{
    struct elf_image img;
    struct cnd_result r = parse(elf, size, &img);
    if (!cnd_result_ok(r))
        return r;
    info->entry = img.entry;
    info->lo = ~(cnd_vaddr_t)0;
    info->hi = 0;
    info->n_segments = img.n_segments;
    info->pages = 0;
    for (uint32_t k = 0; k < img.n_segments; k++) {
        const struct elf_segment *s = &img.segments[k];
        cnd_vaddr_t end = s->vaddr + s->memsz;
        cnd_vaddr_t first = s->vaddr & ~(CND_PAGE_SIZE - 1);
        cnd_vaddr_t last = (end - 1) & ~(CND_PAGE_SIZE - 1);
        /* Segments do not overlap, so only a segment's first and last page
         * can also hold another one: count each page for the first segment
         * (in file order) that touches it. */
        info->pages += (unsigned)((last - first) / CND_PAGE_SIZE + 1);
        if (page_seen(&img, k, first))
            info->pages--;
        if (last != first && page_seen(&img, k, last))
            info->pages--;
        if (s->vaddr < info->lo)
            info->lo = s->vaddr;
        if (end > info->hi)
            info->hi = end;
    }
    return cnd_ok();
}

bool cnd_elf_segment(const void *elf, size_t size, unsigned i, struct cnd_elf_segment *seg)
{
    struct elf_image img;
    if (!cnd_result_ok(parse(elf, size, &img)) || i >= img.n_segments)
        return false;
    const struct elf_segment *s = &img.segments[i];
    seg->vaddr = s->vaddr;
    seg->memsz = s->memsz;
    seg->filesz = s->filesz;
    seg->data = (const uint8_t *)elf + s->offset;
    seg->flags = s->flags;
    return true;
}

const char *cnd_elf_problem_string(cnd_word_t problem)
{
    switch (problem) {
    case CND_ELF_TOO_SMALL: return "the file is shorter than an ELF header";
    case CND_ELF_BAD_MAGIC: return "the file does not start with the ELF magic";
    case CND_ELF_NOT_64BIT: return "not a 64-bit ELF file";
    case CND_ELF_NOT_LITTLE_ENDIAN: return "not a little-endian ELF file";
    case CND_ELF_NOT_RISCV: return "not a RISC-V executable";
    case CND_ELF_NOT_EXECUTABLE: return "not a static executable (ET_EXEC)";
    case CND_ELF_BAD_PHDRS: return "the program headers are outside the file or malformed";
    case CND_ELF_SEGMENT_OUTSIDE_FILE: return "a segment's bytes are past the end of the file";
    case CND_ELF_SEGMENT_BAD_SIZE: return "a segment has more file bytes than memory bytes";
    case CND_ELF_SEGMENT_BAD_ADDRESS: return "a segment is not inside user space";
    case CND_ELF_NO_SEGMENTS: return "there is nothing to load";
    case CND_ELF_BAD_ENTRY: return "the entry point is not in an executable segment";
    case CND_ELF_SEGMENTS_OVERLAP: return "two segments overlap";
    case CND_ELF_TOO_MANY_SEGMENTS: return "there are more loadable segments than the loader takes";
    default: return "unknown problem";
    }
}
