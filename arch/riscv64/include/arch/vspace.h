/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the capability core needs from the address-space code when caps to
 * frames, page tables and ASID pools go away: remove the mappings and leave
 * no stale TLB entry. (The VSpace invocations build on the same helpers.)
 */
#ifndef ARCH_VSPACE_H
#define ARCH_VSPACE_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/arch.h>

/* The VSpace root assigned to `asid`, or 0. */
paddr_t vspace_for_asid(uint16_t asid);

/* Removes the mapping of the frame at `frame` (of 2^size_bits bytes) at
 * `vaddr` in the VSpace of `asid`, if it is still there. */
void vspace_unmap_frame(uint16_t asid, uint64_t vaddr, paddr_t frame, unsigned size_bits);

/* Removes the page table at `table` from where it is mapped (`vaddr` in the
 * VSpace of `asid`), if it is still there. */
void vspace_unmap_page_table(uint16_t asid, uint64_t vaddr, paddr_t table);

/* Forgets ASID `asid` if it is assigned to `root` (the VSpace is going). */
void vspace_delete_asid(uint16_t asid, paddr_t root);

/* Forgets every ASID of pool `index` (the pool is going). */
void vspace_delete_asid_pool(unsigned index, const void *pool);

/* Flushes every TLB entry of `asid`, or of one page of it. */
void vspace_flush_asid(uint16_t asid);
void vspace_flush_page(uint16_t asid, uint64_t vaddr);

/* Whether the hart has enough hardware ASID bits for ours (probed at boot);
 * without, the kernel runs every VSpace as ASID 0 and flushes the whole TLB
 * on each address-space switch. */
extern bool vspace_hw_asids;

/* Changes whenever a VSpace may have stopped being valid for a thread (an
 * ASID or pool deleted, a thread's VSpace replaced): lets the exit path skip
 * re-validating the thread it just ran. */
extern uint64_t vspace_epoch;

/* The PTE where a walk for `vaddr` from `root` stops (an invalid or leaf
 * entry, or the last level) and the bits of address it covers (12, 21, 30). */
struct pt_slot {
    uint64_t *pte;
    unsigned bits_left;
};
struct pt_slot vspace_lookup_pt_slot(paddr_t root, uint64_t vaddr);

/* For the debug invariant checker (vspace_check.c): the number of valid leaf
 * PTEs in the user half of every VSpace with an ASID, and whether the VSpace
 * of `asid` maps `vaddr` with a leaf of 2^size_bits bytes onto `frame`. */
uint64_t vspace_count_user_leaves(void);
bool vspace_maps_frame(uint16_t asid, uint64_t vaddr, paddr_t frame, unsigned size_bits);

#endif
