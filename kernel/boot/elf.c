/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 executable validation (see elf.h). Reads fields byte by byte: the blob
 * may be unaligned and must never be trusted. */
#include <kernel/elf.h>
#include <kernel/printf.h>

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD 1
#define ET_EXEC 2
#define EM_RISCV 243

static uint64_t rd(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

#define fail(...) (ksnprintf(err->message, sizeof err->message, __VA_ARGS__), false)

static bool check_header(const uint8_t *b, uint64_t size, struct elf_error *err)
{
    if (size < EHDR_SIZE)
        return fail("file is %lu bytes, shorter than an ELF header", (unsigned long)size);
    if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
        return fail("not an ELF file (bad magic)");
    if (b[4] != 2)
        return fail("not a 64-bit ELF (class %u)", b[4]);
    if (b[5] != 1)
        return fail("not little-endian (data encoding %u)", b[5]);
    if (rd(b + 18, 2) != EM_RISCV)
        return fail("machine %lu is not RISC-V (243)", (unsigned long)rd(b + 18, 2));
    if (rd(b + 16, 2) != ET_EXEC)
        return fail("type %lu is not a static executable (ET_EXEC)", (unsigned long)rd(b + 16, 2));
    if (rd(b + 54, 2) != PHDR_SIZE)
        return fail("program header size %lu, expected 56", (unsigned long)rd(b + 54, 2));
    return true;
}

static bool overlaps(const struct elf_segment *a, const struct elf_segment *b)
{
    return a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz;
}

bool elf_parse(const void *blob, uint64_t size, uint64_t user_top, struct elf_image *out,
               struct elf_error *err)
{
    const uint8_t *b = blob;
    if (!check_header(b, size, err))
        return false;
    uint64_t phoff = rd(b + 32, 8), phnum = rd(b + 56, 2);
    if (phnum == 0)
        return fail("no program headers");
    if (phoff > size || phnum * PHDR_SIZE > size - phoff)
        return fail("program headers [%#lx, +%lu*56) run past the end of the file (%lu bytes)",
                    (unsigned long)phoff, (unsigned long)phnum, (unsigned long)size);

    out->entry = rd(b + 24, 8);
    out->n_segments = 0;
    out->vstart = UINT64_MAX;
    out->vend = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = b + phoff + i * PHDR_SIZE;
        uint64_t type = rd(ph, 4), memsz = rd(ph + 40, 8);
        if (memsz == 0)
            continue;
        struct elf_segment s = {
            .flags = (uint32_t)rd(ph + 4, 4),
            .offset = rd(ph + 8, 8),
            .vaddr = rd(ph + 16, 8),
            .filesz = rd(ph + 32, 8),
            .memsz = memsz,
        };
        if (s.vaddr >= user_top || s.memsz > user_top - s.vaddr)
            return fail("segment %lu [%#lx, +%#lx) is not below the user address limit %#lx",
                        (unsigned long)i, (unsigned long)s.vaddr, (unsigned long)s.memsz,
                        (unsigned long)user_top);
        if (type != PT_LOAD) {
            /* Counted in the image extent like seL4's loader does, but not
             * loaded: such segments lie inside PT_LOAD ones in practice. */
        } else {
            if (s.filesz > s.memsz)
                return fail("segment %lu: file size %#lx exceeds memory size %#lx",
                            (unsigned long)i, (unsigned long)s.filesz, (unsigned long)s.memsz);
            if (s.offset > size || s.filesz > size - s.offset)
                return fail("segment %lu: file bytes [%#lx, +%#lx) run past the end of the file",
                            (unsigned long)i, (unsigned long)s.offset, (unsigned long)s.filesz);
            for (uint32_t k = 0; k < out->n_segments; k++)
                if (overlaps(&s, &out->segments[k]))
                    return fail("segment %lu overlaps an earlier loadable segment", (unsigned long)i);
            if (out->n_segments == ELF_MAX_SEGMENTS)
                return fail("more than %d loadable segments", ELF_MAX_SEGMENTS);
            out->segments[out->n_segments++] = s;
        }
        if (s.vaddr < out->vstart)
            out->vstart = s.vaddr;
        if (s.vaddr + s.memsz > out->vend)
            out->vend = s.vaddr + s.memsz;
    }
    if (out->n_segments == 0)
        return fail("no loadable segment");
    if (out->vstart & 0xfff)
        return fail("image start %#lx is not 4 KiB aligned", (unsigned long)out->vstart);
    out->vend = (out->vend + 0xfff) & ~(uint64_t)0xfff;
    for (uint32_t k = 0; k < out->n_segments; k++) {
        const struct elf_segment *s = &out->segments[k];
        if (out->entry >= s->vaddr && out->entry < s->vaddr + s->memsz)
            return true;
    }
    return fail("entry point %#lx is not inside a loadable segment", (unsigned long)out->entry);
}
