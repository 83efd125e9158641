/* SPDX-License-Identifier: BSD-2-Clause */
/* State the boot code hands from one step to the next. */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdint.h>
#include <arch/arch.h>
#include <kernel/region.h>
#include <platform/platform_info.h>

struct boot_state {
    uint64_t hart_id;
    paddr_t dtb_paddr;
    uint64_t dtb_size;
    paddr_t kernel_paddr;        /* load address of the image */
    paddr_t kernel_end_paddr;    /* end of text..bss */
    paddr_t payload_paddr;       /* the packed modules follow the kernel */
    paddr_t payload_end_paddr;
    struct platform_info platform;
    struct region_list free_memory;   /* RAM nobody uses yet */
};

extern struct boot_state boot_state;

/* Prints a boot failure caused by bad input (device tree, payload) and stops:
 * not a kernel bug, so no register dump, but a clear reason. */
void boot_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Takes `size` bytes aligned to `align` from free memory, zeroed; fails boot
 * with a message naming `what` when memory is short. */
paddr_t boot_alloc(uint64_t size, uint64_t align, const char *what);

/* Loads the root task from the payload and makes it the running thread. */
void boot_load_root_task(void);

/* Prints the platform summary (the first lines of every boot). */
void boot_print_platform(const struct platform_info *p, uint64_t boot_hart);

#endif
