/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generic dtb_* reader against libfdt on every real tree: the same node
 * sequence and depths, names, paths, parents, children, siblings, property
 * lists, reg decoding, phandles and aliases. Then the corners libfdt cannot
 * judge: path syntax, truncated path output, value accessors' bounds and
 * the /memreserve/ map.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fdt.h"
#include "tree_builder.h"

static struct dtb open_blob(const void *blob, size_t size)
{
    struct dtb dtb;
    struct dtb_error err;
    memset(&dtb, 0, sizeof dtb);
    if (!dtb_open(&dtb, blob, size, &err))
        test_fail(__FILE__, __LINE__, "dtb_open: %s (at %u)", err.message,
                  (unsigned)err.offset);
    return dtb;
}

/* Our node offsets are blob offsets; libfdt's are relative to the block. */
static int ours(const void *fdt, int libfdt_offset)
{
    return libfdt_offset < 0 ? DTB_NONE
                             : libfdt_offset + (int)fdt_off_dt_struct(fdt);
}

static void check_props(const struct dtb *dtb, const void *fdt, int n, int ln)
{
    struct dtb_prop p, q;
    bool have = dtb_first_prop(dtb, n, &p);
    int lp;
    fdt_for_each_property_offset(lp, fdt, ln) {
        const char *name;
        int len;
        const void *data = fdt_getprop_by_offset(fdt, lp, &name, &len);
        CHECK(have);
        if (!have)
            return;
        CHECK(strcmp(p.name, name) == 0);
        CHECK_EQ(p.len, len);
        CHECK(p.data == data);
        CHECK_EQ(p.offset, ours(fdt, lp));
        /* Lookup by name finds the same property. */
        CHECK(dtb_get_prop(dtb, n, name, &q) && q.offset == p.offset);
        if (strcmp(name, "compatible") == 0) {
            uint32_t pos = 0, slen;
            const char *s;
            for (int i = 0; i < fdt_stringlist_count(fdt, ln, name); i++) {
                CHECK(dtb_stringlist_next(&p, &pos, &s, &slen));
                CHECK(strcmp(s, fdt_stringlist_get(fdt, ln, name, i, NULL)) == 0);
                CHECK(dtb_node_compatible(dtb, n, s));
            }
            CHECK(!dtb_stringlist_next(&p, &pos, &s, &slen));
        }
        have = dtb_next_prop(dtb, &p);
    }
    CHECK(!have);
    CHECK(!dtb_get_prop(dtb, n, "no-such-property", &q));
}

static void check_reg(const struct dtb *dtb, const void *fdt, int n, int ln)
{
    struct dtb_reg reg;
    int parent = fdt_parent_offset(fdt, ln);
    int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
    int len;
    const fdt32_t *cells = fdt_getprop(fdt, ln, "reg", &len);
    enum dtb_reg_status st = dtb_reg_open(dtb, n, DTB_NONE, &reg);
    if (parent < 0)
        return;   /* the root: libfdt has no parent to ask */
    CHECK_EQ(dtb_address_cells(dtb, ours(fdt, parent)), ac);
    CHECK_EQ(dtb_size_cells(dtb, ours(fdt, parent)), sc);
    if (cells == NULL) {
        CHECK_EQ(st, DTB_REG_ABSENT);
        return;
    }
    if (ac < 1 || ac > 2 || sc > 2) {
        CHECK_EQ(st, DTB_REG_BAD_CELLS);
        return;
    }
    CHECK_EQ(st, len % (4 * (ac + sc)) ? DTB_REG_BAD_LENGTH : DTB_REG_OK);
    if (st != DTB_REG_OK)
        return;
    CHECK_EQ(reg.count, len / (4 * (ac + sc)));
    for (uint32_t i = 0; i < reg.count; i++) {
        uint64_t base, size, want_base = 0, want_size = 0;
        for (int k = 0; k < ac; k++)
            want_base = want_base << 32 | fdt32_to_cpu(cells[i * (ac + sc) + k]);
        for (int k = 0; k < sc; k++)
            want_size = want_size << 32 | fdt32_to_cpu(cells[i * (ac + sc) + ac + k]);
        CHECK(dtb_reg_get(&reg, i, &base, &size));
        CHECK_EQ(base, want_base);
        CHECK_EQ(size, want_size);
    }
    uint64_t b, s;
    CHECK(!dtb_reg_get(&reg, reg.count, &b, &s));
}

static void check_tree(const void *blob, size_t size)
{
    const void *fdt = blob;
    struct dtb dtb = open_blob(blob, size);
    int depth = 0, ldepth = 0, ln = 0, count = 0;
    char path[512], lpath[512];

    CHECK_EQ(dtb_root(&dtb), ours(fdt, 0));
    for (int n = dtb_root(&dtb); n != DTB_NONE;
         n = dtb_next_node(&dtb, n, &depth), ln = fdt_next_node(fdt, ln, &ldepth)) {
        count++;
        CHECK_EQ(n, ours(fdt, ln));
        CHECK_EQ(depth, ldepth);
        CHECK(strcmp(dtb_node_name(&dtb, n), fdt_get_name(fdt, ln, NULL)) == 0);
        CHECK_EQ(dtb_parent(&dtb, n), ours(fdt, fdt_parent_offset(fdt, ln)));
        CHECK_EQ(dtb_first_child(&dtb, n), ours(fdt, fdt_first_subnode(fdt, ln)));
        CHECK_EQ(dtb_next_sibling(&dtb, n), ours(fdt, fdt_next_subnode(fdt, ln)));
        size_t plen = dtb_node_path(&dtb, n, path, sizeof path);
        CHECK(fdt_get_path(fdt, ln, lpath, sizeof lpath) == 0);
        CHECK(strcmp(path, lpath) == 0);
        CHECK_EQ(plen, strlen(lpath));
        CHECK_EQ(dtb_find_path(&dtb, path, strlen(path)), n);
        uint32_t ph = fdt_get_phandle(fdt, ln);
        if (ph != 0)
            CHECK_EQ(dtb_node_by_phandle(&dtb, ph), n);
        const char *status = fdt_getprop(fdt, ln, "status", NULL);
        CHECK_EQ(dtb_node_enabled(&dtb, n),
                 !status || !strcmp(status, "okay") || !strcmp(status, "ok"));
        check_props(&dtb, fdt, n, ln);
        check_reg(&dtb, fdt, n, ln);
    }
    CHECK(ln < 0 || ldepth < 0);   /* libfdt left the root too */
    CHECK(count > 10);

    int aliases = fdt_path_offset(fdt, "/aliases"), lp;
    if (aliases >= 0)
        fdt_for_each_property_offset(lp, fdt, aliases) {
            const char *name;
            fdt_getprop_by_offset(fdt, lp, &name, NULL);
            CHECK_EQ(dtb_find_path(&dtb, name, strlen(name)),
                     ours(fdt, fdt_path_offset(fdt, name)));
        }
    CHECK_EQ(dtb.n_memreserve, fdt_num_mem_rsv(fdt));
}

static void find(const struct dtb *dtb, const char *path, const char *want)
{
    char got[256] = "(none)";
    int n = dtb_find_path(dtb, path, strlen(path));
    if (n != DTB_NONE)
        dtb_node_path(dtb, n, got, sizeof got);
    if (strcmp(got, want) != 0)
        test_fail(__FILE__, __LINE__, "find \"%s\": got %s, want %s", path,
                  got, want);
}

static void synthetic(void)
{
    static struct tree t;
    size_t size;

    test_case = "paths, aliases, accessors, memreserve";
    tree_base(&t);
    tree_add_memreserve(&t, 0x1000, 0x2000);
    tree_add_memreserve(&t, 0xffffffff00000000ull, 0x10);
    tree_set_string(&t, "/aliases", "cpu", "/cpus/cpu@1");
    tree_set_string(&t, "/aliases", "relative", "cpus");
    /* libfdt adds each new node as the first child and refuses "serial"
     * next to serial@..., hence the rename: /soc ends up with serial@5,
     * serial, serial@10000000 in that order. */
    tree_add_node(&t, "/soc", "serialx");
    tree_add_node(&t, "/soc", "serial@5");
    tree_rename(&t, "/soc/serialx", "serial");
    tree_set_raw(&t, "/soc", "odd", "\1\2\3\4\5\6\7", 7);
    tree_set_raw(&t, "/soc", "list", "a\0bc\0unterminated", 17);
    unsigned char *blob = tree_blob(&t, &size);
    struct dtb dtb = open_blob(blob, size);

    find(&dtb, "/", "/");
    find(&dtb, "/cpus", "/cpus");
    find(&dtb, "/cpus/", "/cpus");
    find(&dtb, "//cpus//cpu@1", "/cpus/cpu@1");
    find(&dtb, "/cpus/cpu", "/cpus/cpu@0");        /* no unit address: first */
    find(&dtb, "/soc/serial", "/soc/serial");      /* exact beats serial@5 */
    find(&dtb, "/soc/serial@5", "/soc/serial@5");
    find(&dtb, "/memory", "/memory@80000000");
    find(&dtb, "/memory@8", "(none)");
    find(&dtb, "/cpus/cpu@1/interrupt-controller", "/cpus/cpu@1/interrupt-controller");
    find(&dtb, "serial0", "/soc/serial@10000000");
    find(&dtb, "serial0:115200n8", "/soc/serial@10000000");
    find(&dtb, "/soc/serial@10000000:opts/x", "/soc/serial@10000000");
    find(&dtb, "cpu/interrupt-controller", "/cpus/cpu@1/interrupt-controller");
    find(&dtb, "relative", "(none)");              /* alias values are absolute */
    find(&dtb, "serial", "(none)");
    find(&dtb, "", "(none)");
    find(&dtb, ":x", "(none)");
    CHECK_EQ(dtb_find_path(&dtb, "/cpusXYZ", 5), dtb_find_path(&dtb, "/cpus", 5));

    char small[8];
    int cpu1 = dtb_find_path(&dtb, "/cpus/cpu@1", 11);
    CHECK_EQ(dtb_node_path(&dtb, cpu1, small, sizeof small), 11);
    CHECK(strcmp(small, "/cpus/c") == 0);
    CHECK_EQ(dtb_node_path(&dtb, cpu1 + 4, small, sizeof small), 0);
    CHECK_EQ(dtb_node_path(&dtb, -5, small, sizeof small), 0);
    CHECK(dtb_node_name(&dtb, cpu1 + 4) == NULL);
    CHECK_EQ(dtb_parent(&dtb, dtb_root(&dtb)), DTB_NONE);
    CHECK_EQ(dtb_parent(&dtb, 123456), DTB_NONE);
    int depth = 0;
    CHECK_EQ(dtb_next_node(&dtb, -1, &depth), DTB_NONE);
    CHECK_EQ(dtb_node_by_phandle(&dtb, 0), DTB_NONE);
    CHECK_EQ(dtb_node_by_phandle(&dtb, 0xffffffff), DTB_NONE);
    CHECK_EQ(dtb_node_by_phandle(&dtb, 77), DTB_NONE);

    int soc = dtb_find_path(&dtb, "/soc", 4);
    struct dtb_prop p;
    uint32_t v32;
    uint64_t v64;
    const char *s;
    CHECK(dtb_get_prop(&dtb, soc, "odd", &p));
    CHECK(dtb_prop_u32(&p, 0, &v32) && v32 == 0x01020304);
    CHECK(!dtb_prop_u32(&p, 1, &v32));             /* 3 bytes left: no */
    CHECK(!dtb_prop_cells(&p, 0, 2, &v64));
    CHECK(!dtb_prop_cells(&p, 0xffffffff, 1, &v64));
    CHECK(!dtb_prop_cells(&p, 0, 3, &v64));
    CHECK(!dtb_prop_string(&p, &s));
    CHECK(!dtb_get_u32(&dtb, soc, "odd", &v32));
    CHECK(!dtb_get_uint(&dtb, soc, "odd", &v64));
    CHECK(dtb_get_uint(&dtb, soc, "#address-cells", &v64) && v64 == 2);
    CHECK(dtb_get_string(&dtb, soc, "compatible", &s) && !strcmp(s, "simple-bus"));
    CHECK(dtb_get_prop(&dtb, soc, "list", &p));
    uint32_t pos = 0, len;
    CHECK(dtb_stringlist_next(&p, &pos, &s, &len) && len == 1 && s[0] == 'a');
    CHECK(dtb_stringlist_next(&p, &pos, &s, &len) && len == 2);
    CHECK(!dtb_stringlist_next(&p, &pos, &s, &len));  /* unterminated tail */
    CHECK(!dtb_stringlist_contains(&p, "unterminated"));
    CHECK(!dtb_stringlist_contains(&p, "b"));
    CHECK(dtb_stringlist_contains(&p, "bc"));

    uint64_t base, sz;
    CHECK_EQ(dtb.n_memreserve, 2);
    CHECK(dtb_memreserve(&dtb, 0, &base, &sz) && base == 0x1000 && sz == 0x2000);
    CHECK(dtb_memreserve(&dtb, 1, &base, &sz) && base == 0xffffffff00000000ull);
    CHECK(!dtb_memreserve(&dtb, 2, &base, &sz));
    check_tree(blob, size);
    free(blob);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return fprintf(stderr, "usage: %s DTB_DIR\n", argv[0]), 2;
    size_t n;
    char **files = test_list_files(argv[1], ".dtb", &n);
    for (size_t i = 0; i < n; i++) {
        size_t size;
        unsigned char *blob = test_read_file(files[i], &size);
        test_case = files[i];
        check_tree(blob, size);
        free(blob);
    }
    test_free_files(files, n);
    CHECK(n > 0);
    synthetic();
    return test_finish("platform api");
}
