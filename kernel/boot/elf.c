/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 executable validation (see elf.h). Reads fields byte by byte: the blob
 * may be unaligned (an .incbin in rodata is only 8-byte aligned) and must
 * never be trusted. */
#include <kernel/elf.h>
#include <kernel/printf.h>

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD 1
#define ET_EXEC 2
#define EM_RISCV 243
#define PAGE_MASK 0xfffull

static uint64_t rd(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* Records the problem and the message, and evaluates to false. */
#define fail(p, w, ...)                                                       \
    (err->problem = (p), err->where = (w),                                    \
     ksnprintf(err->message, sizeof err->message, __VA_ARGS__), false)

static bool check_header(const uint8_t *b, uint64_t size, struct elf_error *err)
{
    if (size < EHDR_SIZE)
        return fail(ELF_TOO_SMALL, size, "file is %lu bytes, shorter than an ELF header",
                    (unsigned long)size);
    if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
        return fail(ELF_BAD_MAGIC, 0, "not an ELF file (bad magic)");
    if (b[4] != 2)
        return fail(ELF_NOT_64BIT, b[4], "not a 64-bit ELF (class %u)", b[4]);
    if (b[5] != 1)
        return fail(ELF_NOT_LITTLE_ENDIAN, b[5], "not little-endian (data encoding %u)", b[5]);
    if (rd(b + 18, 2) != EM_RISCV)
        return fail(ELF_NOT_RISCV, rd(b + 18, 2), "machine %lu is not RISC-V (243)",
                    (unsigned long)rd(b + 18, 2));
    if (rd(b + 16, 2) != ET_EXEC)
        return fail(ELF_NOT_EXECUTABLE, rd(b + 16, 2),
                    "type %lu is not a static executable (ET_EXEC)", (unsigned long)rd(b + 16, 2));
    return true;
}

static bool overlaps(const struct elf_segment *a, const struct elf_segment *b)
{
    return a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz;
}

/* Program header i's loadable segment *s, checked on its own; false with
 * *err set if it is unusable. */
static bool check_segment(uint64_t size, uint64_t user_top, uint64_t i, const struct elf_segment *s,
                          struct elf_error *err)
{
    if (s->filesz > s->memsz)
        return fail(ELF_SEGMENT_BAD_SIZE, i, "segment %lu: file size %#lx exceeds memory size %#lx",
                    (unsigned long)i, (unsigned long)s->filesz, (unsigned long)s->memsz);
    if (s->offset > size || s->filesz > size - s->offset)
        return fail(ELF_SEGMENT_OUTSIDE_FILE, i,
                    "segment %lu: file bytes [%#lx, +%#lx) run past the end of the file",
                    (unsigned long)i, (unsigned long)s->offset, (unsigned long)s->filesz);
    if (s->vaddr >= user_top || s->memsz > user_top - s->vaddr)
        return fail(ELF_SEGMENT_BAD_ADDRESS, i,
                    "segment %lu [%#lx, +%#lx) is not below the user address limit %#lx",
                    (unsigned long)i, (unsigned long)s->vaddr, (unsigned long)s->memsz,
                    (unsigned long)user_top);
    return true;
}

bool elf_parse(const void *blob, uint64_t size, uint64_t user_top, struct elf_image *out,
               struct elf_error *err)
{
    const uint8_t *b = blob;
    err->problem = ELF_OK;
    err->where = 0;
    err->message[0] = 0;
    if (!check_header(b, size, err))
        return false;
    uint64_t phoff = rd(b + 32, 8), phnum = rd(b + 56, 2);
    if (phnum == 0)
        return fail(ELF_NO_SEGMENTS, 0, "no program headers, so nothing to load");
    if (rd(b + 54, 2) != PHDR_SIZE)
        return fail(ELF_BAD_PHDRS, rd(b + 54, 2), "program header size %lu, expected 56",
                    (unsigned long)rd(b + 54, 2));
    if (phoff > size || phnum * PHDR_SIZE > size - phoff)
        return fail(ELF_BAD_PHDRS, phoff,
                    "program headers [%#lx, +%lu*56) run past the end of the file (%lu bytes)",
                    (unsigned long)phoff, (unsigned long)phnum, (unsigned long)size);

    out->entry = rd(b + 24, 8);
    out->n_segments = 0;
    out->vstart = UINT64_MAX;
    out->vend = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = b + phoff + i * PHDR_SIZE;
        struct elf_segment s = {
            .flags = (uint32_t)rd(ph + 4, 4),
            .offset = rd(ph + 8, 8),
            .vaddr = rd(ph + 16, 8),
            .filesz = rd(ph + 32, 8),
            .memsz = rd(ph + 40, 8),
        };
        /* Only PT_LOAD segments with memory are loaded: the others (TLS
         * templates, stack flags, attributes) describe parts of those or
         * nothing at all. */
        if (rd(ph, 4) != PT_LOAD || s.memsz == 0)
            continue;
        if (!check_segment(size, user_top, i, &s, err))
            return false;
        for (uint32_t k = 0; k < out->n_segments; k++)
            if (overlaps(&s, &out->segments[k]))
                return fail(ELF_SEGMENTS_OVERLAP, i,
                            "segment %lu overlaps an earlier loadable segment", (unsigned long)i);
        if (out->n_segments == ELF_MAX_SEGMENTS)
            return fail(ELF_TOO_MANY_SEGMENTS, i, "more than %d loadable segments",
                        ELF_MAX_SEGMENTS);
        out->segments[out->n_segments++] = s;
        if (s.vaddr < out->vstart)
            out->vstart = s.vaddr;
        if (s.vaddr + s.memsz > out->vend)
            out->vend = s.vaddr + s.memsz;
    }
    if (out->n_segments == 0)
        return fail(ELF_NO_SEGMENTS, 0, "no loadable segment");
    /* Loaders map whole pages; the bytes around the segments read as zero.
     * (vend <= user_top, which is page aligned, so rounding up cannot wrap.) */
    out->vstart &= ~PAGE_MASK;
    out->vend = (out->vend + PAGE_MASK) & ~PAGE_MASK;
    for (uint32_t k = 0; k < out->n_segments; k++) {
        const struct elf_segment *s = &out->segments[k];
        if ((s->flags & ELF_PF_X) && out->entry >= s->vaddr && out->entry - s->vaddr < s->memsz)
            return true;
    }
    return fail(ELF_BAD_ENTRY, out->entry,
                "entry point %#lx is not inside an executable loadable segment",
                (unsigned long)out->entry);
}
