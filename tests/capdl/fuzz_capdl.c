/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz.capdl: libFuzzer on the whole compiler. Each input is a spec (plain
 * capDL or the high-level form) run through parse, check, print, emit (and
 * the loader's checker on the result), allocation on a fixed 2 GiB board,
 * the authority graph and two queries; the same bytes are also given to the
 * binary spec checker as a blob. Files named by a spec read as one small
 * built-in ELF, so the high-level expansion is exercised without file I/O,
 * and the object and cap limits are lowered to keep every run short.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <platform/platform_info.h>
#include <capdl/capdl.h>
#include <capdl/format.h>

/* A static RISC-V executable: one R X segment at 0x10000 with bss. */
static const uint8_t tiny_elf[] = {
    0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 243, 0, 1, 0, 0, 0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0,   /* entry 0x10000 */
    64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,             /* phoff 64 */
    0, 0, 0, 0, 64, 0, 56, 0, 1, 0, 0, 0, 0, 0, 0, 0,            /* 1 phdr */
    1, 0, 0, 0, 5, 0, 0, 0, 120, 0, 0, 0, 0, 0, 0, 0,            /* PT_LOAD R X, offset 120 */
    0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0,
    8, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x30, 0, 0, 0, 0, 0, 0,        /* filesz 8, memsz 0x3000 */
    0x00, 0x10, 0, 0, 0, 0, 0, 0,
    0x93, 0x08, 0x50, 0xff, 0x73, 0x00, 0x00, 0x00,              /* li a7,-11; ecall */
};

static FILE *sink;

static void board(struct platform_info *p)
{
    memset(p, 0, sizeof *p);
    p->n_memory = 1;
    p->memory[0].base = 0x80000000;
    p->memory[0].size = 2ULL << 30;
    p->n_reserved = 1;
    p->reserved[0].base = 0x80000000;
    p->reserved[0].size = 0x80000;
    p->plic.present = true;
    p->plic.base = 0xc000000;
    p->plic.size = 0x600000;
    p->plic.ndev = 96;
    p->n_harts = 1;
}

static void compile(const uint8_t *data, size_t size)
{
    struct cdl_model m;
    cdl_model_init(&m);
    m.limits.max_objects = 1u << 14;
    m.limits.max_caps = 1u << 16;
    struct cdl_source *src = cdl_alloc(&m.arena, sizeof *src);
    src->path = "fuzz.cdl";
    src->dir = "";
    src->text = cdl_strndup(&m.arena, (const char *)data, size);
    src->len = size;
    struct cdl_diag d = { 0 };
    struct cdl_options opt = { .fake_file = tiny_elf, .fake_file_size = sizeof tiny_elf };
    struct platform_info plat;
    board(&plat);
    if (cdl_parse(&m, &d, src, &opt, NULL, 0) && cdl_check(&m, &d, &opt, &plat)) {
        cdl_print(&m, sink);
        uint8_t *blob = NULL;
        size_t blob_size = 0;
        if (cdl_emit(&m, &d, &opt, &blob, &blob_size)) {
            struct cdlb_view view;
            char err[128];
            if (!cdlb_check(blob, blob_size, &view, err, sizeof err))
                abort();   /* the emitter must produce what the loader accepts */
            struct cdl_alloc_config cfg = { .kernel_size = 1u << 20, .loader_vstart = 0x10000,
                                            .loader_vend = 0x50000,
                                            .payload_size = blob_size + (256u << 10),
                                            .root_cnode_bits = 13 };
            cdl_allocate(&m, &d, &plat, 0x2000, &cfg, NULL);
            free(blob);
        }
        cdl_dot(&m, sink);
        for (uint32_t i = 0, asked = 0; i < m.objects.n && asked < 2; i++) {
            if (m.objects.v[i].type != CDL_TCB || m.objects.v[i].index != CDL_NONE)
                continue;
            char q[300];
            snprintf(q, sizeof q, "%s -> %s", m.objects.v[i].name, m.objects.v[0].name);
            cdl_query(&m, &d, q, sink);
            snprintf(q, sizeof q, "%s writes %s", m.objects.v[i].name, m.objects.v[0].name);
            cdl_query(&m, &d, q, sink);
            asked++;
        }
    }
    cdl_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink)
        sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    if (size > (1u << 20))
        return 0;
    compile(data, size);
    struct cdlb_view view;
    char err[128];
    cdlb_check(data, size, &view, err, sizeof err);
    return 0;
}
