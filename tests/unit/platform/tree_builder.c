/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Synthetic device trees built and edited with libfdt (see tree_builder.h).
 * libfdt errors here are bugs in a test, so they abort loudly.
 */
#include "tree_builder.h"

#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

static void ok(int rc, const char *what, const char *path)
{
    if (rc < 0) {
        fprintf(stderr, "tree_builder: %s %s: %s\n", what, path ? path : "",
                fdt_strerror(rc));
        abort();
    }
}

static void begin(void *fdt, const char *name)
{
    ok(fdt_begin_node(fdt, name), "begin_node", name);
}

static void end(void *fdt)
{
    ok(fdt_end_node(fdt), "end_node", NULL);
}

static void u32s(void *fdt, const char *name, int n, const uint32_t *v)
{
    fdt32_t cells[16];
    for (int i = 0; i < n; i++)
        cells[i] = cpu_to_fdt32(v[i]);
    ok(fdt_property(fdt, name, cells, n * 4), "property", name);
}

#define U32S(fdt, name, ...)                                                \
    do {                                                                    \
        const uint32_t v_[] = {__VA_ARGS__};                                \
        u32s(fdt, name, sizeof v_ / sizeof v_[0], v_);                      \
    } while (0)

static void str(void *fdt, const char *name, const char *value)
{
    ok(fdt_property_string(fdt, name, value), "property", name);
}

static void cpu(void *fdt, uint32_t id, uint32_t phandle)
{
    char name[16];
    snprintf(name, sizeof name, "cpu@%u", id);
    begin(fdt, name);
    str(fdt, "device_type", "cpu");
    U32S(fdt, "reg", id);
    str(fdt, "status", "okay");
    str(fdt, "compatible", "riscv");
    str(fdt, "riscv,isa", "rv64imafdc_zicsr_sstc");
    str(fdt, "mmu-type", "riscv,sv39");
    begin(fdt, "interrupt-controller");
    U32S(fdt, "#interrupt-cells", 1);
    ok(fdt_property(fdt, "interrupt-controller", NULL, 0), "property", "ic");
    str(fdt, "compatible", "riscv,cpu-intc");
    U32S(fdt, "phandle", phandle);
    end(fdt);
    end(fdt);
}

void tree_base(struct tree *t)
{
    void *fdt = t->buf;
    ok(fdt_create(fdt, sizeof t->buf), "create", NULL);
    ok(fdt_finish_reservemap(fdt), "finish_reservemap", NULL);
    begin(fdt, "");
    U32S(fdt, "#address-cells", 2);
    U32S(fdt, "#size-cells", 2);
    str(fdt, "model", "test-board");
    str(fdt, "compatible", "test,board");

    begin(fdt, "aliases");
    str(fdt, "serial0", "/soc/serial@10000000");
    end(fdt);
    begin(fdt, "chosen");
    str(fdt, "stdout-path", "serial0:115200n8");
    end(fdt);
    begin(fdt, "memory@80000000");
    str(fdt, "device_type", "memory");
    U32S(fdt, "reg", 0, 0x80000000, 0, 0x40000000);
    end(fdt);
    begin(fdt, "reserved-memory");
    U32S(fdt, "#address-cells", 2);
    U32S(fdt, "#size-cells", 2);
    ok(fdt_property(fdt, "ranges", NULL, 0), "property", "ranges");
    begin(fdt, "fw@80000000");
    U32S(fdt, "reg", 0, 0x80000000, 0, 0x80000);
    ok(fdt_property(fdt, "no-map", NULL, 0), "property", "no-map");
    end(fdt);
    end(fdt);

    begin(fdt, "cpus");
    U32S(fdt, "#address-cells", 1);
    U32S(fdt, "#size-cells", 0);
    U32S(fdt, "timebase-frequency", 10000000);
    cpu(fdt, 0, 1);
    cpu(fdt, 1, 2);
    end(fdt);

    begin(fdt, "soc");
    U32S(fdt, "#address-cells", 2);
    U32S(fdt, "#size-cells", 2);
    str(fdt, "compatible", "simple-bus");
    begin(fdt, "serial@10000000");
    str(fdt, "compatible", "ns16550a");
    U32S(fdt, "reg", 0, 0x10000000, 0, 0x100);
    U32S(fdt, "interrupts", 10);
    U32S(fdt, "interrupt-parent", 3);
    U32S(fdt, "clock-frequency", 3686400);
    end(fdt);
    begin(fdt, "plic@c000000");
    ok(fdt_property(fdt, "compatible", "sifive,plic-1.0.0\0riscv,plic0",
                    sizeof "sifive,plic-1.0.0\0riscv,plic0"), "property", "compat");
    U32S(fdt, "reg", 0, 0xc000000, 0, 0x600000);
    U32S(fdt, "riscv,ndev", 96);
    U32S(fdt, "#interrupt-cells", 1);
    ok(fdt_property(fdt, "interrupt-controller", NULL, 0), "property", "ic");
    U32S(fdt, "interrupts-extended", 1, 11, 1, 9, 2, 11, 2, 9);
    U32S(fdt, "phandle", 3);
    end(fdt);
    end(fdt);

    end(fdt);
    ok(fdt_finish(fdt), "finish", NULL);
    ok(fdt_open_into(fdt, fdt, sizeof t->buf), "open_into", NULL);
}

static int node(struct tree *t, const char *path)
{
    int n = fdt_path_offset(t->buf, path);
    ok(n, "path", path);
    return n;
}

void tree_set_raw(struct tree *t, const char *path, const char *prop,
                  const void *data, int len)
{
    ok(fdt_setprop(t->buf, node(t, path), prop, data, len), "setprop", prop);
}

void tree_set_cells(struct tree *t, const char *path, const char *prop,
                    int n, ...)
{
    fdt32_t cells[64];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        cells[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
    va_end(ap);
    tree_set_raw(t, path, prop, cells, n * 4);
}

void tree_set_string(struct tree *t, const char *path, const char *prop,
                     const char *value)
{
    ok(fdt_setprop_string(t->buf, node(t, path), prop, value), "setprop", prop);
}

void tree_del_prop(struct tree *t, const char *path, const char *prop)
{
    ok(fdt_delprop(t->buf, node(t, path), prop), "delprop", prop);
}

void tree_add_node(struct tree *t, const char *parent, const char *name)
{
    ok(fdt_add_subnode(t->buf, node(t, parent), name), "add_subnode", name);
}

void tree_del_node(struct tree *t, const char *path)
{
    ok(fdt_del_node(t->buf, node(t, path)), "del_node", path);
}

void tree_rename(struct tree *t, const char *path, const char *name)
{
    ok(fdt_set_name(t->buf, node(t, path), name), "set_name", path);
}

void tree_add_memreserve(struct tree *t, uint64_t base, uint64_t size)
{
    ok(fdt_add_mem_rsv(t->buf, base, size), "add_mem_rsv", NULL);
}

unsigned char *tree_blob(struct tree *t, size_t *size)
{
    ok(fdt_pack(t->buf), "pack", NULL);
    *size = fdt_totalsize(t->buf);
    unsigned char *copy = malloc(*size);
    memcpy(copy, t->buf, *size);
    /* Leave the tree editable again for the next change. */
    ok(fdt_open_into(t->buf, t->buf, sizeof t->buf), "open_into", NULL);
    return copy;
}

bool tree_parse_at(const char *file, int line, struct tree *t,
                   struct platform_info *info)
{
    size_t size;
    unsigned char *blob = tree_blob(t, &size);
    bool ok = test_parse_ok_at(file, line, blob, size, info);
    if (ok)
        test_check_invariants(info);
    free(blob);
    return ok;
}
