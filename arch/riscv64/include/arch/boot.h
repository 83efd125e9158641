/* SPDX-License-Identifier: BSD-2-Clause */
/* Early boot interface between head.S, boot_early.c and the generic boot code. */
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

#include <stdint.h>
#include <arch/pte.h>

/* Largest device tree the kernel accepts (the boot window maps it whole). */
#define DTB_MAX_SIZE (4UL << 20)

extern pte_t boot_pt_root[];
extern pte_t boot_pt_device_l2[];

uint64_t boot_early_map(uint64_t hartid, uint64_t dtb_paddr, uint64_t load_paddr);
void boot_drop_identity_map(uint64_t load_paddr);

/* Link-time symbols (virtual addresses) from kernel.ld. */
extern char _start_image[], _text_end[], _rodata_end[], _data_start[];
extern char _bss_start[], _bss_end[], _kernel_end[];
extern char _payload_start[], _image_end[];
extern char boot_stack_bottom[], boot_stack_top[];

#endif
