/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unit.capdl.format: the binary spec as the loader will see it. Every
 * example and golden spec is compiled in memory and its blob must pass the
 * loader's checker (cdlb_check) and keep the promised order: fixed physical
 * addresses first, then largest first, untypeds before what they cover,
 * IRQs last; page tables before frames in each VSpace; fills carrying the
 * ELF's bytes. Then the checker meets hostile blobs: every truncation, every
 * byte changed, and targeted corruptions that must be refused.
 * Usage: test_capdl_format EXAMPLES_DIR GOLDEN_DIR VIRT_DTB
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <platform/platform_info.h>
#include <capdl/capdl.h>
#include <capdl/format.h>

static int failures;

#define CHECK(cond, ...)                                                          \
    do {                                                                          \
        if (!(cond)) {                                                            \
            failures++;                                                           \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                 \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
        }                                                                         \
    } while (0)

struct compiled {
    uint8_t *blob;
    size_t size;
};

static bool compile(const char *path, const char *const *dirs, unsigned n_dirs, const char *dtb,
                    size_t dtb_size, struct compiled *out)
{
    struct cdl_model m;
    cdl_model_init(&m);
    struct cdl_diag d = { .out = stderr };
    struct cdl_source *src = cdl_alloc(&m.arena, sizeof *src);
    size_t len;
    src->path = path;
    src->dir = cdl_dirname(&m.arena, path);
    src->text = cdl_read_file(&m.arena, path, 1u << 24, &len);
    src->len = len;
    struct cdl_options opt = { .allow_files = true, .search_dirs = dirs, .n_search_dirs = n_dirs };
    bool ok = src->text && cdl_parse(&m, &d, src, &opt, dtb, dtb_size) &&
              cdl_check(&m, &d, &opt, NULL) && cdl_emit(&m, &d, &opt, &out->blob, &out->size);
    cdl_model_free(&m);
    return ok;
}

static void check_order(const char *name, const struct cdlb_view *v)
{
    int phase = 0;   /* 0 paddr, 1 sized, 2 no memory */
    uint64_t last_paddr = 0;
    uint8_t last_bits = 64;
    for (uint32_t i = 0; i < v->count[CDLB_SEC_OBJECTS]; i++) {
        struct cdlb_object o;
        cdlb_object_at(v, i, &o);
        if (o.parent != CDLB_NONE)
            continue;   /* children follow their untyped */
        int p = (o.flags & CDLB_OBJ_HAS_PADDR) ? 0 : o.mem_bits ? 1 : 2;
        CHECK(p >= phase, "%s: object %u (%s) out of phase order", name, i, cdlb_string(v, o.name));
        if (p == 0) {
            CHECK(phase > 0 || o.paddr >= last_paddr, "%s: paddr order at %u", name, i);
            last_paddr = o.paddr;
        }
        if (p == 1) {
            CHECK(phase < 1 || o.mem_bits <= last_bits, "%s: size order at %u", name, i);
            last_bits = o.mem_bits;
        }
        phase = p;
    }
    for (uint32_t i = 0; i < v->count[CDLB_SEC_MAPPINGS]; i++) {
        struct cdlb_mapping m, prev;
        cdlb_mapping_at(v, i, &m);
        if (!i)
            continue;
        cdlb_mapping_at(v, i - 1, &prev);
        if (prev.vspace != m.vspace)
            continue;
        int rank = m.kind == CDLB_MAP_FRAME ? 2 : m.level == 2 ? 0 : 1;
        int prank = prev.kind == CDLB_MAP_FRAME ? 2 : prev.level == 2 ? 0 : 1;
        CHECK(rank >= prank, "%s: mapping %u comes before a table it needs", name, i);
    }
}

/* The first fill of every frame named NAME_image_0 must copy the ELF's text. */
static void check_fills(const char *name, const struct cdlb_view *v, const char *elf_dir)
{
    for (uint32_t i = 0; i < v->count[CDLB_SEC_OBJECTS]; i++) {
        struct cdlb_object o;
        cdlb_object_at(v, i, &o);
        const char *label = cdlb_string(v, o.name);
        const char *suffix = strstr(label, "_image_0");
        if (!suffix || suffix[8] || !o.fill_count)
            continue;
        struct cdlb_fill f;
        cdlb_fill_at(v, o.fill_first, &f);
        /* The examples' ELFs hold their 12 bytes of text at file offset 4096. */
        char path[512];
        static const char *const elfs[] = { "hello", "client", "server", "driver" };
        bool matched = false;
        for (size_t k = 0; k < 4 && !matched; k++) {
            snprintf(path, sizeof path, "%s/%s.elf", elf_dir, elfs[k]);
            FILE *fp = fopen(path, "rb");
            uint8_t text[12];
            if (fp && fseek(fp, 4096, SEEK_SET) == 0 && fread(text, 1, 12, fp) == 12)
                matched = f.length == 12 &&
                          memcmp(v->sec[CDLB_SEC_DATA] + f.source, text, 12) == 0;
            if (fp)
                fclose(fp);
        }
        CHECK(matched, "%s: %s's fill does not carry the ELF's text", name, label);
    }
}

/* hl_supervisor.cdl (golden): three components, shell restarts, kv stops,
 * app has its own handler; the supervisor serves one endpoint and signals
 * stop_kv with badge 1; every component has private writable frames to
 * re-fill, and (every spec) each restart frame is mapped writable by its
 * component. */
static void check_supervisor(const char *name, const struct cdlb_view *v)
{
    for (uint32_t i = 0; i < v->count[CDLB_SEC_RESTART]; i++) {
        struct cdlb_restart r;
        cdlb_restart_at(v, i, &r);
        struct cdlb_component k;
        cdlb_component_at(v, r.component, &k);
        bool mapped_here = false;
        for (uint32_t m = 0; m < v->count[CDLB_SEC_MAPPINGS]; m++) {
            struct cdlb_mapping mp;
            cdlb_mapping_at(v, m, &mp);
            mapped_here |= mp.object == r.frame && mp.vspace == k.vspace &&
                           (mp.rights & CDLB_RIGHT_WRITE);
        }
        CHECK(mapped_here, "%s: restart frame %u is not mapped writable by its component", name, i);
    }
    if (strcmp(name, "hl_supervisor.cdl"))
        return;
    CHECK(v->count[CDLB_SEC_COMPONENTS] == 3, "%s: %llu components", name,
          (unsigned long long)v->count[CDLB_SEC_COMPONENTS]);
    static const struct { const char *name; uint8_t flags; } want[] = {
        { "shell", CDLB_COMP_SUPERVISED | CDLB_COMP_RESTART },
        { "kv", CDLB_COMP_SUPERVISED },
        { "app", 0 },
    };
    for (uint32_t i = 0; i < 3 && i < v->count[CDLB_SEC_COMPONENTS]; i++) {
        struct cdlb_component k;
        cdlb_component_at(v, i, &k);
        CHECK(!strcmp(cdlb_string(v, k.name), want[i].name) && k.flags == want[i].flags,
              "%s: component %u is %s with flags %u", name, i, cdlb_string(v, k.name), k.flags);
        CHECK(!(k.flags & CDLB_COMP_SUPERVISED) || k.fault_badge == ((1ULL << 62) | i),
              "%s: component %u fault badge %#llx", name, i, (unsigned long long)k.fault_badge);
        CHECK((k.restart_count > 0) == (i < 3), "%s: component %u has %u restart frames", name, i,
              k.restart_count);
    }
    CHECK(v->count[CDLB_SEC_SUPERVISOR] == 2, "%s: %llu supervisor caps", name,
          (unsigned long long)v->count[CDLB_SEC_SUPERVISOR]);
    for (uint32_t i = 0; i < v->count[CDLB_SEC_SUPERVISOR]; i++) {
        struct cdlb_sup_cap sc;
        cdlb_sup_cap_at(v, i, &sc);
        struct cdlb_object o;
        cdlb_object_at(v, sc.object, &o);
        const char *target = cdlb_string(v, o.name);
        CHECK((sc.kind == CDLB_SUP_SERVE && !strcmp(target, "supervisor_ep")) ||
                  (sc.kind == CDLB_SUP_SIGNAL && !strcmp(target, "stop_kv") && sc.badge == 1),
              "%s: supervisor cap %u: kind %u to %s badge %llu", name, i, sc.kind, target,
              (unsigned long long)sc.badge);
    }
}

static void hostile(const char *name, const struct compiled *c)
{
    struct cdlb_view v;
    char err[160];
    uint8_t *copy = malloc(c->size);
    if (!copy)
        return;
    /* Every truncation: shorter than the declared total is always refused. */
    for (size_t n = 0; n < c->size; n++)
        CHECK(!cdlb_check(c->blob, n, &v, err, sizeof err), "%s: truncated to %zu accepted", name, n);
    /* Every byte, three ways: never a crash (the sanitizers watch). */
    unsigned accepted = 0;
    for (size_t i = 0; i < c->size; i++) {
        static const uint8_t values[] = { 0x00, 0xff, 0x80 };
        for (size_t k = 0; k < sizeof values; k++) {
            memcpy(copy, c->blob, c->size);
            copy[i] ^= values[k] ? values[k] : copy[i];
            accepted += cdlb_check(copy, c->size, &v, err, sizeof err);
        }
    }
    /* Targeted corruptions the checker must catch. */
    static const struct {
        size_t offset;   /* 0: header fields; otherwise relative to a section */
        const char *what;
    } header[] = { { 0, "magic" }, { 8, "version" }, { 12, "header size" }, { 16, "total size" } };
    for (size_t k = 0; k < sizeof header / sizeof *header; k++) {
        memcpy(copy, c->blob, c->size);
        copy[header[k].offset] ^= 0x41;
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: corrupt %s accepted", name,
              header[k].what);
    }
    struct cdlb_view good;
    if (cdlb_check(c->blob, c->size, &good, err, sizeof err) && good.count[CDLB_SEC_OBJECTS] > 1) {
        size_t objects = (size_t)(good.sec[CDLB_SEC_OBJECTS] - c->blob);
        memcpy(copy, c->blob, c->size);
        memset(copy + objects + 8, 0x7f, 4);   /* object 0's parent: far ahead */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: forward parent accepted", name);
        memcpy(copy, c->blob, c->size);
        copy[objects + 4] = 99;                 /* object 0's type */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: bad type accepted", name);
    }
    if (good.count[CDLB_SEC_CAPS]) {
        size_t caps = (size_t)(good.sec[CDLB_SEC_CAPS] - c->blob);
        memcpy(copy, c->blob, c->size);
        memset(copy + caps + 12, 0xee, 4);      /* cap 0's target */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: bad cap target accepted", name);
    }
    if (good.count[CDLB_SEC_MAPPINGS]) {
        size_t maps = (size_t)(good.sec[CDLB_SEC_MAPPINGS] - c->blob);
        memcpy(copy, c->blob, c->size);
        copy[maps] |= 0x08;                     /* misalign mapping 0's address */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: misaligned map accepted", name);
    }
    /* Version 2: the supervisor's tables. */
    if (good.count[CDLB_SEC_COMPONENTS]) {
        size_t comps = (size_t)(good.sec[CDLB_SEC_COMPONENTS] - c->blob);
        memcpy(copy, c->blob, c->size);
        memset(copy + comps + 4, 0xee, 4);      /* component 0's TCB */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: bad component TCB accepted",
              name);
        memcpy(copy, c->blob, c->size);
        copy[comps + 17] = 0x80;                /* component 0's flags */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: bad component flags accepted",
              name);
    }
    if (good.count[CDLB_SEC_RESTART]) {
        size_t rs = (size_t)(good.sec[CDLB_SEC_RESTART] - c->blob);
        memcpy(copy, c->blob, c->size);
        memset(copy + rs + 4, 0x7e, 4);         /* restart 0's component */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: bad restart owner accepted",
              name);
    }
    if (good.count[CDLB_SEC_SUPERVISOR]) {
        size_t sc = (size_t)(good.sec[CDLB_SEC_SUPERVISOR] - c->blob);
        memcpy(copy, c->blob, c->size);
        copy[sc] = 9;                           /* supervisor cap 0's kind */
        CHECK(!cdlb_check(copy, c->size, &v, err, sizeof err), "%s: bad supervisor cap accepted",
              name);
    }
    printf("ok   %s: %zu bytes, %u of %zu single-byte corruptions still well-formed\n", name,
           c->size, accepted, c->size * 3);
    free(copy);
}

static void run_dir(const char *dir, const char *const *dirs, unsigned n_dirs, const char *dtb,
                    size_t dtb_size, const char *elf_dir)
{
    DIR *dp = opendir(dir);
    CHECK(dp, "cannot open %s", dir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".cdl"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct compiled c = { 0 };
        if (!compile(path, dirs, n_dirs, dtb, dtb_size, &c)) {
            CHECK(0, "%s does not compile", path);
            continue;
        }
        struct cdlb_view v;
        char err[160];
        CHECK(cdlb_check(c.blob, c.size, &v, err, sizeof err), "%s: %s", path, err);
        check_order(e->d_name, &v);
        check_fills(e->d_name, &v, elf_dir);
        check_supervisor(e->d_name, &v);
        hostile(e->d_name, &c);
        free(c.blob);
    }
    closedir(dp);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: test_capdl_format EXAMPLES_DIR GOLDEN_DIR VIRT_DTB\n");
        return 2;
    }
    struct cdl_arena a = { 0 };
    size_t dtb_size = 0;
    const char *dtb = cdl_read_file(&a, argv[3], 1u << 20, &dtb_size);
    CHECK(dtb, "cannot read %s", argv[3]);
    char ex_elf[1024], data[1024];
    snprintf(ex_elf, sizeof ex_elf, "%s/elf", argv[1]);
    snprintf(data, sizeof data, "%s/../data", argv[2]);
    const char *ex_dirs[] = { ex_elf };
    const char *golden_dirs[] = { data };
    run_dir(argv[1], ex_dirs, 1, dtb, dtb_size, ex_elf);
    run_dir(argv[2], golden_dirs, 1, dtb, dtb_size, data);
    cdl_arena_free(&a);
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return failures ? 1 : 0;
}
