/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root task's initial capabilities, laid out exactly as seL4 lays them
 * out: fixed slots 1..15, Conductor's system-control cap in 16, then the
 * image's page tables, the extra boot-info frames, the image frames, the
 * untypeds (devices first, then RAM) and the empty range, all described in
 * the boot-info frame.
 */
#ifndef KERNEL_BOOT_CSPACE_H
#define KERNEL_BOOT_CSPACE_H

#include <stdint.h>
#include <arch/arch.h>
#include <kernel/cte.h>
#include <kernel/options.h>
#include <kernel/objects.h>
#include <kernel/tcb.h>

/* The root task's VSpace has ASID 1 in pool 0, as in seL4. */
#define ROOT_TASK_ASID 1

struct root_layout {
    struct boot_options options;
    /* virtual layout */
    vaddr_t entry, image_start, image_end;
    vaddr_t ipc_buffer_va, boot_info_va, extra_va, region_end;
    uint64_t extra_len, extra_pages;
    /* objects */
    paddr_t vspace_root, ipc_buffer, boot_info, extra;
    struct tcb *tcb;
    struct cte *cnode;
    unsigned cnode_bits;
    struct asid_pool *asid_pool;
    /* slot plan */
    uint64_t paging_start, n_giga_tables, n_mega_tables;
    uint64_t extra_start, frames_start, untyped_start, empty_start;
    uint64_t first_giga, first_mega;
};

extern struct root_layout root_layout;

/* Carves the root CNode, TCB and ASID pool and plans the slots; needs the
 * image range (image_start..region_end) set. */
void boot_cspace_create(struct root_layout *l);

/* Records the page table at `table` covering `va` (level 1: 1 GiB, level 0:
 * 2 MiB) in its userImagePaging slot. */
void boot_cspace_add_page_table(struct root_layout *l, paddr_t table, vaddr_t va, unsigned level);
/* Records an image frame (userImageFrames, ascending vaddr) or an extra
 * boot-info frame (extraBIPages). */
void boot_cspace_add_image_frame(struct root_layout *l, paddr_t frame, vaddr_t va);
void boot_cspace_add_extra_frame(struct root_layout *l, paddr_t frame, vaddr_t va);

/* Fills the fixed slots, the TCB's own slots, the untypeds (all remaining
 * free memory and every device region) and the boot-info frame. */
void boot_cspace_finish(struct root_layout *l);

#endif
