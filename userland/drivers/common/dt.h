/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device lookup for user-level drivers: the root task finds the device
 * tree in its extra boot info and asks for devices by "compatible" string.
 * Built on the kernel's own freestanding FDT reader (platform/fdt.c), so a
 * driver sees the tree exactly as the kernel parsed it at boot.
 */
#ifndef DRIVERS_DT_H
#define DRIVERS_DT_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/boot_info.h>
#include <platform/fdt.h>

/* What a driver needs to know about one device node. */
struct dt_device {
    int node;
    uint64_t base, size;     /* first reg entry */
    uint32_t irq;            /* first interrupt (PLIC source), 0 if none */
    uint32_t reg_shift;      /* "reg-shift", 0 if absent */
    uint32_t reg_io_width;   /* "reg-io-width", 1 if absent */
};

/* Opens the device tree the kernel put in the extra boot info; false (and
 * a message on the debug console) if there is none or it is malformed. */
bool dt_open_boot_info(struct dtb *dtb, const struct cnd_boot_info *bi);

/* Fills `dev` from `node`: reg, interrupts, reg-shift, reg-io-width. */
bool dt_device_from_node(const struct dtb *dtb, int node, struct dt_device *dev);

/*
 * The `index`-th enabled node (in document order) whose compatible list
 * contains `compatible`; false when there are fewer.
 */
bool dt_find_compatible(const struct dtb *dtb, const char *compatible, unsigned index,
                        struct dt_device *dev);

/* The node /chosen/stdout-path names, or DTB_NONE. */
int dt_stdout_node(const struct dtb *dtb);

/* /cpus/timebase-frequency (the rate of the `time` CSR); 10 MHz if absent. */
uint64_t dt_timebase(const struct dtb *dtb);

#endif
