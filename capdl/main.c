/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conductor-capdl: the capDL compiler's command line.
 *
 *   conductor-capdl SPEC [-o IMAGE] [--expand] [--dot FILE] [--check QUERY]...
 *                   [--dtb FILE] [-L DIR]... [--kernel-size N] [--load-addr A]
 *                   [--dtb-addr A] [--loader FILE.elf] [--root-cnode-bits N]
 *                   [--placement FILE]
 *
 * parse -> check -> (with --dtb) allocate -> (with -o) emit; --expand prints
 * the plain capDL, --dot writes the authority graph, --check answers
 * authority questions. Exit status: 0 success (and every query yes), 1 a
 * query answered no, 2 an error (the messages say where).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/elf.h>
#include <platform/platform_info.h>
#include <capdl/capdl.h>

#define MAX_SPEC (64u << 20)
#define MAX_DIRS 16
#define MAX_QUERIES 64

struct args {
    const char *spec, *out, *dot, *dtb, *loader, *placement;
    bool expand;
    uint32_t max_objects, max_caps;
    const char *queries[MAX_QUERIES];
    unsigned n_queries;
    const char *dirs[MAX_DIRS];
    unsigned n_dirs;
    struct cdl_alloc_config cfg;
};

static int usage(void)
{
    fputs("usage: conductor-capdl SPEC [-o IMAGE] [--expand] [--dot FILE] [--check 'A -> B']\n"
          "                       [--dtb FILE] [-L DIR] [--kernel-size BYTES] [--load-addr ADDR]\n"
          "                       [--dtb-addr ADDR] [--loader FILE.elf] [--root-cnode-bits N]\n"
          "  SPEC is plain capDL (`arch riscv`) or the high-level form (`system NAME`).\n"
          "  -o IMAGE        write the binary spec (capdl/FORMAT.md)\n"
          "  --expand        print the spec as plain capDL\n"
          "  --dot FILE      write the authority graph for Graphviz\n"
          "  --check QUERY   'A -> B', 'A <- B', 'A reads B', 'A writes B' (repeatable)\n"
          "  --dtb FILE      board to allocate for (and device-tree paths to resolve)\n"
          "  -L DIR          another directory for files the spec names\n"
          "  --placement F   with --dtb: write where each object is placed (NAME 0xADDR)\n"
          "exit status: 0 ok, 1 a query answered no, 2 errors\n", stderr);
    return 2;
}

static bool number(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    uint64_t mul = 1;
    if (*end == 'k' || *end == 'K')
        mul = 1ULL << 10, end++;
    else if (*end == 'M')
        mul = 1ULL << 20, end++;
    if (errno || end == s || *end || n > UINT64_MAX / mul)
        return false;
    *v = n * mul;
    return true;
}

static bool parse_args(int argc, char **argv, struct args *a)
{
    a->cfg.kernel_size = 1u << 20;
    a->cfg.root_cnode_bits = 13;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;
        if (!strcmp(s, "--expand")) {
            a->expand = true;
            continue;
        }
        if (s[0] != '-') {
            if (a->spec)
                return false;
            a->spec = s;
            continue;
        }
        if (!v)
            return false;
        i++;
        if (!strcmp(s, "-o"))
            a->out = v;
        else if (!strcmp(s, "--dot"))
            a->dot = v;
        else if (!strcmp(s, "--dtb"))
            a->dtb = v;
        else if (!strcmp(s, "--loader"))
            a->loader = v;
        else if (!strcmp(s, "--placement"))
            a->placement = v;
        else if (!strcmp(s, "--check") && a->n_queries < MAX_QUERIES)
            a->queries[a->n_queries++] = v;
        else if (!strcmp(s, "-L") && a->n_dirs < MAX_DIRS)
            a->dirs[a->n_dirs++] = v;
        else if (!strcmp(s, "--kernel-size") && number(v, &n))
            a->cfg.kernel_size = n;
        else if (!strcmp(s, "--load-addr") && number(v, &n))
            a->cfg.load_addr = n;
        else if (!strcmp(s, "--dtb-addr") && number(v, &n))
            a->cfg.dtb_addr = n;
        else if (!strcmp(s, "--root-cnode-bits") && number(v, &n) && n >= 12 && n <= 16)
            a->cfg.root_cnode_bits = (uint32_t)n;
        else if (!strcmp(s, "--max-objects") && number(v, &n) && n && n <= (1u << 24))
            a->max_objects = (uint32_t)n;   /* for tests of the limits */
        else if (!strcmp(s, "--max-caps") && number(v, &n) && n && n <= (1u << 26))
            a->max_caps = (uint32_t)n;
        else
            return false;
    }
    return a->spec != NULL;
}

/* The loader's image layout and file size, from its ELF (built without the
 * spec) or assumed: 256 KiB at 0x10000. */
static bool loader_layout(struct cdl_arena *ar, struct cdl_diag *d, const struct args *a,
                          struct cdl_alloc_config *cfg, uint64_t *file_size)
{
    cfg->loader_vstart = 0x10000;
    cfg->loader_vend = 0x10000 + (256u << 10);
    *file_size = 256u << 10;
    if (!a->loader)
        return true;
    size_t len;
    const char *elf = cdl_read_file(ar, a->loader, 256u << 20, &len);
    struct elf_image img;
    struct elf_error err;
    if (!elf) {
        cdl_error_plain(d, "%s: %s", a->loader, strerror(errno));
        return false;
    }
    if (!elf_parse(elf, len, 0x3ffffff000ULL, &img, &err)) {
        cdl_error_plain(d, "%s: not a usable loader: %s", a->loader, err.message);
        return false;
    }
    cfg->loader_vstart = img.vstart;
    cfg->loader_vend = img.vend;
    *file_size = len;
    return true;
}

static int run(const struct args *a, struct cdl_model *m, struct cdl_diag *d)
{
    struct cdl_arena *ar = &m->arena;
    struct cdl_source *src = cdl_alloc(ar, sizeof *src);
    size_t len, dtb_size = 0;
    src->path = a->spec;
    src->dir = cdl_dirname(ar, a->spec);
    src->text = cdl_read_file(ar, a->spec, MAX_SPEC, &len);
    src->len = len;
    if (!src->text) {
        cdl_error_plain(d, "%s: %s", a->spec, strerror(errno));
        return 2;
    }
    const char *dtb = NULL;
    struct platform_info *plat = NULL;
    if (a->dtb) {
        struct platform_error perr;
        dtb = cdl_read_file(ar, a->dtb, 16u << 20, &dtb_size);
        plat = cdl_alloc(ar, sizeof *plat);
        if (!dtb || !platform_info_parse(dtb, dtb_size, plat, &perr)) {
            cdl_error_plain(d, "%s: %s", a->dtb, dtb ? perr.message : strerror(errno));
            return 2;
        }
    }
    struct cdl_options opt = { .allow_files = true, .search_dirs = a->dirs, .n_search_dirs = a->n_dirs };
    if (!cdl_parse(m, d, src, &opt, dtb, dtb_size) || !cdl_check(m, d, &opt, plat))
        return 2;
    uint8_t *blob = NULL;
    size_t blob_size = 0;
    if ((a->out || plat) && !cdl_emit(m, d, &opt, &blob, &blob_size))
        return 2;
    int status = 0;
    if (plat) {
        struct cdl_alloc_config cfg = a->cfg;
        uint64_t loader_size;
        if (!loader_layout(ar, d, a, &cfg, &loader_size))
            status = 2;
        /* The spec is linked into the loader (conductor_embed_files), so it
         * grows the loader's image and, with the ELF, the boot payload. */
        uint64_t spec_pages = (blob_size + 4095) & ~4095ULL;
        cfg.loader_vend += spec_pages;
        cfg.payload_size = 4096 + ((loader_size + 4095) & ~4095ULL) + spec_pages;
        if (!status && a->placement && !(cfg.placement = fopen(a->placement, "w"))) {
            cdl_error_plain(d, "%s: cannot write", a->placement);
            status = 2;
        }
        if (!status && !cdl_allocate(m, d, plat, dtb_size, &cfg, stderr))
            status = 2;
        if (cfg.placement && fclose(cfg.placement) != 0) {
            cdl_error_plain(d, "%s: cannot write", a->placement);
            status = 2;
        }
    }
    if (!status && a->out) {
        FILE *f = fopen(a->out, "wb");
        if (!f || fwrite(blob, 1, blob_size, f) != blob_size || fclose(f) != 0) {
            cdl_error_plain(d, "%s: cannot write", a->out);
            status = 2;
        }
    }
    free(blob);
    if (status)
        return status;
    if (a->expand)
        cdl_print(m, stdout);
    if (a->dot) {
        FILE *f = fopen(a->dot, "w");
        if (!f) {
            cdl_error_plain(d, "%s: %s", a->dot, strerror(errno));
            return 2;
        }
        cdl_dot(m, f);
        if (fclose(f) != 0) {
            cdl_error_plain(d, "%s: cannot write", a->dot);
            return 2;
        }
    }
    for (unsigned i = 0; i < a->n_queries; i++) {
        int r = cdl_query(m, d, a->queries[i], stdout);
        if (r < 0)
            return 2;
        if (r == 0)
            status = 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    struct args a;
    memset(&a, 0, sizeof a);
    if (!parse_args(argc, argv, &a))
        return usage();
    struct cdl_diag d = { .out = stderr, .max_errors = 50 };
    struct cdl_model m;
    cdl_model_init(&m);
    if (a.max_objects)
        m.limits.max_objects = a.max_objects;
    if (a.max_caps)
        m.limits.max_caps = a.max_caps;
    int status = run(&a, &m, &d);
    cdl_model_free(&m);
    return status;
}
