/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device lookup in the boot device tree (see dt.h). Only what simple
 * platform devices need: the first reg entry (the buses on the supported
 * boards have identity `ranges`) and the first interrupt specifier, which
 * on a PLIC with #interrupt-cells = 1 is the source number.
 */
#include "dt.h"

#include <conductor/syscalls.h>

bool dt_open_boot_info(struct dtb *dtb, const struct cnd_boot_info *bi)
{
    /* Extra boot info starts one page above the boot info: a sequence of
     * (id, len) chunks, each len bytes long including its header. */
    const uint8_t *extra = (const uint8_t *)bi + 0x1000;
    for (uint64_t off = 0; off + sizeof(struct cnd_boot_info_header) <= bi->extra_len;) {
        const struct cnd_boot_info_header *h = (const void *)(extra + off);
        if (h->len < sizeof *h || h->len > bi->extra_len - off)
            break;
        if (h->id == CND_BOOTINFO_HEADER_FDT) {
            struct dtb_error err;
            if (dtb_open(dtb, h + 1, h->len - sizeof *h, &err))
                return true;
            cnd_debug_puts("dt: bad device tree: ");
            cnd_debug_puts(err.message);
            cnd_debug_puts("\n");
            return false;
        }
        off += h->len;
    }
    cnd_debug_puts("dt: no device tree in the extra boot info\n");
    return false;
}

static uint32_t first_irq(const struct dtb *dtb, int node)
{
    struct dtb_prop p;
    uint32_t v;
    if (dtb_get_prop(dtb, node, "interrupts", &p) && dtb_prop_u32(&p, 0, &v))
        return v;
    /* interrupts-extended = <&controller source ...>: cell 1 is the source. */
    if (dtb_get_prop(dtb, node, "interrupts-extended", &p) && dtb_prop_u32(&p, 1, &v))
        return v;
    return 0;
}

bool dt_device_from_node(const struct dtb *dtb, int node, struct dt_device *dev)
{
    struct dtb_reg reg;
    dev->node = node;
    if (dtb_reg_open(dtb, node, DTB_NONE, &reg) != DTB_REG_OK ||
        !dtb_reg_get(&reg, 0, &dev->base, &dev->size))
        return false;
    dev->irq = first_irq(dtb, node);
    if (!dtb_get_u32(dtb, node, "reg-shift", &dev->reg_shift))
        dev->reg_shift = 0;
    if (!dtb_get_u32(dtb, node, "reg-io-width", &dev->reg_io_width))
        dev->reg_io_width = 1;
    return true;
}

bool dt_find_compatible(const struct dtb *dtb, const char *compatible, unsigned index,
                        struct dt_device *dev)
{
    int depth = 0;
    for (int node = dtb_root(dtb); node != DTB_NONE; node = dtb_next_node(dtb, node, &depth)) {
        if (!dtb_node_compatible(dtb, node, compatible) || !dtb_node_enabled(dtb, node))
            continue;
        if (index-- == 0)
            return dt_device_from_node(dtb, node, dev);
    }
    return false;
}

int dt_stdout_node(const struct dtb *dtb)
{
    int chosen = dtb_subnode(dtb, dtb_root(dtb), "chosen", 6);
    const char *path;
    if (chosen == DTB_NONE || !dtb_get_string(dtb, chosen, "stdout-path", &path))
        return DTB_NONE;
    size_t len = 0;
    while (path[len] != '\0')
        len++;
    return dtb_find_path(dtb, path, len);
}

uint64_t dt_timebase(const struct dtb *dtb)
{
    int cpus = dtb_subnode(dtb, dtb_root(dtb), "cpus", 4);
    uint64_t hz;
    if (cpus != DTB_NONE && dtb_get_uint(dtb, cpus, "timebase-frequency", &hz) && hz)
        return hz;
    /* Some trees put it in each cpu node instead. */
    for (int cpu = cpus == DTB_NONE ? DTB_NONE : dtb_first_child(dtb, cpus); cpu != DTB_NONE;
         cpu = dtb_next_sibling(dtb, cpu))
        if (dtb_get_uint(dtb, cpu, "timebase-frequency", &hz) && hz)
            return hz;
    return 10000000;
}
