/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Real device trees: every .dtb file in DIR is parsed and cross-checked against the
 * libfdt reference extraction, then against what the board is known to have
 * (see tests/data/dtbs/README.md). With --expect-* options it checks given
 * files instead (the QEMU dumps made at test time).
 *
 *   test_platform_dtbs DIR
 *   test_platform_dtbs --expect-harts N --expect-memory BYTES
 *                      --expect-context MULT,ADD FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref_libfdt.h"
#include "test_util.h"

/* Every usable hart h has S-mode context mult * h + add, and only they do. */
static void expect_contexts(const struct platform_info *info, uint32_t mult,
                            uint32_t add)
{
    CHECK(info->plic.present);
    CHECK_EQ(info->plic.n_contexts, info->n_harts);
    for (uint32_t i = 0; i < info->n_harts; i++) {
        uint32_t ctx = ~0u, h = info->harts[i].hartid;
        CHECK(platform_plic_context(info, h, &ctx));
        CHECK_EQ(ctx, mult * h + add);
    }
}

static void expect_harts(const struct platform_info *info, uint32_t first,
                         uint32_t count, uint32_t isa)
{
    CHECK_EQ(info->n_harts, count);
    for (uint32_t i = 0; i < info->n_harts && i < count; i++) {
        CHECK_EQ(info->harts[i].hartid, first + i);
        CHECK_EQ(info->harts[i].isa, isa);
    }
}

static void expect_console(const struct platform_info *info,
                           enum console_kind kind, const char *compatible,
                           uint64_t base, uint32_t shift, uint32_t width,
                           uint32_t irq)
{
    CHECK_EQ(info->console.kind, kind);
    CHECK(strcmp(info->console.compatible, compatible) == 0);
    CHECK_EQ(info->console.base, base);
    CHECK_EQ(info->console.reg_shift, shift);
    CHECK_EQ(info->console.reg_io_width, width);
    CHECK_EQ(info->console.irq, irq);
}

static void expect_memory(const struct platform_info *info, uint64_t base,
                          uint64_t size)
{
    CHECK_EQ(info->n_memory, 1);
    CHECK_EQ(info->memory[0].base, base);
    CHECK_EQ(info->memory[0].size, size);
}

static bool has_reserved(const struct platform_info *info, uint64_t base,
                         uint64_t size)
{
    for (uint32_t i = 0; i < info->n_reserved; i++)
        if (info->reserved[i].base == base && info->reserved[i].size == size)
            return true;
    return false;
}

#define FD (HART_ISA_F | HART_ISA_D)
#define GiB (1ull << 30)
#define MiB (1ull << 20)

/* What each board in tests/data/dtbs is known to have. */
static void expect_board(const char *name, const struct platform_info *info)
{
    if (strstr(name, "hifive-unleashed-a00")) {
        expect_harts(info, 1, 4, FD);          /* hart 0 is the E51 */
        expect_contexts(info, 2, 0);
        expect_console(info, CONSOLE_SIFIVE_UART0, "sifive,uart0", 0x10010000,
                       0, 1, 4);
        expect_memory(info, 0x80000000, 8 * GiB);
        CHECK_EQ(info->timebase, 1000000);
    } else if (strstr(name, "jh7100")) {
        expect_harts(info, 0, 2, FD);
        expect_contexts(info, 2, 1);
        expect_console(info, CONSOLE_DW_APB_UART, "snps,dw-apb-uart",
                       0x12440000, 2, 4, 73);
        CHECK(has_reserved(info, 0xfa000000, 16 * MiB));
        CHECK(has_reserved(info, 0x107a000000, 16 * MiB));
        CHECK_EQ(info->timebase, 6250000);
    } else if (strstr(name, "jh7110")) {
        expect_harts(info, 1, 4, FD);          /* hart 0 is the S7 */
        expect_contexts(info, 2, 0);
        expect_console(info, CONSOLE_DW_APB_UART, "snps,dw-apb-uart",
                       0x10000000, 2, 4, 32);
        expect_memory(info, 0x40000000, 4 * GiB);
        CHECK_EQ(info->timebase, 4000000);
    } else if (strstr(name, "opensbi-handoff-virt")) {
        expect_harts(info, 0, strstr(name, "smp4") ? 4 : 1, FD | HART_ISA_SSTC);
        expect_contexts(info, 2, 1);
        expect_console(info, CONSOLE_NS16550A, "ns16550a", 0x10000000, 0, 1, 10);
        CHECK_EQ(info->console.clock_frequency, 3686400);
        CHECK(has_reserved(info, 0x80000000, 0x80000));   /* mmode_resv0 */
        expect_memory(info, 0x80000000, 2 * GiB);
        CHECK_EQ(info->plic.ndev, 96);
        CHECK_EQ(info->timebase, 10000000);
    } else if (strstr(name, "opensbi-handoff-sifive_u")) {
        bool smp5 = strstr(name, "smp5") != NULL;
        expect_harts(info, 1, smp5 ? 4 : 1, FD);   /* E51 hart 0 excluded */
        expect_contexts(info, 2, 0);
        expect_console(info, CONSOLE_SIFIVE_UART0, "sifive,uart0", 0x10010000,
                       0, 1, 4);
        CHECK(has_reserved(info, 0x80000000, 0x80000));
        expect_memory(info, 0x80000000, smp5 ? 8 * GiB : 128 * MiB);
        CHECK_EQ(info->timebase, 1000000);
    } else {
        test_fail(__FILE__, __LINE__, "no expectations for %s: add them", name);
    }
}

/* Parses and cross-checks one file; returns the summary through `info`. */
static bool check_file(const char *path, struct platform_info *info)
{
    static struct platform_info ref;
    size_t size;
    unsigned char *blob = test_read_file(path, &size);
    bool ok = PARSE_OK(blob, size, info);
    if (ok) {
        test_check_invariants(info);
        if (ref_extract(blob, &ref))
            ref_compare(info, &ref);
        else
            test_fail(__FILE__, __LINE__, "libfdt cannot read %s", path);
    }
    free(blob);
    return ok;
}

int main(int argc, char **argv)
{
    static struct platform_info info;
    unsigned long long harts = 0, memory = 0;
    unsigned mult = 0, add = 0;
    int i = 1;

    for (; i + 1 < argc && strncmp(argv[i], "--expect-", 9) == 0; i += 2) {
        if (strcmp(argv[i], "--expect-harts") == 0)
            harts = strtoull(argv[i + 1], NULL, 0);
        else if (strcmp(argv[i], "--expect-memory") == 0)
            memory = strtoull(argv[i + 1], NULL, 0);
        else if (strcmp(argv[i], "--expect-context") != 0 ||
                 sscanf(argv[i + 1], "%u,%u", &mult, &add) != 2)
            return fprintf(stderr, "bad option %s\n", argv[i]), 2;
    }
    if (i >= argc)
        return fprintf(stderr, "usage: %s DIR | --expect-... FILE...\n", argv[0]), 2;

    if (harts != 0) {
        /* QEMU dumps: cross-check plus hart count, memory size, contexts. */
        for (; i < argc; i++) {
            test_case = argv[i];
            if (!check_file(argv[i], &info))
                continue;
            CHECK_EQ(info.n_harts, harts);
            uint64_t total = 0;
            for (uint32_t k = 0; k < info.n_memory; k++)
                total += info.memory[k].size;
            CHECK_EQ(total, memory);
            expect_contexts(&info, mult, add);
            printf("ok %s: %u harts, %llu MiB\n", argv[i], info.n_harts,
                   (unsigned long long)(total >> 20));
        }
        return test_finish("platform QEMU dtbs");
    }

    size_t n;
    char **files = test_list_files(argv[i], ".dtb", &n);
    if (n == 0)
        return fprintf(stderr, "no .dtb files in %s\n", argv[i]), 1;
    for (size_t k = 0; k < n; k++) {
        test_case = files[k];
        if (check_file(files[k], &info))
            expect_board(files[k], &info);
        printf("checked %s\n", files[k]);
    }
    test_free_files(files, n);
    return test_finish("platform dtbs");
}
