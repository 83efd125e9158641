/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Support code every pass uses: the arena (one model = one arena, so passes
 * never free piecemeal), growable arrays, diagnostics in the
 * `file:line:col: message` form with the offending text shown, file reading
 * and the two hash tables (object names, filled slots).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <capdl/capdl.h>

/* ---- Arena ------------------------------------------------------------------ */

struct cdl_chunk {
    struct cdl_chunk *next;
    size_t size, used;
    max_align_t data[];
};

#define CHUNK_MIN (64 * 1024)

void *cdl_alloc(struct cdl_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct cdl_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
        c = malloc(sizeof *c + want);
        if (!c) {
            fprintf(stderr, "conductor-capdl: out of memory\n");
            exit(2);
        }
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->total += want;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *cdl_strndup(struct cdl_arena *a, const char *s, size_t n)
{
    char *p = cdl_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *cdl_strdup(struct cdl_arena *a, const char *s)
{
    return cdl_strndup(a, s, strlen(s));
}

void cdl_arena_free(struct cdl_arena *a)
{
    while (a->head) {
        struct cdl_chunk *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    a->total = 0;
}

void *cdl_vec_grow(struct cdl_arena *a, void *v, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return v;
    uint32_t n = *cap ? *cap : 4;
    while (n < need)
        n = n > UINT32_MAX / 2 ? need : n * 2;
    /* The old block stays in the arena: doubling bounds the waste to 2x. */
    void *p = cdl_alloc(a, (size_t)n * elem);
    if (v)
        memcpy(p, v, (size_t)*cap * elem);
    *cap = n;
    return p;
}

/* ---- Diagnostics -------------------------------------------------------------- */

static void show_line(FILE *out, struct cdl_loc loc)
{
    const char *t = loc.src->text, *end = t + loc.src->len;
    for (uint32_t line = 1; line < loc.line && t < end; t++)
        if (*t == '\n')
            line++;
    const char *e = t;
    while (e < end && *e != '\n')
        e++;
    fprintf(out, "  %.*s\n  ", (int)(e - t), t);
    /* Tabs stay tabs so the marker lines up under the text. */
    for (uint32_t i = 1; i < loc.col && t + i - 1 < e; i++)
        fputc(t[i - 1] == '\t' ? '\t' : ' ', out);
    fputc('^', out);
    uint32_t max = (uint32_t)(e - t) >= loc.col ? (uint32_t)(e - t) - loc.col + 1 : 1;
    uint32_t len = loc.len < max ? loc.len : max;
    for (uint32_t i = 1; i < len; i++)
        fputc('~', out);
    fputc('\n', out);
}

static void report(struct cdl_diag *d, struct cdl_loc loc, const char *kind, const char *fmt,
                   va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (!d->out || (d->max_errors && d->errors + d->warnings > d->max_errors))
        return;
    if (loc.src) {
        fprintf(d->out, "%s:%u:%u: %s%s\n", loc.src->path, loc.line, loc.col, kind, msg);
        if (loc.line > 0)
            show_line(d->out, loc);
    } else {
        fprintf(d->out, "conductor-capdl: %s%s\n", kind, msg);
    }
}

void cdl_error(struct cdl_diag *d, struct cdl_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->errors++;
    report(d, loc, "", fmt, ap);
    va_end(ap);
}

void cdl_warning(struct cdl_diag *d, struct cdl_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->warnings++;
    report(d, loc, "warning: ", fmt, ap);
    va_end(ap);
}

void cdl_error_plain(struct cdl_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->errors++;
    report(d, (struct cdl_loc){ 0 }, "", fmt, ap);
    va_end(ap);
}

/* ---- Files ---------------------------------------------------------------------- */

char *cdl_read_file(struct cdl_arena *a, const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= max) {
            free(buf);
            fclose(f);
            errno = EFBIG;
            return NULL;
        }
        cap = cap * 2 > max ? max : cap * 2;
        char *p = realloc(buf, cap + 1);
        if (!p) {
            free(buf);
            buf = NULL;
        } else {
            buf = p;
        }
    }
    int failed = !buf || ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        errno = buf ? EIO : ENOMEM;
        return NULL;
    }
    char *out = cdl_strndup(a, buf, n);
    free(buf);
    *len = n;
    return out;
}

char *cdl_path_join(struct cdl_arena *a, const char *dir, const char *path)
{
    if (path[0] == '/' || !dir[0])
        return cdl_strdup(a, path);
    size_t dl = strlen(dir), pl = strlen(path);
    char *p = cdl_alloc(a, dl + pl + 2);
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, path, pl);
    return p;
}

char *cdl_dirname(struct cdl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return cdl_strdup(a, "");
    if (slash == path)
        return cdl_strdup(a, "/");
    return cdl_strndup(a, path, (size_t)(slash - path));
}

const char *cdl_find_file(struct cdl_arena *a, const struct cdl_options *opt,
                          const struct cdl_source *src, const char *name)
{
    if (!opt->allow_files || !name[0])
        return NULL;
    const char *p = cdl_path_join(a, src ? src->dir : "", name);
    FILE *f = fopen(p, "rb");
    for (uint32_t i = 0; !f && name[0] != '/' && i < opt->n_search_dirs; i++) {
        p = cdl_path_join(a, opt->search_dirs[i], name);
        f = fopen(p, "rb");
    }
    if (!f)
        return NULL;
    fclose(f);
    return p;
}

const uint8_t *cdl_load_file(struct cdl_arena *a, const struct cdl_options *opt,
                             const struct cdl_source *src, const char *name, size_t *len,
                             int *err)
{
    if (opt->fake_file) {
        *len = opt->fake_file_size;
        return opt->fake_file;
    }
    if (!opt->allow_files) {
        *err = EPERM;
        return NULL;
    }
    const char *path = cdl_find_file(a, opt, src, name);
    const char *data = path ? cdl_read_file(a, path, 1u << 30, len) : NULL;
    if (!data)
        *err = path ? errno : ENOENT;
    return (const uint8_t *)data;
}

/* ---- Hash tables -------------------------------------------------------------------- */

struct cdl_name_entry {
    const char *name;   /* NULL: empty */
    uint32_t index, value;
    uint64_t hash;
};

static uint64_t hash_name(const char *s, uint32_t index)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= index;
    h *= 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
}

uint32_t cdl_names_get(const struct cdl_names *t, const char *name, uint32_t index)
{
    if (!t->cap)
        return CDL_NONE;
    uint64_t h = hash_name(name, index);
    for (uint32_t i = (uint32_t)h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        const struct cdl_name_entry *e = &t->slots[i];
        if (!e->name)
            return CDL_NONE;
        if (e->hash == h && e->index == index && strcmp(e->name, name) == 0)
            return e->value;
    }
}

void cdl_names_put(struct cdl_arena *a, struct cdl_names *t, const char *name, uint32_t index,
                   uint32_t value)
{
    if ((t->used + 1) * 2 > t->cap) {
        struct cdl_names n = { 0 };
        n.cap = t->cap ? t->cap * 2 : 64;
        n.slots = cdl_alloc(a, n.cap * sizeof *n.slots);
        for (uint32_t i = 0; i < t->cap; i++)
            if (t->slots[i].name)
                cdl_names_put(a, &n, t->slots[i].name, t->slots[i].index, t->slots[i].value);
        *t = n;
    }
    uint64_t h = hash_name(name, index);
    for (uint32_t i = (uint32_t)h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        struct cdl_name_entry *e = &t->slots[i];
        if (!e->name) {
            *e = (struct cdl_name_entry){ name, index, value, h };
            t->used++;
            return;
        }
        if (e->hash == h && e->index == index && strcmp(e->name, name) == 0) {
            e->value = value;
            return;
        }
    }
}

struct cdl_slotmap_entry {
    uint64_t slot;
    uint32_t obj;       /* CDL_NONE: empty */
    uint32_t value;
};

static uint32_t hash_slot(uint32_t obj, uint64_t slot)
{
    uint64_t h = (slot ^ ((uint64_t)obj << 32) ^ obj) * 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(h >> 32);
}

uint32_t cdl_slotmap_get(const struct cdl_slotmap *m, uint32_t obj, uint64_t slot)
{
    if (!m->cap)
        return CDL_NONE;
    for (uint32_t i = hash_slot(obj, slot) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const struct cdl_slotmap_entry *e = &m->slots[i];
        if (e->obj == CDL_NONE)
            return CDL_NONE;
        if (e->obj == obj && e->slot == slot)
            return e->value;
    }
}

void cdl_slotmap_put(struct cdl_arena *a, struct cdl_slotmap *m, uint32_t obj, uint64_t slot,
                     uint32_t value)
{
    if ((m->used + 1) * 2 > m->cap) {
        struct cdl_slotmap n = { 0 };
        n.cap = m->cap ? m->cap * 2 : 256;
        n.slots = cdl_alloc(a, n.cap * sizeof *n.slots);
        for (uint32_t i = 0; i < n.cap; i++)
            n.slots[i].obj = CDL_NONE;
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->slots[i].obj != CDL_NONE)
                cdl_slotmap_put(a, &n, m->slots[i].obj, m->slots[i].slot, m->slots[i].value);
        *m = n;
    }
    for (uint32_t i = hash_slot(obj, slot) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct cdl_slotmap_entry *e = &m->slots[i];
        if (e->obj == CDL_NONE) {
            *e = (struct cdl_slotmap_entry){ slot, obj, value };
            m->used++;
            return;
        }
        if (e->obj == obj && e->slot == slot) {
            e->value = value;
            return;
        }
    }
}
