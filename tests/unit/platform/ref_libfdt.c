/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reference extraction of the platform summary with libfdt, deliberately
 * written differently from platform_info.c (collect everything, then qsort
 * and merge) so that a shared misreading of the rules is less likely.
 */
#include "ref_libfdt.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

static uint64_t read_cells(const fdt32_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 32 | fdt32_to_cpu(p[i]);
    return v;
}

static bool enabled(const void *fdt, int node)
{
    const char *status = fdt_getprop(fdt, node, "status", NULL);
    return status == NULL || strcmp(status, "okay") == 0 ||
           strcmp(status, "ok") == 0;
}

/* Appends the non-empty reg entries of `node` to r[*n]. */
static void reg_entries(const void *fdt, int node, struct phys_range *r,
                        uint32_t *n, uint32_t max)
{
    int parent = fdt_parent_offset(fdt, node);
    int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (reg == NULL || ac <= 0 || sc < 0)
        return;
    for (int i = 0; (i + 1) * (ac + sc) * 4 <= len; i++) {
        const fdt32_t *e = reg + i * (ac + sc);
        uint64_t size = read_cells(e + ac, sc);
        if (size != 0 && *n < max) {
            r[*n].base = read_cells(e, ac);
            r[*n].size = size;
            (*n)++;
        }
    }
}

static int by_base_then_size(const void *a, const void *b)
{
    const struct phys_range *x = a, *y = b;
    if (x->base != y->base)
        return x->base < y->base ? -1 : 1;
    return x->size < y->size ? -1 : x->size > y->size;
}

static uint32_t merge(struct phys_range *r, uint32_t n)
{
    uint32_t out = 0;
    qsort(r, n, sizeof *r, by_base_then_size);
    for (uint32_t i = 0; i < n; i++) {
        if (out > 0 && r[i].base <= r[out - 1].base + r[out - 1].size) {
            uint64_t end = r[i].base + r[i].size;
            if (end > r[out - 1].base + r[out - 1].size)
                r[out - 1].size = end - r[out - 1].base;
        } else {
            r[out++] = r[i];
        }
    }
    return out;
}

static void ref_console(const void *fdt, struct platform_console *con)
{
    static const char *const names[] = {"ns16550a", "ns16550",
                                        "snps,dw-apb-uart", "sifive,uart0"};
    static const enum console_kind kinds[] = {
        CONSOLE_NS16550A, CONSOLE_NS16550A, CONSOLE_DW_APB_UART,
        CONSOLE_SIFIVE_UART0};
    int chosen = fdt_path_offset(fdt, "/chosen");
    const char *path = fdt_getprop(fdt, chosen, "stdout-path", NULL);
    if (path == NULL)
        path = fdt_getprop(fdt, chosen, "linux,stdout-path", NULL);
    if (path == NULL)
        return;
    const char *colon = strchr(path, ':');
    int node = fdt_path_offset_namelen(fdt, path,
                                       colon ? (int)(colon - path) : (int)strlen(path));
    if (node < 0 || !enabled(fdt, node))
        return;
    int count = fdt_stringlist_count(fdt, node, "compatible");
    for (int i = 0; i < count && con->kind == CONSOLE_NONE; i++) {
        const char *c = fdt_stringlist_get(fdt, node, "compatible", i, NULL);
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strcmp(c, names[k]) == 0) {
                con->kind = kinds[k];
                snprintf(con->compatible, sizeof con->compatible, "%s", c);
                break;
            }
    }
    struct phys_range r[8];
    uint32_t n = 0;
    reg_entries(fdt, node, r, &n, 8);
    if (con->kind == CONSOLE_NONE || n == 0) {
        memset(con, 0, sizeof *con);
        return;
    }
    con->base = r[0].base;
    con->size = r[0].size;
    const fdt32_t *v = fdt_getprop(fdt, node, "reg-shift", NULL);
    con->reg_shift = v ? fdt32_to_cpu(*v) : 0;
    v = fdt_getprop(fdt, node, "reg-io-width", NULL);
    con->reg_io_width = v ? fdt32_to_cpu(*v) : 1;
    int len;
    if ((v = fdt_getprop(fdt, node, "interrupts", &len)) != NULL && len >= 4)
        con->irq = fdt32_to_cpu(v[0]);
    else if ((v = fdt_getprop(fdt, node, "interrupts-extended", &len)) && len >= 8)
        con->irq = fdt32_to_cpu(v[1]);
    if ((v = fdt_getprop(fdt, node, "clock-frequency", &len)) != NULL && len == 4)
        con->clock_frequency = fdt32_to_cpu(*v);
}

static void ref_plic(const void *fdt, struct platform_plic *plic)
{
    int node = -1;
    for (int n = fdt_next_node(fdt, -1, NULL); n >= 0; n = fdt_next_node(fdt, n, NULL))
        if ((fdt_node_check_compatible(fdt, n, "riscv,plic0") == 0 ||
             fdt_node_check_compatible(fdt, n, "sifive,plic-1.0.0") == 0) &&
            enabled(fdt, n)) {
            node = n;
            break;
        }
    if (node < 0)
        return;
    struct phys_range r[4];
    uint32_t nr = 0;
    reg_entries(fdt, node, r, &nr, 4);
    plic->present = true;
    plic->base = nr ? r[0].base : 0;
    plic->size = nr ? r[0].size : 0;
    const fdt32_t *v = fdt_getprop(fdt, node, "riscv,ndev", NULL);
    plic->ndev = v ? fdt32_to_cpu(*v) : 0;
    int len;
    const fdt32_t *ext = fdt_getprop(fdt, node, "interrupts-extended", &len);
    int cells = ext ? len / 4 : 0;
    for (int i = 0, ctx = 0; i < cells; ctx++) {
        int target = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(ext[i]));
        const fdt32_t *ic = fdt_getprop(fdt, target, "#interrupt-cells", NULL);
        int icells = ic ? (int)fdt32_to_cpu(*ic) : 1;
        if (i + 1 < cells && fdt32_to_cpu(ext[i + 1]) == 9) {
            int cpu = fdt_parent_offset(fdt, target);
            const fdt32_t *reg = fdt_getprop(fdt, cpu, "reg", NULL);
            plic->contexts[plic->n_contexts].hartid = fdt32_to_cpu(*reg);
            plic->contexts[plic->n_contexts].context = (uint32_t)ctx;
            plic->n_contexts++;
        }
        i += 1 + icells;
    }
}

bool ref_extract(const void *blob, struct platform_info *ref)
{
    const void *fdt = blob;
    memset(ref, 0, sizeof *ref);
    int rc = fdt_check_full(fdt, fdt_totalsize(fdt));
    if (rc != 0) {
        fprintf(stderr, "libfdt rejects the blob: %s\n", fdt_strerror(rc));
        return false;
    }
    const char *model = fdt_getprop(fdt, 0, "model", NULL);
    if (model != NULL)
        snprintf(ref->model, sizeof ref->model, "%s", model);

    for (int n = fdt_next_node(fdt, -1, NULL); n >= 0; n = fdt_next_node(fdt, n, NULL)) {
        const char *type = fdt_getprop(fdt, n, "device_type", NULL);
        if (type != NULL && strcmp(type, "memory") == 0 && enabled(fdt, n))
            reg_entries(fdt, n, ref->memory, &ref->n_memory,
                        PLATFORM_MAX_MEMORY_RANGES);
    }
    ref->n_memory = merge(ref->memory, ref->n_memory);

    for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
        struct phys_range *r = &ref->reserved[ref->n_reserved];
        fdt_get_mem_rsv(fdt, i, &r->base, &r->size);
        if (r->size != 0)
            ref->n_reserved++;
    }
    int resmem = fdt_path_offset(fdt, "/reserved-memory");
    int child;
    if (resmem >= 0)
        fdt_for_each_subnode(child, fdt, resmem)
            if (enabled(fdt, child))
                reg_entries(fdt, child, ref->reserved, &ref->n_reserved,
                            PLATFORM_MAX_RESERVED_RANGES);
    qsort(ref->reserved, ref->n_reserved, sizeof ref->reserved[0],
          by_base_then_size);

    int cpus = fdt_path_offset(fdt, "/cpus");
    int len;
    const fdt32_t *tb = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
    if (tb != NULL)
        ref->timebase = read_cells(tb, len / 4);
    fdt_for_each_subnode(child, fdt, cpus) {
        const char *type = fdt_getprop(fdt, child, "device_type", NULL);
        if (type == NULL || strcmp(type, "cpu") != 0 || !enabled(fdt, child) ||
            fdt_getprop(fdt, child, "mmu-type", NULL) == NULL)
            continue;
        const fdt32_t *reg = fdt_getprop(fdt, child, "reg", NULL);
        uint32_t id = fdt32_to_cpu(*reg), i = ref->n_harts;
        for (; i > 0 && ref->harts[i - 1].hartid > id; i--)
            ref->harts[i] = ref->harts[i - 1];
        ref->harts[i].hartid = id;
        ref->n_harts++;
    }
    ref_console(fdt, &ref->console);
    ref_plic(fdt, &ref->plic);
    return true;
}

static int by_hartid(const void *a, const void *b)
{
    const struct plic_hart_context *x = a, *y = b;
    return x->hartid < y->hartid ? -1 : x->hartid > y->hartid;
}

void ref_compare(const struct platform_info *ours, const struct platform_info *ref)
{
    CHECK(strcmp(ours->model, ref->model) == 0);
    CHECK_EQ(ours->n_memory, ref->n_memory);
    for (uint32_t i = 0; i < ours->n_memory && i < ref->n_memory; i++) {
        CHECK_EQ(ours->memory[i].base, ref->memory[i].base);
        CHECK_EQ(ours->memory[i].size, ref->memory[i].size);
    }
    /* Reserved ranges are sorted by base only: compare as multisets. */
    struct phys_range mine[PLATFORM_MAX_RESERVED_RANGES];
    memcpy(mine, ours->reserved, sizeof mine);
    qsort(mine, ours->n_reserved, sizeof mine[0], by_base_then_size);
    CHECK_EQ(ours->n_reserved, ref->n_reserved);
    for (uint32_t i = 0; i < ours->n_reserved && i < ref->n_reserved; i++) {
        CHECK_EQ(mine[i].base, ref->reserved[i].base);
        CHECK_EQ(mine[i].size, ref->reserved[i].size);
        if (i > 0)
            CHECK(ours->reserved[i - 1].base <= ours->reserved[i].base);
    }
    const struct platform_console *a = &ours->console, *b = &ref->console;
    CHECK_EQ(a->kind, b->kind);
    CHECK(strcmp(a->compatible, b->compatible) == 0);
    CHECK_EQ(a->base, b->base);
    CHECK_EQ(a->size, b->size);
    CHECK_EQ(a->reg_shift, b->reg_shift);
    CHECK_EQ(a->reg_io_width, b->reg_io_width);
    CHECK_EQ(a->irq, b->irq);
    CHECK_EQ(a->clock_frequency, b->clock_frequency);

    CHECK_EQ(ours->plic.present, ref->plic.present);
    CHECK_EQ(ours->plic.base, ref->plic.base);
    CHECK_EQ(ours->plic.size, ref->plic.size);
    CHECK_EQ(ours->plic.ndev, ref->plic.ndev);
    CHECK_EQ(ours->plic.n_contexts, ref->plic.n_contexts);
    struct plic_hart_context x[PLATFORM_MAX_HARTS], y[PLATFORM_MAX_HARTS];
    memcpy(x, ours->plic.contexts, sizeof x);
    memcpy(y, ref->plic.contexts, sizeof y);
    qsort(x, ours->plic.n_contexts, sizeof x[0], by_hartid);
    qsort(y, ref->plic.n_contexts, sizeof y[0], by_hartid);
    for (uint32_t i = 0; i < ours->plic.n_contexts && i < ref->plic.n_contexts; i++) {
        CHECK_EQ(x[i].hartid, y[i].hartid);
        CHECK_EQ(x[i].context, y[i].context);
    }
    CHECK_EQ(ours->timebase, ref->timebase);
    CHECK_EQ(ours->n_harts, ref->n_harts);
    for (uint32_t i = 0; i < ours->n_harts && i < ref->n_harts; i++)
        CHECK_EQ(ours->harts[i].hartid, ref->harts[i].hartid);
}
