/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Flattened device tree reader; the contract is in platform/fdt.h. Every read
 * of the structure block goes through read_token(), which checks the token
 * and its payload (and a property's name offset) against the block bounds,
 * so no path indexes the blob unchecked. Every loop moves a strictly
 * increasing offset or index towards a bound, so all of them end.
 */
#include "platform/fdt.h"

#include "fdt_string.h"

#define TOK_BEGIN_NODE 1u
#define TOK_END_NODE 2u
#define TOK_PROP 3u
#define TOK_NOP 4u
#define TOK_END 9u

#define HEADER_V16_SIZE 36u  /* version 16 has no size_dt_struct */
#define HEADER_V17_SIZE 40u
#define RSVMAP_ENTRY_SIZE 16u
#define STR(x) #x
#define DTB_MAX_DEPTH_STR STR(32)
_Static_assert(DTB_MAX_DEPTH == 32, "update DTB_MAX_DEPTH_STR");

struct token {
    uint32_t tag;
    uint32_t next;      /* offset of the token after this one */
    uint32_t len;       /* FDT_PROP: value length */
    uint32_t nameoff;   /* FDT_PROP: name offset in the strings block */
};

static bool bad(const char **why, const char *reason)
{
    *why = reason;
    return false;
}

static uint32_t align4(uint32_t v)
{
    return (v + 3u) & ~3u;
}

/*
 * Decodes the token at blob offset `off`. False, with the reason in *why, if
 * the token or anything it carries is not inside the structure block, or a
 * property's name is not a NUL-terminated string inside the strings block.
 */
static bool read_token(const struct dtb *dtb, uint32_t off, struct token *t,
                       const char **why)
{
    const uint8_t *b = dtb->blob;
    uint32_t end = dtb->struct_end;

    t->len = 0;
    t->nameoff = 0;
    if (off < dtb->struct_off || off > end || (off & 3u) != 0)
        return bad(why, "token offset outside the structure block");
    if (end - off < 4)
        return bad(why, "structure block ends without FDT_END");
    t->tag = dtb_be32(b + off);
    t->next = off + 4;
    switch (t->tag) {
    case TOK_BEGIN_NODE: {
        uint32_t p = off + 4;
        while (p < end && b[p] != '\0')
            p++;
        if (p >= end)
            return bad(why, "node name is not terminated inside the "
                            "structure block");
        t->next = align4(p + 1);
        if (t->next > end)
            return bad(why, "node name padding runs past the structure block");
        return true;
    }
    case TOK_PROP: {
        if (end - off < 12)
            return bad(why, "property header runs past the structure block");
        t->len = dtb_be32(b + off + 4);
        t->nameoff = dtb_be32(b + off + 8);
        if (t->len > end - off - 12)
            return bad(why, "property value runs past the structure block");
        t->next = off + 12 + align4(t->len);
        if (t->next > end)
            return bad(why, "property padding runs past the structure block");
        if (t->nameoff >= dtb->strings_size)
            return bad(why, "property name offset is past the strings block");
        uint32_t p = dtb->strings_off + t->nameoff;
        uint32_t strings_end = dtb->strings_off + dtb->strings_size;
        while (p < strings_end && b[p] != '\0')
            p++;
        if (p >= strings_end)
            return bad(why, "property name is not terminated inside the "
                            "strings block");
        return true;
    }
    case TOK_END_NODE:
    case TOK_NOP:
    case TOK_END:
        return true;
    default:
        return bad(why, "unknown token");
    }
}

/* read_token() for callers that only care whether it worked. */
static bool token_at(const struct dtb *dtb, int off, struct token *t)
{
    const char *why;
    return off >= 0 && read_token(dtb, (uint32_t)off, t, &why);
}

static bool is_node(const struct dtb *dtb, int node, struct token *t)
{
    return token_at(dtb, node, t) && t->tag == TOK_BEGIN_NODE;
}

static bool fail(struct dtb_error *err, uint32_t off, const char *what,
                 uint64_t n, const char *rest)
{
    struct fdt_fmt f;
    fdt_fmt_init(&f, err->message, sizeof err->message);
    fdt_fmt_str(&f, what);
    if (rest != NULL) {
        fdt_fmt_dec(&f, n);
        fdt_fmt_str(&f, rest);
    }
    err->offset = off;
    return false;
}

static bool check_header(struct dtb *dtb, const uint8_t *b, size_t max_size,
                         struct dtb_error *err)
{
    if (max_size < HEADER_V17_SIZE)
        return fail(err, 0, "truncated: ", max_size,
                    " bytes is smaller than a device tree header");
    if (dtb_be32(b) != DTB_MAGIC)
        return fail(err, 0, "bad header: wrong magic (not a device tree blob)",
                    0, NULL);
    uint32_t total = dtb_be32(b + 4);
    uint32_t off_struct = dtb_be32(b + 8);
    uint32_t off_strings = dtb_be32(b + 12);
    uint32_t off_rsvmap = dtb_be32(b + 16);
    uint32_t version = dtb_be32(b + 20);
    uint32_t last_comp = dtb_be32(b + 24);
    uint32_t size_strings = dtb_be32(b + 32);

    if (version < 16)
        return fail(err, 20, "bad header: unsupported version ", version,
                    " (need 16 or later)");
    if (last_comp > 17)
        return fail(err, 24, "bad header: last_comp_version ", last_comp,
                    " is newer than 17");
    uint32_t hdr = version >= 17 ? HEADER_V17_SIZE : HEADER_V16_SIZE;
    if (total < hdr)
        return fail(err, 4, "bad header: totalsize ", total,
                    " is smaller than the header");
    if (total > max_size)
        return fail(err, 4, "truncated: totalsize ", total,
                    " is larger than the blob");
    if (total > 0x7fffffffu)
        return fail(err, 4, "bad header: totalsize ", total, " is too large");
    if (off_rsvmap < hdr || (off_rsvmap & 7u) != 0 || off_rsvmap > total)
        return fail(err, 16, "bad header: memory reservation map offset ",
                    off_rsvmap, " is misaligned or outside the blob");
    if (off_struct < hdr || (off_struct & 3u) != 0 || off_struct > total)
        return fail(err, 8, "bad header: structure block offset ", off_struct,
                    " is misaligned or outside the blob");
    /* Version 16 has no size_dt_struct: the block may run to the end. */
    uint32_t size_struct = version >= 17 ? dtb_be32(b + 36) : total - off_struct;
    if (size_struct > total - off_struct)
        return fail(err, 36, "bad header: structure block size ", size_struct,
                    " runs past totalsize");
    if (off_strings < hdr || off_strings > total)
        return fail(err, 12, "bad header: strings block offset ", off_strings,
                    " is outside the blob");
    if (size_strings > total - off_strings)
        return fail(err, 32, "bad header: strings block size ", size_strings,
                    " runs past totalsize");

    dtb->blob = b;
    dtb->totalsize = total;
    dtb->struct_off = off_struct;
    dtb->struct_end = off_struct + size_struct;
    dtb->strings_off = off_strings;
    dtb->strings_size = size_strings;
    dtb->rsvmap_off = off_rsvmap;
    dtb->version = version;
    dtb->boot_cpuid = dtb_be32(b + 28);
    dtb->n_memreserve = 0;
    dtb->root = DTB_NONE;
    return true;
}

/* Counts the /memreserve/ entries, checking the (0, 0) terminator is inside. */
static bool check_memreserve(struct dtb *dtb, struct dtb_error *err)
{
    uint32_t off = dtb->rsvmap_off;
    for (;;) {
        if (dtb->totalsize - off < RSVMAP_ENTRY_SIZE)
            return fail(err, off, "malformed memory reservation map: "
                        "no terminating entry inside the blob", 0, NULL);
        if (dtb_be64(dtb->blob + off) == 0 && dtb_be64(dtb->blob + off + 8) == 0)
            return true;
        dtb->n_memreserve++;
        off += RSVMAP_ENTRY_SIZE;
    }
}

/* Walks every token once, checking the grammar of the structure block. */
static bool check_structure(struct dtb *dtb, struct dtb_error *err)
{
    uint32_t off = dtb->struct_off;
    uint32_t open = 0;   /* nodes begun and not yet ended */
    struct token t;
    const char *why = NULL;

    while (why == NULL && read_token(dtb, off, &t, &why)) {
        switch (t.tag) {
        case TOK_BEGIN_NODE:
            if (dtb->root != DTB_NONE && open == 0)
                why = "more than one root node";
            else if (open == DTB_MAX_DEPTH)
                why = "nodes nested more than " DTB_MAX_DEPTH_STR " deep";
            else if (open++ == 0)
                dtb->root = (int)off;
            break;
        case TOK_END_NODE:
            if (open == 0)
                why = "FDT_END_NODE without a node";
            else
                open--;
            break;
        case TOK_PROP:
            if (open == 0)
                why = "property outside any node";
            break;
        case TOK_END:
            if (open != 0)
                why = "FDT_END inside an open node";
            else if (dtb->root == DTB_NONE)
                why = "no root node";
            else
                return true;
            break;
        default:
            break;   /* FDT_NOP */
        }
        if (why == NULL)
            off = t.next;
    }
    fail(err, off, "malformed structure block: ", 0, NULL);
    struct fdt_fmt f = {err->message, sizeof err->message,
                        fdt_strlen(err->message)};
    fdt_fmt_str(&f, why);
    return false;
}

bool dtb_open(struct dtb *dtb, const void *blob, size_t max_size,
              struct dtb_error *err)
{
    err->message[0] = '\0';
    err->offset = 0;
    if (blob == NULL)
        return fail(err, 0, "no device tree (null pointer)", 0, NULL);
    return check_header(dtb, blob, max_size, err) &&
           check_memreserve(dtb, err) && check_structure(dtb, err);
}

int dtb_root(const struct dtb *dtb)
{
    return dtb->root;
}

int dtb_next_node(const struct dtb *dtb, int node, int *depth)
{
    struct token t;
    if (!is_node(dtb, node, &t))
        return DTB_NONE;
    for (uint32_t off = t.next;; off = t.next) {
        if (!token_at(dtb, (int)off, &t))
            return DTB_NONE;
        if (t.tag == TOK_BEGIN_NODE) {
            (*depth)++;
            return (int)off;
        }
        if (t.tag == TOK_END_NODE)
            (*depth)--;
        else if (t.tag == TOK_END)
            return DTB_NONE;
    }
}

int dtb_first_child(const struct dtb *dtb, int node)
{
    int depth = 0;
    int next = dtb_next_node(dtb, node, &depth);
    return depth == 1 ? next : DTB_NONE;
}

int dtb_next_sibling(const struct dtb *dtb, int node)
{
    int depth = 0;
    /* Skip the subtree of `node`: the first node back at depth 0 is the
     * sibling; going below 0 means the parent ended first. */
    for (int n = dtb_next_node(dtb, node, &depth); n != DTB_NONE;
         n = dtb_next_node(dtb, n, &depth)) {
        if (depth <= 0)
            return depth == 0 ? n : DTB_NONE;
    }
    return DTB_NONE;
}

/*
 * Fills stack[0..d] with the root-to-`node` chain and returns d, the depth of
 * `node`, or -1 if `node` is not a node. Document order is offset order, so
 * the walk stops as soon as it passes `node`.
 */
static int ancestors(const struct dtb *dtb, int node, int stack[DTB_MAX_DEPTH])
{
    int depth = 0;
    for (int n = dtb->root; n != DTB_NONE && n <= node;
         n = dtb_next_node(dtb, n, &depth)) {
        if (depth < 0 || depth >= DTB_MAX_DEPTH)
            return -1;
        stack[depth] = n;
        if (n == node)
            return depth;
    }
    return -1;
}

int dtb_parent(const struct dtb *dtb, int node)
{
    int stack[DTB_MAX_DEPTH];
    int d = ancestors(dtb, node, stack);
    return d > 0 ? stack[d - 1] : DTB_NONE;
}

const char *dtb_node_name(const struct dtb *dtb, int node)
{
    struct token t;
    if (!is_node(dtb, node, &t))
        return NULL;
    return (const char *)dtb->blob + node + 4;
}

size_t dtb_node_path(const struct dtb *dtb, int node, char *buf, size_t size)
{
    int stack[DTB_MAX_DEPTH];
    struct fdt_fmt f;
    size_t full = 1;
    int d = ancestors(dtb, node, stack);

    fdt_fmt_init(&f, buf, size);
    if (d < 0)
        return 0;
    if (d == 0)
        fdt_fmt_char(&f, '/');
    for (int i = 1; i <= d; i++) {
        const char *name = dtb_node_name(dtb, stack[i]);
        if (name == NULL)
            return 0;
        fdt_fmt_char(&f, '/');
        fdt_fmt_str(&f, name);
        full += (i > 1) + fdt_strlen(name);
    }
    return full;
}

/* Whether the path component `name` asks for a node called `node_name`:
 * 2 for the exact name, 1 for a unit-address-less match ("cpus" against
 * "cpus@0"), 0 for no match. */
static int name_match(const char *node_name, const char *name, size_t len)
{
    if (fdt_memeq_str(name, len, node_name))
        return 2;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '@' || node_name[i] == '\0' || node_name[i] != name[i])
            return 0;
    return node_name[len] == '@';
}

int dtb_subnode(const struct dtb *dtb, int parent, const char *name, size_t len)
{
    int loose = DTB_NONE;
    for (int c = dtb_first_child(dtb, parent); c != DTB_NONE;
         c = dtb_next_sibling(dtb, c)) {
        const char *node_name = dtb_node_name(dtb, c);
        int m = node_name != NULL ? name_match(node_name, name, len) : 0;
        if (m == 2)
            return c;
        if (m == 1 && loose == DTB_NONE)
            loose = c;
    }
    return loose;
}

/* Follows the '/'-separated components of `path` down from `node`. */
static int walk_path(const struct dtb *dtb, int node, const char *path,
                     size_t len)
{
    size_t i = 0;
    while (i < len && node != DTB_NONE) {
        if (path[i] == '/') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && path[j] != '/')
            j++;
        node = dtb_subnode(dtb, node, path + i, j - i);
        i = j;
    }
    return node;
}

static bool get_prop_n(const struct dtb *dtb, int node, const char *name,
                       size_t len, struct dtb_prop *prop)
{
    for (bool ok = dtb_first_prop(dtb, node, prop); ok;
         ok = dtb_next_prop(dtb, prop))
        if (fdt_memeq_str(name, len, prop->name))
            return true;
    return false;
}

int dtb_find_path(const struct dtb *dtb, const char *path, size_t len)
{
    size_t end = 0;
    while (end < len && path[end] != ':' && path[end] != '\0')
        end++;
    if (end == 0)
        return DTB_NONE;
    if (path[0] == '/')
        return walk_path(dtb, dtb->root, path, end);

    /* An alias: its value must be an absolute path (no alias chains). */
    size_t alias_len = 0;
    while (alias_len < end && path[alias_len] != '/')
        alias_len++;
    int aliases = dtb_subnode(dtb, dtb->root, "aliases", 7);
    struct dtb_prop prop;
    const char *target;
    if (aliases == DTB_NONE ||
        !get_prop_n(dtb, aliases, path, alias_len, &prop) ||
        !dtb_prop_string(&prop, &target) || target[0] != '/')
        return DTB_NONE;
    int node = walk_path(dtb, dtb->root, target, fdt_strlen(target));
    if (node == DTB_NONE)
        return DTB_NONE;
    return walk_path(dtb, node, path + alias_len, end - alias_len);
}

/* Fills `prop` from the first property token at or after `off` (NOPs are
 * skipped); false when a non-property token comes first. */
static bool prop_from(const struct dtb *dtb, uint32_t off, struct dtb_prop *prop)
{
    struct token t;
    for (;; off = t.next) {
        if (!token_at(dtb, (int)off, &t))
            return false;
        if (t.tag == TOK_PROP)
            break;
        if (t.tag != TOK_NOP)
            return false;
    }
    prop->name = (const char *)dtb->blob + dtb->strings_off + t.nameoff;
    prop->data = dtb->blob + off + 12;
    prop->len = t.len;
    prop->offset = (int)off;
    return true;
}

bool dtb_first_prop(const struct dtb *dtb, int node, struct dtb_prop *prop)
{
    struct token t;
    return is_node(dtb, node, &t) && prop_from(dtb, t.next, prop);
}

bool dtb_next_prop(const struct dtb *dtb, struct dtb_prop *prop)
{
    struct token t;
    return token_at(dtb, prop->offset, &t) && t.tag == TOK_PROP &&
           prop_from(dtb, t.next, prop);
}

bool dtb_get_prop(const struct dtb *dtb, int node, const char *name,
                  struct dtb_prop *prop)
{
    return get_prop_n(dtb, node, name, fdt_strlen(name), prop);
}

bool dtb_prop_cells(const struct dtb_prop *prop, uint32_t first,
                    uint32_t ncells, uint64_t *out)
{
    if (ncells < 1 || ncells > 2 ||
        ((uint64_t)first + ncells) * 4 > prop->len)
        return false;
    const uint8_t *p = prop->data + (size_t)first * 4;
    *out = ncells == 2 ? dtb_be64(p) : dtb_be32(p);
    return true;
}

bool dtb_prop_u32(const struct dtb_prop *prop, uint32_t index, uint32_t *out)
{
    uint64_t v;
    if (!dtb_prop_cells(prop, index, 1, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool dtb_get_u32(const struct dtb *dtb, int node, const char *name,
                 uint32_t *out)
{
    struct dtb_prop prop;
    return dtb_get_prop(dtb, node, name, &prop) && prop.len == 4 &&
           dtb_prop_u32(&prop, 0, out);
}

bool dtb_get_uint(const struct dtb *dtb, int node, const char *name,
                  uint64_t *out)
{
    struct dtb_prop prop;
    return dtb_get_prop(dtb, node, name, &prop) &&
           (prop.len == 4 || prop.len == 8) &&
           dtb_prop_cells(&prop, 0, prop.len / 4, out);
}

bool dtb_prop_string(const struct dtb_prop *prop, const char **s)
{
    if (prop->len == 0 || prop->data[prop->len - 1] != '\0')
        return false;
    *s = (const char *)prop->data;
    return true;
}

bool dtb_get_string(const struct dtb *dtb, int node, const char *name,
                    const char **s)
{
    struct dtb_prop prop;
    return dtb_get_prop(dtb, node, name, &prop) && dtb_prop_string(&prop, s);
}

bool dtb_stringlist_next(const struct dtb_prop *prop, uint32_t *pos,
                         const char **s, uint32_t *len)
{
    uint32_t start = *pos, p = *pos;
    if (start >= prop->len)
        return false;
    while (p < prop->len && prop->data[p] != '\0')
        p++;
    if (p >= prop->len)
        return false;
    *s = (const char *)prop->data + start;
    *len = p - start;
    *pos = p + 1;
    return true;
}

bool dtb_stringlist_contains(const struct dtb_prop *prop, const char *s)
{
    uint32_t pos = 0, len;
    const char *item;
    while (dtb_stringlist_next(prop, &pos, &item, &len))
        if (fdt_memeq_str(item, len, s))
            return true;
    return false;
}

bool dtb_node_compatible(const struct dtb *dtb, int node, const char *compatible)
{
    struct dtb_prop prop;
    return dtb_get_prop(dtb, node, "compatible", &prop) &&
           dtb_stringlist_contains(&prop, compatible);
}

bool dtb_node_enabled(const struct dtb *dtb, int node)
{
    struct dtb_prop prop;
    const char *status;
    if (!dtb_get_prop(dtb, node, "status", &prop))
        return true;
    return dtb_prop_string(&prop, &status) &&
           (fdt_streq(status, "okay") || fdt_streq(status, "ok"));
}

uint32_t dtb_address_cells(const struct dtb *dtb, int node)
{
    uint32_t v;
    return dtb_get_u32(dtb, node, "#address-cells", &v) ? v : 2;
}

uint32_t dtb_size_cells(const struct dtb *dtb, int node)
{
    uint32_t v;
    return dtb_get_u32(dtb, node, "#size-cells", &v) ? v : 1;
}

enum dtb_reg_status dtb_reg_open(const struct dtb *dtb, int node, int parent,
                                 struct dtb_reg *reg)
{
    reg->address_cells = 2;
    reg->size_cells = 1;
    reg->count = 0;
    reg->prop.len = 0;
    if (parent == DTB_NONE)
        parent = dtb_parent(dtb, node);
    if (parent != DTB_NONE) {
        reg->address_cells = dtb_address_cells(dtb, parent);
        reg->size_cells = dtb_size_cells(dtb, parent);
    }
    if (!dtb_get_prop(dtb, node, "reg", &reg->prop))
        return DTB_REG_ABSENT;
    if (reg->address_cells < 1 || reg->address_cells > 2 || reg->size_cells > 2)
        return DTB_REG_BAD_CELLS;
    uint32_t entry = 4 * (reg->address_cells + reg->size_cells);
    if (reg->prop.len % entry != 0)
        return DTB_REG_BAD_LENGTH;
    reg->count = reg->prop.len / entry;
    return DTB_REG_OK;
}

bool dtb_reg_get(const struct dtb_reg *reg, uint32_t index, uint64_t *base,
                 uint64_t *size)
{
    uint32_t ac = reg->address_cells, sc = reg->size_cells;
    if (index >= reg->count || ac < 1 || ac > 2 || sc > 2)
        return false;
    uint32_t first = index * (ac + sc);
    *size = 0;
    return dtb_prop_cells(&reg->prop, first, ac, base) &&
           (sc == 0 || dtb_prop_cells(&reg->prop, first + ac, sc, size));
}

int dtb_node_by_phandle(const struct dtb *dtb, uint32_t phandle)
{
    int depth = 0;
    uint32_t v;
    if (phandle == 0 || phandle == 0xffffffffu)
        return DTB_NONE;
    for (int n = dtb->root; n != DTB_NONE; n = dtb_next_node(dtb, n, &depth))
        if ((dtb_get_u32(dtb, n, "phandle", &v) ||
             dtb_get_u32(dtb, n, "linux,phandle", &v)) && v == phandle)
            return n;
    return DTB_NONE;
}

bool dtb_memreserve(const struct dtb *dtb, uint32_t index, uint64_t *base,
                    uint64_t *size)
{
    if (index >= dtb->n_memreserve)
        return false;
    const uint8_t *p = dtb->blob + dtb->rsvmap_off + index * RSVMAP_ENTRY_SIZE;
    *base = dtb_be64(p);
    *size = dtb_be64(p + 8);
    return true;
}
