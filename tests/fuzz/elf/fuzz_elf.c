/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the ELF reader (kernel/boot/elf.c, elf_parse) as the
 * kernel uses it for the root task and as libconductor-cap presents it
 * (userland/lib/elf.c: cnd_elf_check + cnd_elf_segment over its own copy of
 * the reader). Besides the sanitizers' findings, an
 * accepted image that breaks what the loader promises its caller is a
 * finding too (abort): segments inside the file, file size within memory
 * size, below the user top, not overlapping, the entry inside an
 * executable segment, the library's page count exact. Seeds: seeds/ (make_seeds.py); crashes found are kept in
 * regressions/ and replayed by the fuzz.elf test.
 */
#include <stdint.h>
#include <stdlib.h>

#include <kernel/elf.h>
#include <abi/constants.h>
#include <conductor/elf.h>
#include <conductor/error.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_kernel(const uint8_t *data, size_t size)
{
    struct elf_image img;
    struct elf_error err;
    if (!elf_parse(data, size, CND_USER_TOP, &img, &err))
        return;
    if (img.n_segments == 0 || img.n_segments > ELF_MAX_SEGMENTS)
        abort();
    if (img.vstart % 4096 != 0 || img.vend % 4096 != 0 || img.vstart >= img.vend ||
        img.vend > CND_USER_TOP)
        abort();
    bool entry_ok = false;
    for (uint32_t i = 0; i < img.n_segments; i++) {
        const struct elf_segment *s = &img.segments[i];
        if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset)
            abort();
        if (s->memsz != 0 && (s->vaddr < img.vstart || s->vaddr + s->memsz > img.vend ||
                              s->vaddr + s->memsz < s->vaddr))
            abort();
        if ((s->flags & ELF_PF_X) && img.entry >= s->vaddr && img.entry - s->vaddr < s->memsz)
            entry_ok = true;
        for (uint32_t j = 0; j < i; j++) {
            const struct elf_segment *t = &img.segments[j];
            if (s->memsz && t->memsz && s->vaddr < t->vaddr + t->memsz &&
                t->vaddr < s->vaddr + s->memsz)
                abort();
        }
    }
    if (!entry_ok)
        abort();
}

static void check_library(const uint8_t *data, size_t size)
{
    struct cnd_elf_info info;
    if (cnd_elf_check(data, size, &info).error != CND_NO_ERROR)
        return;
    if (info.n_segments == 0 || info.lo >= info.hi || info.hi > CND_USER_TOP)
        abort();
    bool entry_ok = false;
    struct cnd_elf_segment seg;
    unsigned n = 0;
    for (unsigned i = 0; cnd_elf_segment(data, size, i, &seg); i++) {
        if (seg.filesz > seg.memsz)
            abort();
        if (seg.filesz && (seg.data < data || seg.data > data + size ||
                           seg.filesz > (size_t)(data + size - seg.data)))
            abort();
        if (seg.vaddr < info.lo || seg.vaddr + seg.memsz > info.hi)
            abort();
        /* The library only promises that the entry is in an executable
         * segment. */
        if ((seg.flags & CND_ELF_PF_X) && info.entry >= seg.vaddr &&
            info.entry - seg.vaddr < seg.memsz)
            entry_ok = true;
        /* Touch every byte the loader would copy: ASan checks the bounds. */
        volatile uint8_t sink = 0;
        for (cnd_word_t k = 0; k < seg.filesz; k++)
            sink ^= seg.data[k];
        (void)sink;
        n++;
    }
    if (n != info.n_segments || !entry_ok)
        abort();
}

/* The kernel and the library must accept the same files and refuse the
 * others for the same reason (one reader, two faces). */
static void check_agree(const uint8_t *data, size_t size)
{
    struct elf_image img;
    struct elf_error err;
    struct cnd_elf_info info;
    bool kernel_ok = elf_parse(data, size, CND_USER_TOP, &img, &err);
    struct cnd_result r = cnd_elf_check(data, size, &info);
    if (kernel_ok != (r.error == CND_NO_ERROR))
        abort();
    if (!kernel_ok && (r.error != (cnd_error_t)CND_ERR_BAD_ELF || r.detail[0] != err.problem ||
                       r.detail[1] != err.where || err.message[0] == 0))
        abort();
    if (kernel_ok && (info.n_segments != img.n_segments || info.entry != img.entry))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_kernel(data, size);
    check_library(data, size);
    check_agree(data, size);
    return 0;
}
