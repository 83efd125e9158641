/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rules of platform_info_parse() one at a time, on synthetic trees: the
 * base tree from tree_builder.c with one change per case, checking either
 * the resulting summary or the exact error message.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "tree_builder.h"

static struct tree t;
static struct platform_info info;

#define CASE(name) (test_case = (name), tree_base(&t))

static void base_tree(void)
{
    CASE("base tree");
    if (!TREE_PARSE(&t, &info))
        return;
    CHECK(strcmp(info.model, "test-board") == 0);
    CHECK_EQ(info.n_memory, 1);
    CHECK_EQ(info.memory[0].base, 0x80000000);
    CHECK_EQ(info.memory[0].size, 0x40000000);
    CHECK_EQ(info.n_reserved, 1);
    CHECK_EQ(info.reserved[0].base, 0x80000000);
    CHECK_EQ(info.reserved[0].size, 0x80000);
    CHECK_EQ(info.n_harts, 2);
    CHECK_EQ(info.harts[1].hartid, 1);
    CHECK_EQ(info.harts[1].isa, HART_ISA_F | HART_ISA_D | HART_ISA_SSTC);
    CHECK_EQ(info.timebase, 10000000);
    CHECK_EQ(info.console.kind, CONSOLE_NS16550A);   /* via alias + options */
    CHECK_EQ(info.console.base, 0x10000000);
    CHECK_EQ(info.console.size, 0x100);
    CHECK_EQ(info.console.irq, 10);
    CHECK_EQ(info.console.clock_frequency, 3686400);
    CHECK(info.plic.present);
    CHECK_EQ(info.plic.base, 0xc000000);
    CHECK_EQ(info.plic.ndev, 96);
    CHECK_EQ(info.plic.n_contexts, 2);
    uint32_t ctx = 0;
    CHECK(platform_plic_context(&info, 0, &ctx) && ctx == 1);
    CHECK(platform_plic_context(&info, 1, &ctx) && ctx == 3);
    CHECK(!platform_plic_context(&info, 2, &ctx));
}

static void memory(void)
{
    CASE("memory: adjacent, overlapping, unsorted and empty entries");
    tree_set_cells(&t, "/memory@80000000", "reg", 16,
                   2, 0, 0, 0x1000,             /* separate, high */
                   0, 0xc0000000, 0, 0x40000000, /* adjacent to the first */
                   0, 0x90000000, 0, 0x1000,     /* inside the first */
                   0, 0x80000000, 0, 0x40000000);
    tree_add_node(&t, "/", "memory@0");
    tree_set_string(&t, "/memory@0", "device_type", "memory");
    tree_set_cells(&t, "/memory@0", "reg", 8, 0, 0, 0, 0, 0, 0x1000, 0, 0x10);
    tree_add_node(&t, "/", "memory@3000");
    tree_set_string(&t, "/memory@3000", "device_type", "memory");
    tree_set_string(&t, "/memory@3000", "status", "disabled");
    tree_set_cells(&t, "/memory@3000", "reg", 4, 0, 0x3000, 0, 0x1000);
    if (TREE_PARSE(&t, &info)) {
        CHECK_EQ(info.n_memory, 3);
        CHECK_EQ(info.memory[0].base, 0x1000);
        CHECK_EQ(info.memory[0].size, 0x10);
        CHECK_EQ(info.memory[1].base, 0x80000000);
        CHECK_EQ(info.memory[1].size, 0x80000000);
        CHECK_EQ(info.memory[2].base, 0x200000000);
    }

    CASE("memory: bridging range merges three into one");
    tree_set_cells(&t, "/memory@80000000", "reg", 12, 0, 0x1000, 0, 0x1000,
                   0, 0x3000, 0, 0x1000, 0, 0x2000, 0, 0x1000);
    if (TREE_PARSE(&t, &info)) {
        CHECK_EQ(info.n_memory, 1);
        CHECK_EQ(info.memory[0].size, 0x3000);
    }

    CASE("memory: reg with odd length");
    tree_set_cells(&t, "/memory@80000000", "reg", 3, 0, 0x80000000, 0);
    TREE_EXPECT_ERROR(&t, "memory node /memory@80000000: reg length 12 is not "
                      "a multiple of 16");

    CASE("memory: none");
    tree_del_node(&t, "/memory@80000000");
    TREE_EXPECT_ERROR(&t, "no memory");

    CASE("memory: only empty entries");
    tree_set_cells(&t, "/memory@80000000", "reg", 4, 0, 0x80000000, 0, 0);
    TREE_EXPECT_ERROR(&t, "no memory");

    CASE("memory: more ranges than fit");
    fdt32_t cells[17 * 4];
    for (int i = 0; i < 17; i++) {
        cells[4 * i] = cpu_to_fdt32(0);
        cells[4 * i + 1] = cpu_to_fdt32(0x100000u * (uint32_t)(i + 1));
        cells[4 * i + 2] = cpu_to_fdt32(0);
        cells[4 * i + 3] = cpu_to_fdt32(0x1000);
    }
    tree_set_raw(&t, "/memory@80000000", "reg", cells, sizeof cells);
    TREE_EXPECT_ERROR(&t, "too many memory ranges (more than 16)");

    CASE("memory: entry wrapping around the address space");
    tree_set_cells(&t, "/memory@80000000", "reg", 4, 0xffffffff, 0xfffff000,
                   0, 0x2000);
    TREE_EXPECT_ERROR(&t, "wraps around the address space");

    CASE("memory: unsupported #address-cells");
    tree_set_cells(&t, "/", "#address-cells", 1, 3);
    TREE_EXPECT_ERROR(&t, "unsupported #address-cells 3");
}

static void reserved(void)
{
    CASE("reserved: memreserve entries, dynamic and disabled nodes");
    tree_add_memreserve(&t, 0x90000000, 0x1000);
    tree_add_memreserve(&t, 0x10, 0x10);
    tree_add_node(&t, "/reserved-memory", "pool");
    tree_set_cells(&t, "/reserved-memory/pool", "size", 2, 0, 0x100000);
    tree_add_node(&t, "/reserved-memory", "off@a0000000");
    tree_set_cells(&t, "/reserved-memory/off@a0000000", "reg", 4, 0,
                   0xa0000000, 0, 0x1000);
    tree_set_string(&t, "/reserved-memory/off@a0000000", "status", "disabled");
    tree_add_node(&t, "/reserved-memory", "dup@80000000");
    tree_set_cells(&t, "/reserved-memory/dup@80000000", "reg", 4, 0,
                   0x80000000, 0, 0x1000);
    if (TREE_PARSE(&t, &info)) {
        CHECK_EQ(info.n_reserved, 4);   /* not merged: overlaps are kept */
        CHECK_EQ(info.reserved[0].base, 0x10);
        CHECK_EQ(info.reserved[1].base, 0x80000000);
        CHECK_EQ(info.reserved[2].base, 0x80000000);
        CHECK_EQ(info.reserved[3].base, 0x90000000);
    }

    CASE("reserved: more ranges than fit");
    for (uint64_t i = 0; i < 33; i++)
        tree_add_memreserve(&t, 0x100000 * (i + 1), 0x1000);
    TREE_EXPECT_ERROR(&t, "too many reserved ranges (more than 32)");

    CASE("reserved: memreserve entry wrapping");
    tree_add_memreserve(&t, ~0ull - 0xfff, 0x2000);
    TREE_EXPECT_ERROR(&t, "memreserve entry wraps around the address space");

    CASE("reserved: node reg with odd length");
    tree_set_cells(&t, "/reserved-memory/fw@80000000", "reg", 2, 0, 1);
    TREE_EXPECT_ERROR(&t, "reserved-memory node /reserved-memory/fw@80000000: "
                      "reg length 8 is not a multiple of 16");
}

static void harts(void)
{
    static const struct {
        const char *isa;
        uint32_t bits;
    } isas[] = {
        {"rv64imac", 0},
        {"rv64gc", HART_ISA_F | HART_ISA_D},
        {"RV64IMAFDC_Zicsr_Sstc", HART_ISA_F | HART_ISA_D | HART_ISA_SSTC},
        {"rv64imaf_zicsr", HART_ISA_F},
        {"rv64i2p1m2p0a2p1f2p2d2p2_sstc1p0", HART_ISA_F | HART_ISA_D | HART_ISA_SSTC},
        {"rv64imac_zfinx_sstcx", 0},
        {"rv64imafdcsu", HART_ISA_F | HART_ISA_D},  /* old QEMU: s, u letters */
        {"rv32", 0},
        {"x86", 0},
    };
    for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++) {
        CASE(isas[i].isa);
        tree_set_string(&t, "/cpus/cpu@1", "riscv,isa", isas[i].isa);
        if (TREE_PARSE(&t, &info))
            CHECK_EQ(info.harts[1].isa, isas[i].bits);
    }

    CASE("harts: riscv,isa-extensions wins over riscv,isa");
    tree_set_raw(&t, "/cpus/cpu@1", "riscv,isa-extensions", "i\0m\0d\0Sstc",
                 sizeof "i\0m\0d\0Sstc");
    if (TREE_PARSE(&t, &info))
        CHECK_EQ(info.harts[1].isa, HART_ISA_D | HART_ISA_SSTC);

    CASE("harts: no MMU, disabled, and unsorted ids");
    tree_del_prop(&t, "/cpus/cpu@0", "mmu-type");
    tree_add_node(&t, "/cpus", "cpu@7");
    tree_set_string(&t, "/cpus/cpu@7", "device_type", "cpu");
    tree_set_cells(&t, "/cpus/cpu@7", "reg", 1, 7);
    tree_set_string(&t, "/cpus/cpu@7", "mmu-type", "riscv,sv39");
    tree_add_node(&t, "/cpus", "cpu@5");
    tree_set_string(&t, "/cpus/cpu@5", "device_type", "cpu");
    tree_set_cells(&t, "/cpus/cpu@5", "reg", 1, 5);
    tree_set_string(&t, "/cpus/cpu@5", "mmu-type", "riscv,sv39");
    tree_add_node(&t, "/cpus", "cpu@6");
    tree_set_string(&t, "/cpus/cpu@6", "device_type", "cpu");
    tree_set_cells(&t, "/cpus/cpu@6", "reg", 1, 6);
    tree_set_string(&t, "/cpus/cpu@6", "mmu-type", "riscv,sv39");
    tree_set_string(&t, "/cpus/cpu@6", "status", "disabled");
    tree_add_node(&t, "/cpus", "cpu-map");
    if (TREE_PARSE(&t, &info)) {
        CHECK_EQ(info.n_harts, 3);
        CHECK_EQ(info.harts[0].hartid, 1);
        CHECK_EQ(info.harts[1].hartid, 5);
        CHECK_EQ(info.harts[2].hartid, 7);
    }

    CASE("harts: none usable");
    tree_del_prop(&t, "/cpus/cpu@0", "mmu-type");
    tree_set_string(&t, "/cpus/cpu@1", "status", "fail");
    TREE_EXPECT_ERROR(&t, "no usable hart");

    CASE("harts: duplicate id");
    tree_set_cells(&t, "/cpus/cpu@1", "reg", 1, 0);
    TREE_EXPECT_ERROR(&t, "cpu node /cpus/cpu@1: duplicate hart id");

    CASE("harts: cpu without reg");
    tree_del_prop(&t, "/cpus/cpu@1", "reg");
    TREE_EXPECT_ERROR(&t, "cpu node /cpus/cpu@1: no reg");

    CASE("harts: too many");
    for (int i = 2; i < 40; i++) {
        char name[16];
        snprintf(name, sizeof name, "cpu@%d", i);
        tree_add_node(&t, "/cpus", name);
        char path[32];
        snprintf(path, sizeof path, "/cpus/%s", name);
        tree_set_string(&t, path, "device_type", "cpu");
        tree_set_cells(&t, path, "reg", 1, i);
        tree_set_string(&t, path, "mmu-type", "riscv,sv39");
    }
    TREE_EXPECT_ERROR(&t, "too many usable harts (more than 32)");

    CASE("harts: hart id wider than 32 bits");
    tree_set_cells(&t, "/cpus", "#address-cells", 1, 2);
    tree_set_cells(&t, "/cpus/cpu@0", "reg", 2, 0, 0);
    tree_set_cells(&t, "/cpus/cpu@1", "reg", 2, 1, 0);
    TREE_EXPECT_ERROR(&t, "cpu node /cpus/cpu@1: hart id does not fit 32 bits");

    CASE("harts: no /cpus");
    tree_del_node(&t, "/cpus");
    TREE_EXPECT_ERROR(&t, "no /cpus node");
}

static void timebase(void)
{
    CASE("timebase: missing");
    tree_del_prop(&t, "/cpus", "timebase-frequency");
    TREE_EXPECT_ERROR(&t, "missing timebase-frequency");

    CASE("timebase: on the cpu node");
    tree_del_prop(&t, "/cpus", "timebase-frequency");
    tree_set_cells(&t, "/cpus/cpu@0", "timebase-frequency", 1, 24000000);
    if (TREE_PARSE(&t, &info))
        CHECK_EQ(info.timebase, 24000000);

    CASE("timebase: two cells");
    tree_set_cells(&t, "/cpus", "timebase-frequency", 2, 1, 0);
    if (TREE_PARSE(&t, &info))
        CHECK_EQ(info.timebase, 1ull << 32);

    CASE("timebase: zero");
    tree_set_cells(&t, "/cpus", "timebase-frequency", 1, 0);
    TREE_EXPECT_ERROR(&t, "timebase-frequency is 0");
}

/* 70 cpus (2 usable, 68 without MMU), each with an interrupt controller of
 * phandle 100 + hart id: more than the intc cache (64) and than the S-mode
 * contexts that fit (32). */
static void many_cpus(void)
{
    fdt32_t ext[2 * 70];
    char path[64];

    CASE("plic: more S-mode contexts than fit");
    for (uint32_t id = 2; id < 70; id++) {
        snprintf(path, sizeof path, "cpu@%u", id);
        tree_add_node(&t, "/cpus", path);
        snprintf(path, sizeof path, "/cpus/cpu@%u", id);
        tree_set_string(&t, path, "device_type", "cpu");
        tree_set_cells(&t, path, "reg", 1, id);
        tree_add_node(&t, path, "interrupt-controller");
        strcat(path, "/interrupt-controller");
        tree_set_raw(&t, path, "interrupt-controller", NULL, 0);
        tree_set_cells(&t, path, "#interrupt-cells", 1, 1);
        tree_set_cells(&t, path, "phandle", 1, 100 + id);
    }
    for (uint32_t id = 0; id < 70; id++) {
        ext[2 * id] = cpu_to_fdt32(id < 2 ? id + 1 : 100 + id);
        ext[2 * id + 1] = cpu_to_fdt32(9);
    }
    tree_set_raw(&t, "/soc/plic@c000000", "interrupts-extended", ext, sizeof ext);
    TREE_EXPECT_ERROR(&t, "PLIC /soc/plic@c000000: too many S-mode contexts "
                      "(more than 32)");

    test_case = "plic: controllers past the cache are found the slow way";
    tree_set_cells(&t, "/soc/plic@c000000", "interrupts-extended", 4,
                   100 + 69, 11, 100 + 69, 9);
    if (TREE_PARSE(&t, &info)) {
        uint32_t ctx = 0;
        CHECK_EQ(info.plic.n_contexts, 1);
        CHECK(platform_plic_context(&info, 69, &ctx) && ctx == 1);
    }
}

static void plic(void)
{
    CASE("plic: phandle to nothing");
    tree_set_cells(&t, "/soc/plic@c000000", "interrupts-extended", 4,
                   1, 11, 0x99, 9);
    TREE_EXPECT_ERROR(&t, "PLIC /soc/plic@c000000: interrupts-extended entry 1: "
                      "phandle 0x99 refers to no node");

    CASE("plic: #interrupt-cells of the target is honoured");
    tree_set_cells(&t, "/cpus/cpu@0/interrupt-controller", "#interrupt-cells", 1, 2);
    tree_set_cells(&t, "/soc/plic@c000000", "interrupts-extended", 10,
                   1, 11, 0, 1, 9, 0, 2, 11, 2, 9);
    if (TREE_PARSE(&t, &info)) {
        uint32_t ctx = 0;
        CHECK(platform_plic_context(&info, 0, &ctx) && ctx == 1);
        CHECK(platform_plic_context(&info, 1, &ctx) && ctx == 3);
    }

    CASE("plic: 2N layout (monitor core first) and M-mode hidden by OpenSBI");
    tree_add_node(&t, "/", "e51");
    tree_set_cells(&t, "/e51", "#interrupt-cells", 1, 1);
    tree_set_cells(&t, "/e51", "phandle", 1, 9);
    tree_set_cells(&t, "/soc/plic@c000000", "interrupts-extended", 10,
                   9, 11, 1, 0xffffffff, 1, 9, 2, 0xffffffff, 2, 9);
    if (TREE_PARSE(&t, &info)) {
        uint32_t ctx = 0;
        CHECK_EQ(info.plic.n_contexts, 2);
        CHECK(platform_plic_context(&info, 0, &ctx) && ctx == 2);
        CHECK(platform_plic_context(&info, 1, &ctx) && ctx == 4);
    }

    CASE("plic: target without #interrupt-cells");
    tree_del_prop(&t, "/cpus/cpu@1/interrupt-controller", "#interrupt-cells");
    TREE_EXPECT_ERROR(&t, "interrupts-extended entry 2: controller has "
                      "unsupported #interrupt-cells 0");

    CASE("plic: truncated specifier");
    tree_set_cells(&t, "/cpus/cpu@1/interrupt-controller", "#interrupt-cells", 1, 4);
    TREE_EXPECT_ERROR(&t, "interrupts-extended entry 2: truncated specifier");

    CASE("plic: length not a multiple of 4");
    tree_set_raw(&t, "/soc/plic@c000000", "interrupts-extended", "\0\0\0\1\0\0", 6);
    TREE_EXPECT_ERROR(&t, "interrupts-extended length 6 is not a multiple of 4");

    CASE("plic: S-mode context on a non-cpu controller");
    tree_set_cells(&t, "/soc/plic@c000000", "interrupts-extended", 2, 3, 9);
    TREE_EXPECT_ERROR(&t, "interrupts-extended entry 0: S-mode context is not "
                      "on a cpu's interrupt controller");

    CASE("plic: missing riscv,ndev");
    tree_del_prop(&t, "/soc/plic@c000000", "riscv,ndev");
    TREE_EXPECT_ERROR(&t, "PLIC /soc/plic@c000000: missing riscv,ndev");

    CASE("plic: missing interrupts-extended");
    tree_del_prop(&t, "/soc/plic@c000000", "interrupts-extended");
    TREE_EXPECT_ERROR(&t, "missing interrupts-extended");

    CASE("plic: no reg");
    tree_del_prop(&t, "/soc/plic@c000000", "reg");
    TREE_EXPECT_ERROR(&t, "PLIC /soc/plic@c000000: no reg");

    CASE("plic: a second S-mode context of a hart is ignored");
    tree_set_cells(&t, "/soc/plic@c000000", "interrupts-extended", 6,
                   1, 9, 2, 9, 1, 9);
    if (TREE_PARSE(&t, &info)) {
        uint32_t ctx = 9;
        CHECK_EQ(info.plic.n_contexts, 2);
        CHECK(platform_plic_context(&info, 0, &ctx) && ctx == 0);
        CHECK(platform_plic_context(&info, 1, &ctx) && ctx == 1);
    }

    many_cpus();

    CASE("plic: absent is not an error");
    tree_del_node(&t, "/soc/plic@c000000");
    if (TREE_PARSE(&t, &info))
        CHECK(!info.plic.present && info.plic.n_contexts == 0);

    CASE("plic: disabled is ignored");
    tree_set_string(&t, "/soc/plic@c000000", "status", "disabled");
    if (TREE_PARSE(&t, &info))
        CHECK(!info.plic.present);

    CASE("plic: board-specific compatible alone");
    tree_set_string(&t, "/soc/plic@c000000", "compatible", "thead,c900-plic");
    if (TREE_PARSE(&t, &info))
        CHECK(info.plic.present);

    CASE("plic: andestech,plicsw is not a PLIC");
    tree_set_string(&t, "/soc/plic@c000000", "compatible", "andestech,plicsw");
    if (TREE_PARSE(&t, &info))
        CHECK(!info.plic.present);
}

static void console(void)
{
    const char *serial = "/soc/serial@10000000";

    CASE("console: absolute stdout-path");
    tree_set_string(&t, "/chosen", "stdout-path", serial);
    if (TREE_PARSE(&t, &info))
        CHECK_EQ(info.console.kind, CONSOLE_NS16550A);

    CASE("console: linux,stdout-path");
    tree_del_prop(&t, "/chosen", "stdout-path");
    tree_set_string(&t, "/chosen", "linux,stdout-path", "/soc/serial@10000000:9600");
    if (TREE_PARSE(&t, &info))
        CHECK_EQ(info.console.kind, CONSOLE_NS16550A);

    CASE("console: dw-apb-uart after a board-specific name, irq from "
         "interrupts-extended");
    tree_set_raw(&t, serial, "compatible", "starfive,jh7110-uart\0snps,dw-apb-uart",
                 sizeof "starfive,jh7110-uart\0snps,dw-apb-uart");
    tree_set_cells(&t, serial, "reg-shift", 1, 2);
    tree_set_cells(&t, serial, "reg-io-width", 1, 4);
    tree_del_prop(&t, serial, "interrupts");
    tree_set_cells(&t, serial, "interrupts-extended", 2, 3, 33);
    if (TREE_PARSE(&t, &info)) {
        CHECK_EQ(info.console.kind, CONSOLE_DW_APB_UART);
        CHECK(strcmp(info.console.compatible, "snps,dw-apb-uart") == 0);
        CHECK_EQ(info.console.reg_shift, 2);
        CHECK_EQ(info.console.reg_io_width, 4);
        CHECK_EQ(info.console.irq, 33);
    }

    CASE("console: the node's compatible order decides");
    tree_set_raw(&t, serial, "compatible", "sifive,uart0\0ns16550a",
                 sizeof "sifive,uart0\0ns16550a");
    if (TREE_PARSE(&t, &info))
        CHECK_EQ(info.console.kind, CONSOLE_SIFIVE_UART0);

    static const struct {
        const char *name, *prop, *value;
    } unusable[] = {
        {"console: no stdout-path", "stdout-path", NULL},
        {"console: unknown alias", "stdout-path", "serial7"},
        {"console: path to nothing", "stdout-path", "/soc/serial@20000000"},
        {"console: empty path", "stdout-path", ""},
        {"console: disabled node", "status", "disabled"},
        {"console: unknown compatible", "compatible", "arm,pl011"},
        {"console: 2-byte registers", "reg-io-width", "\0\0\0\2"},
        {"console: no reg", "reg", NULL},
    };
    for (size_t i = 0; i < sizeof unusable / sizeof unusable[0]; i++) {
        CASE(unusable[i].name);
        const char *node = strcmp(unusable[i].prop, "stdout-path") == 0
                               ? "/chosen" : serial;
        if (unusable[i].value == NULL)
            tree_del_prop(&t, node, unusable[i].prop);
        else if (strcmp(unusable[i].prop, "reg-io-width") == 0)
            tree_set_raw(&t, node, unusable[i].prop, unusable[i].value, 4);
        else
            tree_set_string(&t, node, unusable[i].prop, unusable[i].value);
        if (TREE_PARSE(&t, &info)) {
            CHECK_EQ(info.console.kind, CONSOLE_NONE);
            CHECK_EQ(info.console.base, 0);
        }
    }
}

static void model(void)
{
    CASE("model: absent");
    tree_del_prop(&t, "/", "model");
    if (TREE_PARSE(&t, &info))
        CHECK(info.model[0] == '\0');

    CASE("model: too long is truncated");
    tree_set_string(&t, "/", "model", "a-very-long-model-name-that-goes-on-and-on"
                    "-past-the-sixty-four-bytes-of-the-field");
    if (TREE_PARSE(&t, &info))
        CHECK_EQ(strlen(info.model), PLATFORM_MODEL_MAX - 1);
}

/* Files for unit.platform.tool: a tree with neither console nor PLIC, and
 * the first 100 bytes of the base tree. */
static void write_tool_inputs(const char *dir)
{
    char path[4096];
    size_t size;
    unsigned char *blob;
    FILE *f;

    test_case = "tool inputs";
    tree_base(&t);
    tree_del_node(&t, "/soc");
    blob = tree_blob(&t, &size);
    snprintf(path, sizeof path, "%s/bare.dtb", dir);
    CHECK((f = fopen(path, "wb")) != NULL && fwrite(blob, 1, size, f) == size &&
          fclose(f) == 0);
    snprintf(path, sizeof path, "%s/truncated.dtb", dir);
    CHECK((f = fopen(path, "wb")) != NULL && fwrite(blob, 1, 100, f) == 100 &&
          fclose(f) == 0);
    free(blob);
}

static void no_blob(void)
{
    struct platform_error err;
    test_case = "no blob";
    CHECK(!platform_info_parse(NULL, 100, &info, &err));
    CHECK(strstr(err.message, "null pointer") != NULL);
    CHECK(!platform_info_parse(NULL, 0, &info, NULL));   /* err is optional */
}

int main(int argc, char **argv)
{
    if (argc > 1)
        write_tool_inputs(argv[1]);
    base_tree();
    memory();
    reserved();
    harts();
    timebase();
    plic();
    console();
    model();
    no_blob();
    return test_finish("platform cases");
}
