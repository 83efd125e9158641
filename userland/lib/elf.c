/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF64 checks for the process loader (see conductor/elf.h). The image may
 * sit anywhere (an .incbin in the root task's rodata is only 8-byte aligned,
 * a file read elsewhere may not be aligned at all), so every field is read
 * byte by byte, little-endian, instead of through struct pointers.
 */
#include <abi/constants.h>
#include <abi/vm.h>
#include <conductor/elf.h>
#include <conductor/error.h>

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD 1
#define ET_EXEC 2
#define EM_RISCV 243

static uint64_t le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* The raw fields of program header i. */
struct phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz;
};

static void read_phdr(const uint8_t *b, uint64_t phoff, unsigned i, struct phdr *ph)
{
    const uint8_t *p = b + phoff + (uint64_t)i * PHDR_SIZE;
    ph->type = (uint32_t)le(p, 4);
    ph->flags = (uint32_t)le(p + 4, 4);
    ph->offset = le(p + 8, 8);
    ph->vaddr = le(p + 16, 8);
    ph->filesz = le(p + 32, 8);
    ph->memsz = le(p + 40, 8);
}

static struct cnd_result bad(enum cnd_elf_problem p, cnd_word_t where)
{
    return cnd_lib_error(CND_ERR_BAD_ELF, p, where);
}

/* Header checks; on success *phoff and *phnum describe the program headers. */
static struct cnd_result check_header(const uint8_t *b, size_t size, uint64_t *phoff,
                                      unsigned *phnum)
{
    if (size < EHDR_SIZE)
        return bad(CND_ELF_TOO_SMALL, size);
    if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
        return bad(CND_ELF_BAD_MAGIC, 0);
    if (b[4] != 2)
        return bad(CND_ELF_NOT_64BIT, b[4]);
    if (b[5] != 1)
        return bad(CND_ELF_NOT_LITTLE_ENDIAN, b[5]);
    if (le(b + 16, 2) != ET_EXEC)
        return bad(CND_ELF_NOT_EXECUTABLE, le(b + 16, 2));
    if (le(b + 18, 2) != EM_RISCV)
        return bad(CND_ELF_NOT_RISCV, le(b + 18, 2));
    *phoff = le(b + 32, 8);
    *phnum = (unsigned)le(b + 56, 2);
    uint64_t entsize = le(b + 54, 2);
    if (*phnum > 0 && entsize != PHDR_SIZE)
        return bad(CND_ELF_BAD_PHDRS, entsize);
    if (*phoff > size || (size - *phoff) / PHDR_SIZE < *phnum)
        return bad(CND_ELF_BAD_PHDRS, *phoff);
    return cnd_ok();
}

struct cnd_result cnd_elf_check(const void *elf, size_t size, struct cnd_elf_info *info)
{
    const uint8_t *b = elf;
    uint64_t phoff;
    unsigned phnum;
    struct cnd_result r = check_header(b, size, &phoff, &phnum);
    if (!cnd_result_ok(r))
        return r;
    info->entry = le(b + 24, 8);
    info->lo = ~(cnd_vaddr_t)0;
    info->hi = 0;
    info->n_segments = 0;
    info->pages = 0;
    bool entry_ok = false;
    cnd_vaddr_t last_page = ~(cnd_vaddr_t)0;
    for (unsigned i = 0; i < phnum; i++) {
        struct phdr ph;
        read_phdr(b, phoff, i, &ph);
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        if (ph.offset > size || size - ph.offset < ph.filesz)
            return bad(CND_ELF_SEGMENT_OUTSIDE_FILE, i);
        if (ph.filesz > ph.memsz)
            return bad(CND_ELF_SEGMENT_BAD_SIZE, i);
        if (ph.vaddr >= CND_USER_TOP || CND_USER_TOP - ph.vaddr < ph.memsz)
            return bad(CND_ELF_SEGMENT_BAD_ADDRESS, i);
        cnd_vaddr_t end = ph.vaddr + ph.memsz;
        if ((ph.flags & CND_ELF_PF_X) && info->entry >= ph.vaddr && info->entry < end)
            entry_ok = true;
        /* Pages: segments come sorted by address (the ELF rule for
         * PT_LOAD), so only a page shared with the previous one repeats. */
        cnd_vaddr_t first = ph.vaddr & ~(CND_PAGE_SIZE - 1);
        cnd_vaddr_t last = (end - 1) & ~(CND_PAGE_SIZE - 1);
        info->pages += (unsigned)((last - first) / CND_PAGE_SIZE + 1);
        if (first == last_page)
            info->pages--;
        last_page = last;
        if (ph.vaddr < info->lo)
            info->lo = ph.vaddr;
        if (end > info->hi)
            info->hi = end;
        info->n_segments++;
    }
    if (info->n_segments == 0)
        return bad(CND_ELF_NO_SEGMENTS, 0);
    if (!entry_ok)
        return bad(CND_ELF_BAD_ENTRY, info->entry);
    return cnd_ok();
}

bool cnd_elf_segment(const void *elf, size_t size, unsigned i, struct cnd_elf_segment *seg)
{
    const uint8_t *b = elf;
    uint64_t phoff;
    unsigned phnum;
    if (!cnd_result_ok(check_header(b, size, &phoff, &phnum)))
        return false;
    for (unsigned k = 0; k < phnum; k++) {
        struct phdr ph;
        read_phdr(b, phoff, k, &ph);
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        if (i-- != 0)
            continue;
        if (ph.offset > size || size - ph.offset < ph.filesz || ph.filesz > ph.memsz)
            return false;
        seg->vaddr = ph.vaddr;
        seg->memsz = ph.memsz;
        seg->filesz = ph.filesz;
        seg->data = b + ph.offset;
        seg->flags = ph.flags;
        return true;
    }
    return false;
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
    default: return "unknown problem";
    }
}
