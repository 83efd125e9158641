/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hostile device trees. Specific malformations (header fields out of bounds,
 * bad name offsets, unterminated names, runaway lengths, deep nesting, ...)
 * must fail with their specific message; every prefix of every real tree and
 * single-byte corruptions at every offset must parse or fail cleanly. The
 * library is built with ASan + UBSan, so any stray read aborts the test.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_exercise.h"
#include "platform/fdt.h"
#include "tree_builder.h"

static unsigned char *base_blob;   /* the QEMU virt handoff tree */
static size_t base_size;

static uint32_t get32(const unsigned char *b, size_t off)
{
    return (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
           (uint32_t)b[off + 2] << 8 | b[off + 3];
}

static void put32(unsigned char *b, size_t off, uint32_t v)
{
    b[off] = (unsigned char)(v >> 24);
    b[off + 1] = (unsigned char)(v >> 16);
    b[off + 2] = (unsigned char)(v >> 8);
    b[off + 3] = (unsigned char)v;
}

/* A fresh exactly-sized copy of the base tree to damage. */
static unsigned char *copy(void)
{
    unsigned char *b = malloc(base_size);
    memcpy(b, base_blob, base_size);
    return b;
}

/* Sets the 32-bit header field at `off` and expects `what`. */
static void header_case(const char *name, size_t off, uint32_t value,
                        const char *what)
{
    unsigned char *b = copy();
    test_case = name;
    put32(b, off, value);
    EXPECT_ERROR(b, base_size, what);
    free(b);
}

static void header(void)
{
    uint32_t total = get32(base_blob, 4), off_struct = get32(base_blob, 8);

    test_case = "header: blob smaller than a header";
    EXPECT_ERROR(base_blob, 39, "truncated: 39 bytes is smaller than a device "
                 "tree header");
    test_case = "header: totalsize larger than the blob";
    EXPECT_ERROR(base_blob, base_size - 1, "truncated: totalsize");
    header_case("header: magic", 0, 0xd00dfeee, "wrong magic");
    header_case("header: version 15", 20, 15, "unsupported version 15");
    header_case("header: last_comp_version 18", 24, 18,
                "last_comp_version 18 is newer than 17");
    header_case("header: totalsize below the header", 4, 20,
                "totalsize 20 is smaller than the header");
    header_case("header: memreserve offset misaligned", 16, 44,
                "memory reservation map offset 44 is misaligned");
    header_case("header: memreserve offset past the end", 16, total + 8,
                "memory reservation map offset");
    header_case("header: memreserve map at the very end", 16, total & ~7u,
                "no terminating entry inside the blob");
    header_case("header: struct offset past the end", 8, total + 4,
                "structure block offset");
    header_case("header: struct offset misaligned", 8, off_struct + 2,
                "structure block offset");
    header_case("header: struct offset inside the header", 8, 16,
                "structure block offset 16 is misaligned or outside");
    header_case("header: struct size past the end", 36, total,
                "structure block size");
    header_case("header: struct size huge", 36, 0xfffffff0u,
                "structure block size");
    header_case("header: strings offset past the end", 12, total + 1,
                "strings block offset");
    header_case("header: strings size past the end", 32, 0x80000000u,
                "strings block size");

    /* Version 16 has no size_dt_struct: still readable. */
    unsigned char *b = copy();
    struct platform_info info;
    test_case = "header: version 16";
    put32(b, 20, 16);
    put32(b, 36, 0xdeadbeef);
    PARSE_OK(b, base_size, &info);
    free(b);
}

/* Blob offset of the first property of the root node (via libfdt). */
static size_t first_root_prop(const unsigned char *b)
{
    return fdt_off_dt_struct(b) + (size_t)fdt_first_property_offset(b, 0);
}

static void structure(void)
{
    uint32_t off_struct = get32(base_blob, 8), size_struct = get32(base_blob, 36);
    uint32_t size_strings = get32(base_blob, 32);
    uint32_t struct_end = off_struct + size_struct;
    size_t prop = first_root_prop(base_blob);
    unsigned char *b;

    test_case = "structure: name offset past the strings block";
    b = copy();
    put32(b, prop + 8, size_strings + 100);
    EXPECT_ERROR(b, base_size, "property name offset is past the strings block");
    struct platform_error err;
    struct platform_info info;
    platform_info_parse(b, base_size, &info, &err);
    CHECK_EQ(err.offset, prop);
    free(b);

    test_case = "structure: name not terminated inside the strings block";
    b = copy();
    put32(b, prop + 8, size_strings - 2);   /* last character of last name */
    put32(b, 32, size_strings - 1);         /* ... whose NUL is cut off */
    EXPECT_ERROR(b, base_size, "property name is not terminated inside the "
                 "strings block");
    free(b);

    test_case = "structure: property value runs past the block";
    b = copy();
    put32(b, prop + 4, 0x7fffff00);
    EXPECT_ERROR(b, base_size, "property value runs past the structure block");
    free(b);

    test_case = "structure: property header cut by the block end";
    b = copy();
    put32(b, struct_end - 4, 3);            /* FDT_END -> FDT_PROP */
    EXPECT_ERROR(b, base_size, "property header runs past the structure block");
    free(b);

    test_case = "structure: unterminated node name";
    b = copy();
    int last = 0;
    for (int n = 0; n >= 0; n = fdt_next_node(b, n, NULL))
        last = n;
    size_t name = off_struct + (size_t)last + 4;
    memset(b + name, 'a', struct_end - name);
    EXPECT_ERROR(b, base_size, "node name is not terminated inside the "
                 "structure block");
    free(b);

    test_case = "structure: unknown token";
    b = copy();
    put32(b, prop, 7);
    EXPECT_ERROR(b, base_size, "unknown token");
    free(b);

    test_case = "structure: no FDT_END";
    b = copy();
    put32(b, 36, size_struct - 4);
    EXPECT_ERROR(b, base_size, "structure block ends without FDT_END");
    free(b);

    test_case = "structure: FDT_END inside an open node";
    b = copy();
    put32(b, struct_end - 8, 4);            /* root's FDT_END_NODE -> NOP */
    EXPECT_ERROR(b, base_size, "FDT_END inside an open node");
    free(b);

    test_case = "structure: FDT_END_NODE without a node";
    b = copy();
    put32(b, struct_end - 4, 2);            /* FDT_END -> FDT_END_NODE */
    EXPECT_ERROR(b, base_size, "FDT_END_NODE without a node");
    free(b);

    test_case = "structure: property outside any node";
    b = copy();
    put32(b, off_struct, 4);                /* root's FDT_BEGIN_NODE "" */
    put32(b, off_struct + 4, 4);            /* -> NOP NOP */
    EXPECT_ERROR(b, base_size, "property outside any node");
    free(b);

    test_case = "structure: a second root";
    static unsigned char two[256];
    CHECK(fdt_create(two, sizeof two) == 0 && fdt_finish_reservemap(two) == 0);
    CHECK(fdt_begin_node(two, "") == 0 && fdt_end_node(two) == 0);
    CHECK(fdt_begin_node(two, "") == 0 && fdt_end_node(two) == 0);
    CHECK(fdt_finish(two) == 0);
    EXPECT_ERROR(two, fdt_totalsize(two), "more than one root node");

    test_case = "structure: no root node";
    b = copy();
    put32(b, 8, struct_end - 4);
    put32(b, 36, 4);
    EXPECT_ERROR(b, base_size, "no root node");
    free(b);
}

/* A chain of `levels` nodes below the root of the base synthetic tree. */
static void nesting(void)
{
    static struct tree t;
    char path[256];
    struct dtb dtb;
    struct dtb_error err;
    size_t size;

    test_case = "nesting: 32 open nodes are fine, 33 are not";
    tree_base(&t);
    strcpy(path, "/");
    for (int level = 1; level <= 32; level++) {
        tree_add_node(&t, path, "n");
        strcat(path, level == 1 ? "n" : "/n");
        unsigned char *b = tree_blob(&t, &size);
        bool ok = dtb_open(&dtb, b, size, &err);
        if (level < DTB_MAX_DEPTH) {
            CHECK(ok);
            struct platform_info info;
            PARSE_OK(b, size, &info);
            if (ok) {
                int n = dtb_find_path(&dtb, path, strlen(path));
                char back[256];
                CHECK(n != DTB_NONE);
                dtb_node_path(&dtb, n, back, sizeof back);
                CHECK(strcmp(back, path) == 0);
            }
        } else {
            CHECK(!ok);
            EXPECT_ERROR(b, size, "nodes nested more than 32 deep");
        }
        free(b);
    }
}

static void platform_level(void)
{
    /* Edits of the real virt tree through libfdt, in a roomier buffer. */
    static unsigned char buf[1 << 16];
    unsigned char *b;
    size_t size;

    test_case = "platform: interrupts-extended phandle to nothing";
    CHECK(fdt_open_into(base_blob, buf, sizeof buf) == 0);
    int plic = fdt_node_offset_by_compatible(buf, -1, "riscv,plic0");
    int len;
    const fdt32_t *ext = fdt_getprop(buf, plic, "interrupts-extended", &len);
    fdt32_t cells[64];
    memcpy(cells, ext, (size_t)len);
    cells[2] = cpu_to_fdt32(0x4242);       /* entry 1's phandle */
    CHECK(fdt_setprop_inplace(buf, plic, "interrupts-extended", cells, len) == 0);
    CHECK(fdt_pack(buf) == 0);
    size = fdt_totalsize(buf);
    b = malloc(size);
    memcpy(b, buf, size);
    EXPECT_ERROR(b, size, "PLIC /soc/plic@c000000: interrupts-extended entry 1: "
                 "phandle 0x4242 refers to no node");
    free(b);

    test_case = "platform: memory reg with odd length";
    CHECK(fdt_open_into(base_blob, buf, sizeof buf) == 0);
    int mem = fdt_path_offset(buf, "/memory@80000000");
    CHECK(fdt_setprop(buf, mem, "reg", "\0\0\0\0\x80\0\0\0\0\0\0\0", 12) == 0);
    CHECK(fdt_pack(buf) == 0);
    size = fdt_totalsize(buf);
    b = malloc(size);
    memcpy(b, buf, size);
    EXPECT_ERROR(b, size, "memory node /memory@80000000: reg length 12 is not "
                 "a multiple of 16");
    free(b);
}

/* Every prefix: as is (must fail), and with the header shrunk to match so
 * that the walker, not the size check, meets the cut. */
static void truncations(const char *path, const unsigned char *blob, size_t size)
{
    test_case = path;
    for (size_t len = 0; len < size; len++) {
        unsigned char *b = malloc(len ? len : 1);
        memcpy(b, blob, len);
        EXPECT_ERROR(b, len, "truncated");
        if (len >= 40) {
            uint32_t off_struct = get32(b, 8), off_strings = get32(b, 12);
            put32(b, 4, (uint32_t)len);
            if (off_struct <= len && get32(b, 36) > len - off_struct)
                put32(b, 36, (uint32_t)len - off_struct);
            if (off_strings <= len && get32(b, 32) > len - off_strings)
                put32(b, 32, (uint32_t)len - off_strings);
            fdt_exercise(b, len, 0);
        }
        free(b);
    }
}

/* One byte changed at every offset: flipped to its complement, and for
 * `thorough` trees also with its low and high bit flipped. */
static void corruptions(const char *path, const unsigned char *blob,
                        size_t size, bool thorough)
{
    static const unsigned char flips[] = {0xff, 0x01, 0x80};
    unsigned char *b = malloc(size);
    test_case = path;
    memcpy(b, blob, size);
    for (size_t off = 0; off < size; off++) {
        for (size_t k = 0; k < (thorough ? sizeof flips : 1); k++) {
            b[off] = blob[off] ^ flips[k];
            fdt_exercise(b, size, 0);
        }
        b[off] = blob[off];
    }
    free(b);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return fprintf(stderr, "usage: %s DTB_DIR\n", argv[0]), 2;
    char base_path[4096];
    snprintf(base_path, sizeof base_path, "%s/opensbi-handoff-virt-smp4-2G.dtb",
             argv[1]);
    base_blob = test_read_file(base_path, &base_size);

    header();
    structure();
    nesting();
    platform_level();

    size_t n;
    char **files = test_list_files(argv[1], ".dtb", &n);
    for (size_t i = 0; i < n; i++) {
        size_t size;
        unsigned char *blob = test_read_file(files[i], &size);
        truncations(files[i], blob, size);
        corruptions(files[i], blob, size, strstr(files[i], "virt-smp4") != NULL);
        printf("survived every prefix and byte corruption of %s\n", files[i]);
        free(blob);
    }
    test_free_files(files, n);
    free(base_blob);
    return test_finish("platform hostile");
}
