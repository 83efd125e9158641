/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small, defensive flattened-device-tree reader (DTB versions 16/17): every
 * read is bounds-checked, nothing allocates, loops forever or recurses; no
 * libc, so it runs in the kernel at boot and in user land. Nodes are blob
 * offsets (>= 0), DTB_NONE means none; the dtb_ prefix avoids libfdt's names.
 */
#ifndef PLATFORM_FDT_H
#define PLATFORM_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DTB_MAGIC 0xd00dfeedu
#define DTB_MAX_DEPTH 32    /* most nodes open at once, the root included */
#define DTB_ERROR_MAX 128
#define DTB_NONE (-1)

/* A validated blob. Filled by dtb_open(); treat the fields as read-only. */
struct dtb {
    const uint8_t *blob;
    uint32_t totalsize;
    uint32_t struct_off, struct_end;   /* structure block [off, end) */
    uint32_t strings_off, strings_size;
    uint32_t rsvmap_off;
    uint32_t n_memreserve;             /* entries before the (0, 0) end */
    uint32_t version;
    uint32_t boot_cpuid;
    int root;                          /* offset of the root node */
};

/* Why dtb_open() refused a blob. */
struct dtb_error {
    char message[DTB_ERROR_MAX];
    uint32_t offset;                   /* blob offset of the problem */
};

/* One property. `data` may be unaligned: read it with dtb_be32()/dtb_be64(). */
struct dtb_prop {
    const char *name;       /* NUL-terminated, inside the strings block */
    const uint8_t *data;    /* inside the structure block */
    uint32_t len;
    int offset;             /* blob offset of the FDT_PROP token */
};

/* A node's `reg` property, decoded with its parent's cell counts. */
struct dtb_reg {
    struct dtb_prop prop;
    uint32_t address_cells, size_cells;
    uint32_t count;         /* number of (address, size) entries */
};

enum dtb_reg_status {
    DTB_REG_OK = 0,
    DTB_REG_ABSENT,         /* the node has no reg */
    DTB_REG_BAD_CELLS,      /* #address-cells not 1..2 or #size-cells > 2 */
    DTB_REG_BAD_LENGTH,     /* length not a multiple of the entry size */
};

/* Big-endian loads byte by byte: device tree data is not aligned for us. */
static inline uint32_t dtb_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t dtb_be64(const uint8_t *p)
{
    return (uint64_t)dtb_be32(p) << 32 | dtb_be32(p + 4);
}

/*
 * Checks the blob at `blob` (at most `max_size` readable bytes, any alignment)
 * and fills `dtb`. Checks the header (magic, version >= 16 and
 * last_comp_version <= 17, totalsize <= max_size, every block inside totalsize
 * and aligned), that the memory reservation map ends inside the blob, and the
 * whole token stream: known tokens only, node names and property names
 * NUL-terminated inside their blocks, property values inside the structure
 * block, one balanced root, nesting at most DTB_MAX_DEPTH, FDT_END last.
 * Returns false with `err` (message and offset) on the first problem. `dtb`
 * keeps pointing into the blob, which must stay in place and unchanged
 * while it is used (a changed blob gives wrong answers, never a stray read).
 */
bool dtb_open(struct dtb *dtb, const void *blob, size_t max_size,
              struct dtb_error *err);

/* The root node (never DTB_NONE for an opened blob). */
int dtb_root(const struct dtb *dtb);

/*
 * Depth-first iteration: returns the node after `node` in document order, or
 * DTB_NONE at the end of the tree. `*depth` is adjusted by the nesting change
 * (+1 for a child, 0 for a sibling, -k after leaving k levels), so starting
 * from dtb_root() with depth 0 gives every node's absolute depth. A caller
 * walking one subtree stops when *depth drops back to the subtree's depth.
 */
int dtb_next_node(const struct dtb *dtb, int node, int *depth);

/* First child of `node`, or DTB_NONE. */
int dtb_first_child(const struct dtb *dtb, int node);

/* Next sibling of `node` (same parent), or DTB_NONE. */
int dtb_next_sibling(const struct dtb *dtb, int node);

/* Parent of `node`; DTB_NONE for the root. Walks from the root: O(tree). */
int dtb_parent(const struct dtb *dtb, int node);

/* The node's full name ("serial@10000000", "" for the root), or NULL. */
const char *dtb_node_name(const struct dtb *dtb, int node);

/*
 * Child of `parent` called `name` (`len` bytes, no NUL needed). A name
 * without '@' also matches a child that has a unit address ("cpus" matches
 * "cpus@0"), as in the device tree specification; an exact name wins over
 * such a match. DTB_NONE if absent.
 */
int dtb_subnode(const struct dtb *dtb, int parent, const char *name, size_t len);

/*
 * Node at `path` (`len` bytes): an absolute path like "/soc/serial@10000000",
 * or one starting with an alias from /aliases ("serial0", "serial0/child").
 * Everything from the first ':' on is ignored, so a stdout-path value
 * ("serial0:115200n8") can be passed as is. Alias values are resolved one
 * level only (an alias naming another alias is not followed). DTB_NONE if
 * nothing matches.
 */
int dtb_find_path(const struct dtb *dtb, const char *path, size_t len);

/*
 * Writes the absolute path of `node` into `buf` (`size` bytes), always
 * NUL-terminated when size > 0, truncated if it does not fit. Returns the
 * length of the full path (like snprintf), or 0 if `node` is not a node.
 */
size_t dtb_node_path(const struct dtb *dtb, int node, char *buf, size_t size);

/*
 * Property iteration: dtb_first_prop() gives the node's first property and
 * dtb_next_prop() replaces `prop` with the following one; both return false
 * when there are no more. Only properties before the first child count.
 */
bool dtb_first_prop(const struct dtb *dtb, int node, struct dtb_prop *prop);
bool dtb_next_prop(const struct dtb *dtb, struct dtb_prop *prop);

/* Looks up property `name` of `node`; false if absent. */
bool dtb_get_prop(const struct dtb *dtb, int node, const char *name,
                  struct dtb_prop *prop);

/*
 * Reads `ncells` (1 or 2) big-endian cells starting at cell `first` of the
 * property's value into `*out`; false if they are not all inside it.
 */
bool dtb_prop_cells(const struct dtb_prop *prop, uint32_t first,
                    uint32_t ncells, uint64_t *out);

/* Cell `index` of the property as a u32; false if outside it. */
bool dtb_prop_u32(const struct dtb_prop *prop, uint32_t index, uint32_t *out);

/* Property `name` of `node` that is exactly one cell; false otherwise. */
bool dtb_get_u32(const struct dtb *dtb, int node, const char *name,
                 uint32_t *out);

/* Property `name` of `node` that is one or two cells; false otherwise. */
bool dtb_get_uint(const struct dtb *dtb, int node, const char *name,
                  uint64_t *out);

/*
 * The property as one string: true if it is non-empty and its last byte is
 * NUL (so the string ends inside the value); `*s` points at the value.
 */
bool dtb_prop_string(const struct dtb_prop *prop, const char **s);

/* Property `name` of `node` as a string (see dtb_prop_string). */
bool dtb_get_string(const struct dtb *dtb, int node, const char *name,
                    const char **s);

/*
 * Stringlist iteration: start with *pos = 0; each call sets `*s` and `*len`
 * (without the NUL) to the next string and advances *pos. Returns false at
 * the end or when the next string is not NUL-terminated inside the value.
 */
bool dtb_stringlist_next(const struct dtb_prop *prop, uint32_t *pos,
                         const char **s, uint32_t *len);

/* Whether the stringlist contains exactly `s` (NUL-terminated). */
bool dtb_stringlist_contains(const struct dtb_prop *prop, const char *s);

/* Whether `node`'s compatible list contains `compatible`. */
bool dtb_node_compatible(const struct dtb *dtb, int node, const char *compatible);

/* Whether `node` is enabled: no status, or status "okay" / "ok". */
bool dtb_node_enabled(const struct dtb *dtb, int node);

/*
 * `node`'s own #address-cells / #size-cells (the layout of its children's
 * reg), defaulting to 2 / 1 when absent or not one cell. Not range-checked.
 */
uint32_t dtb_address_cells(const struct dtb *dtb, int node);
uint32_t dtb_size_cells(const struct dtb *dtb, int node);

/*
 * Decodes `node`'s reg with the cell counts of `parent` (pass DTB_NONE to
 * have it looked up; the root uses 2 / 1). On DTB_REG_OK, reg->count entries
 * can be read with dtb_reg_get(). On BAD_CELLS / BAD_LENGTH, `reg` still
 * holds the property and cell counts so the caller can report them.
 */
enum dtb_reg_status dtb_reg_open(const struct dtb *dtb, int node, int parent,
                                 struct dtb_reg *reg);

/* Entry `index` of a decoded reg; `size` is 0 when #size-cells is 0. */
bool dtb_reg_get(const struct dtb_reg *reg, uint32_t index, uint64_t *base,
                 uint64_t *size);

/* Node whose phandle (or linux,phandle) is `phandle`; DTB_NONE if none.
 * 0 and 0xffffffff are never valid phandles. O(tree). */
int dtb_node_by_phandle(const struct dtb *dtb, uint32_t phandle);

/* Entry `index` of the /memreserve/ map; false past the last entry. */
bool dtb_memreserve(const struct dtb *dtb, uint32_t index, uint64_t *base,
                    uint64_t *size);

#endif
