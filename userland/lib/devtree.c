/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device-tree questions on top of the kernel's reader (see conductor/fdt.h).
 * Everything here only combines the reader's bounded calls, so a hostile
 * tree can make an answer "not found" but never a wild read.
 */
#include <conductor/bootinfo.h>
#include <conductor/fdt.h>

static void set_error(struct dtb_error *err, const char *msg)
{
    if (err == NULL)
        return;
    size_t i = 0;
    for (; msg[i] != '\0' && i + 1 < sizeof err->message; i++)
        err->message[i] = msg[i];
    err->message[i] = '\0';
    err->offset = 0;
}

bool cnd_fdt_open(struct cnd_fdt *fdt, const void *blob, size_t max_size, struct dtb_error *err)
{
    struct dtb_error local;
    if (blob == NULL) {
        set_error(err, "no device tree (NULL blob)");
        return false;
    }
    return dtb_open(&fdt->dtb, blob, max_size, err != NULL ? err : &local);
}

bool cnd_fdt_open_bootinfo(struct cnd_fdt *fdt, const struct cnd_boot_info *bi,
                           struct dtb_error *err)
{
    size_t size = 0;
    const void *blob = bi != NULL ? cnd_bootinfo_fdt(bi, &size) : NULL;
    if (blob == NULL) {
        set_error(err, "no device tree in the boot info");
        return false;
    }
    return cnd_fdt_open(fdt, blob, size, err);
}

int cnd_fdt_find_compatible(const struct cnd_fdt *fdt, int after, const char *compatible)
{
    int depth = 0;
    int node = after == DTB_NONE ? dtb_root(&fdt->dtb) : dtb_next_node(&fdt->dtb, after, &depth);
    for (; node != DTB_NONE; node = dtb_next_node(&fdt->dtb, node, &depth)) {
        if (dtb_node_compatible(&fdt->dtb, node, compatible) && dtb_node_enabled(&fdt->dtb, node))
            return node;
    }
    return DTB_NONE;
}

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

int cnd_fdt_find_path(const struct cnd_fdt *fdt, const char *path)
{
    return dtb_find_path(&fdt->dtb, path, length(path));
}

int cnd_fdt_stdout(const struct cnd_fdt *fdt)
{
    int chosen = cnd_fdt_find_path(fdt, "/chosen");
    const char *path;
    if (chosen == DTB_NONE || !dtb_get_string(&fdt->dtb, chosen, "stdout-path", &path))
        return DTB_NONE;
    return dtb_find_path(&fdt->dtb, path, length(path));
}

const char *cnd_fdt_name(const struct cnd_fdt *fdt, int node)
{
    return dtb_node_name(&fdt->dtb, node);
}

size_t cnd_fdt_path(const struct cnd_fdt *fdt, int node, char *buf, size_t size)
{
    return dtb_node_path(&fdt->dtb, node, buf, size);
}

unsigned cnd_fdt_reg_count(const struct cnd_fdt *fdt, int node)
{
    struct dtb_reg reg;
    if (dtb_reg_open(&fdt->dtb, node, DTB_NONE, &reg) != DTB_REG_OK)
        return 0;
    return reg.count;
}

bool cnd_fdt_reg(const struct cnd_fdt *fdt, int node, unsigned index, uint64_t *base,
                 uint64_t *size)
{
    struct dtb_reg reg;
    uint64_t ignored;
    if (dtb_reg_open(&fdt->dtb, node, DTB_NONE, &reg) != DTB_REG_OK)
        return false;
    return dtb_reg_get(&reg, index, base, size != NULL ? size : &ignored);
}

/* The interrupt controller serving `node`: the nearest interrupt-parent on
 * the node or an ancestor. DTB_NONE if none. */
static int interrupt_parent(const struct dtb *dtb, int node)
{
    /* Depth-bounded: a tree has at most DTB_MAX_DEPTH levels. */
    for (int level = 0; node != DTB_NONE && level < DTB_MAX_DEPTH; level++) {
        uint32_t phandle;
        if (dtb_get_u32(dtb, node, "interrupt-parent", &phandle))
            return dtb_node_by_phandle(dtb, phandle);
        node = dtb_parent(dtb, node);
    }
    return DTB_NONE;
}

static uint32_t interrupt_cells(const struct dtb *dtb, int controller)
{
    uint32_t cells;
    if (controller == DTB_NONE || !dtb_get_u32(dtb, controller, "#interrupt-cells", &cells))
        return 1;
    return cells;
}

bool cnd_fdt_interrupt(const struct cnd_fdt *fdt, int node, unsigned index, uint32_t *irq)
{
    const struct dtb *dtb = &fdt->dtb;
    struct dtb_prop prop;
    if (dtb_get_prop(dtb, node, "interrupts", &prop)) {
        uint32_t cells = interrupt_cells(dtb, interrupt_parent(dtb, node));
        if (cells == 0 || cells > 4)
            return false;
        return dtb_prop_u32(&prop, index * cells, irq);
    }
    if (!dtb_get_prop(dtb, node, "interrupts-extended", &prop))
        return false;
    /* <phandle cells...> per interrupt; each controller sizes its own. */
    uint32_t pos = 0;
    for (unsigned i = 0;; i++) {
        uint32_t phandle;
        if (!dtb_prop_u32(&prop, pos, &phandle))
            return false;
        uint32_t cells = interrupt_cells(dtb, dtb_node_by_phandle(dtb, phandle));
        if (cells > 4)
            return false;
        if (i == index)
            return cells > 0 && dtb_prop_u32(&prop, pos + 1, irq);
        pos += 1 + cells;
    }
}

bool cnd_fdt_prop_u32(const struct cnd_fdt *fdt, int node, const char *name, uint32_t *out)
{
    return dtb_get_u32(&fdt->dtb, node, name, out);
}

bool cnd_fdt_prop_u64(const struct cnd_fdt *fdt, int node, const char *name, uint64_t *out)
{
    return dtb_get_uint(&fdt->dtb, node, name, out);
}

bool cnd_fdt_prop_string(const struct cnd_fdt *fdt, int node, const char *name, const char **s)
{
    return dtb_get_string(&fdt->dtb, node, name, s);
}

bool cnd_fdt_enabled(const struct cnd_fdt *fdt, int node)
{
    return dtb_node_enabled(&fdt->dtb, node);
}

bool cnd_fdt_is_compatible(const struct cnd_fdt *fdt, int node, const char *compatible)
{
    return dtb_node_compatible(&fdt->dtb, node, compatible);
}

bool cnd_fdt_platform(const struct cnd_fdt *fdt, struct platform_info *out,
                      struct platform_error *err)
{
    struct platform_error local;
    return platform_info_parse(fdt->dtb.blob, fdt->dtb.totalsize, out, err != NULL ? err : &local);
}
