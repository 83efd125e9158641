/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: the device tree, read with the kernel's own parser.
 *
 * The kernel passes the flattened device tree to the root task in the extra
 * boot info. This header offers the questions drivers and root tasks ask
 * ("where is the virtio-mmio device, which interrupt does it raise") on top
 * of the kernel's bounded, validating reader, whose full API
 * (<platform/fdt.h>, <platform/platform_info.h>) is available too under the
 * renames of <conductor/fdt_names.h>.
 *
 * Nodes are ints (blob offsets); DTB_NONE (-1) means "none". A struct
 * cnd_fdt points into the blob, which must stay mapped and unchanged.
 */
#ifndef CONDUCTOR_FDT_H
#define CONDUCTOR_FDT_H

#include <conductor/fdt_names.h>

#include <abi/boot_info.h>
#include <platform/fdt.h>
#include <platform/platform_info.h>

struct cnd_fdt {
    struct dtb dtb;     /* for the <platform/fdt.h> functions */
};

/* Checks the blob (at most max_size bytes) and opens it. Errors: false if
 * the blob is malformed (bad magic, version, sizes, structure, or larger
 * than max_size); then err, if not NULL, says why and at which offset. */
bool cnd_fdt_open(struct cnd_fdt *fdt, const void *blob, size_t max_size, struct dtb_error *err);

/* Opens the device tree the kernel put in the boot info. Errors: false as
 * for cnd_fdt_open, or when there is none (err says "no device tree in the
 * boot info"). */
bool cnd_fdt_open_bootinfo(struct cnd_fdt *fdt, const struct cnd_boot_info *bi,
                           struct dtb_error *err);

/*
 * The next enabled node after `after` (DTB_NONE: start at the root), in
 * document order, whose "compatible" list contains `compatible` exactly.
 * Nodes with status "disabled" are skipped. DTB_NONE when there is none, so
 *   for (int n = cnd_fdt_find_compatible(f, DTB_NONE, c); n != DTB_NONE;
 *        n = cnd_fdt_find_compatible(f, n, c))
 * visits them all. Errors: DTB_NONE, as said (also for a bad `after`).
 */
int cnd_fdt_find_compatible(const struct cnd_fdt *fdt, int after, const char *compatible);

/* The node at an absolute path ("/soc/plic@c000000") or alias ("serial0").
 * Errors: DTB_NONE if there is none. */
int cnd_fdt_find_path(const struct cnd_fdt *fdt, const char *path);

/* The /chosen/stdout-path node (the console; options after ':' ignored).
 * Errors: DTB_NONE if there is no such property or node. */
int cnd_fdt_stdout(const struct cnd_fdt *fdt);

/* The node's name ("serial@10000000"; "" for the root). Errors: NULL if
 * `node` is not a node. */
const char *cnd_fdt_name(const struct cnd_fdt *fdt, int node);

/* Its full path into buf (size bytes, NUL-terminated, cut to fit; see
 * dtb_node_path); returns the full length. Errors: 0 if `node` is not a
 * node. */
size_t cnd_fdt_path(const struct cnd_fdt *fdt, int node, char *buf, size_t size);

/* Number of (address, size) entries in the node's reg. Errors: 0 if reg
 * is absent or not a whole number of entries. */
unsigned cnd_fdt_reg_count(const struct cnd_fdt *fdt, int node);

/* Entry `index` of the node's reg, decoded with the parent's #address-cells
 * and #size-cells; size may be NULL. Errors: false if there is no such
 * entry or the cells do not fit 64 bits. */
bool cnd_fdt_reg(const struct cnd_fdt *fdt, int node, unsigned index, uint64_t *base,
                 uint64_t *size);

/*
 * Interrupt `index` of the node: the first cell of its index-th specifier in
 * "interrupts" (sized by the interrupt parent's #interrupt-cells, found
 * through interrupt-parent on the node or its ancestors) or, failing that,
 * in "interrupts-extended". On the PLIC this is the source number that
 * IRQControl_Get expects. Errors: false if there is no such interrupt or
 * its parent cannot be found.
 */
bool cnd_fdt_interrupt(const struct cnd_fdt *fdt, int node, unsigned index, uint32_t *irq);

/* Properties: one u32 cell / one or two cells / a string. Errors: false if
 * absent or not of that shape (*out untouched). */
bool cnd_fdt_prop_u32(const struct cnd_fdt *fdt, int node, const char *name, uint32_t *out);
bool cnd_fdt_prop_u64(const struct cnd_fdt *fdt, int node, const char *name, uint64_t *out);
bool cnd_fdt_prop_string(const struct cnd_fdt *fdt, int node, const char *name, const char **s);

/* Whether the node is enabled (no status, or "okay"/"ok"), and whether its
 * compatible list contains `compatible`. Errors: false for a non-node. */
bool cnd_fdt_enabled(const struct cnd_fdt *fdt, int node);
bool cnd_fdt_is_compatible(const struct cnd_fdt *fdt, int node, const char *compatible);

/* The kernel's platform summary (memory, harts, console, PLIC, timebase) of
 * this tree. Errors: false with err (if not NULL) filled if the tree lacks
 * what the kernel needs. */
bool cnd_fdt_platform(const struct cnd_fdt *fdt, struct platform_info *out,
                      struct platform_error *err);

#endif /* CONDUCTOR_FDT_H */
