/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sv39 address spaces: finding a VSpace by ASID and tearing mappings down
 * (see vspace.h). Every change is followed by the sfence.vma that makes it
 * visible before the kernel returns to user mode.
 */
#include <arch/pte.h>
#include <arch/vm_layout.h>
#include <arch/vm.h>
#include <arch/vspace.h>
#include <kernel/objects.h>

struct asid_pool *asid_table[ASID_POOLS];

paddr_t vspace_for_asid(uint16_t asid)
{
    struct asid_pool *pool = asid_table[asid >> CND_ASID_POOL_INDEX_BITS];
    if (asid == 0 || !pool)
        return 0;
    return pool->vspace_root[asid & (ASID_POOL_ENTRIES - 1)];
}

bool vspace_hw_asids;
/* Starts at 1 and is never 0 (it would take 2^64 bumps to wrap): the
 * fastpaths' per-thread VSpace record (tcb.h) uses 0 for "none". */
uint64_t vspace_epoch = 1;

/* Flushes go by ASID when the hart tags TLB entries with our ASIDs; without
 * hardware ASIDs every VSpace runs as ASID 0 and a flush must cover all. */
void vspace_flush_asid(uint16_t asid)
{
    if (vspace_hw_asids)
        __asm__ volatile("sfence.vma zero, %0" ::"r"((uint64_t)asid) : "memory");
    else
        __asm__ volatile("sfence.vma" ::: "memory");
}

void vspace_flush_page(uint16_t asid, uint64_t vaddr)
{
    if (vspace_hw_asids)
        __asm__ volatile("sfence.vma %0, %1" ::"r"(vaddr), "r"((uint64_t)asid) : "memory");
    else
        __asm__ volatile("sfence.vma %0, zero" ::"r"(vaddr) : "memory");
}

struct pt_slot vspace_lookup_pt_slot(paddr_t root, uint64_t vaddr)
{
    unsigned level = PT_LEVELS - 1;
    pte_t *pte = (pte_t *)paddr_to_kptr(root) + pt_index(vaddr, level);
    /* Descend while the entry points at a next-level table. */
    while (level > 0 && pte_is_valid(*pte) && !pte_is_leaf(*pte)) {
        level--;
        pte = (pte_t *)paddr_to_kptr(pte_paddr(*pte)) + pt_index(vaddr, level);
    }
    return (struct pt_slot){ .pte = pte, .bits_left = PAGE_BITS + PT_INDEX_BITS * level };
}

/* Finds the PTE for `vaddr` at `level` (2 root .. 0) in `root`, or NULL if a
 * table on the way is missing or a leaf sits above that level. */
static pte_t *lookup_pte(paddr_t root, uint64_t vaddr, unsigned level)
{
    pte_t *table = paddr_to_kptr(root);
    for (unsigned l = 2; l > level; l--) {
        pte_t e = table[pt_index(vaddr, l)];
        if (!pte_is_valid(e) || pte_is_leaf(e))
            return 0;
        table = paddr_to_kptr(pte_paddr(e));
    }
    return &table[pt_index(vaddr, level)];
}

void vspace_unmap_frame(uint16_t asid, uint64_t vaddr, paddr_t frame, unsigned size_bits)
{
    paddr_t root = vspace_for_asid(asid);
    if (!root)
        return;
    unsigned level = size_bits == GIGA_PAGE_BITS ? 2 : size_bits == MEGA_PAGE_BITS ? 1 : 0;
    pte_t *pte = lookup_pte(root, vaddr, level);
    if (!pte || !pte_is_valid(*pte) || !pte_is_leaf(*pte) || pte_paddr(*pte) != frame)
        return;
    *pte = 0;
    vspace_flush_page(asid, vaddr);
}

void vspace_unmap_page_table(uint16_t asid, uint64_t vaddr, paddr_t table)
{
    paddr_t root = vspace_for_asid(asid);
    if (!root)
        return;
    /* A table is referenced from the level above the one it serves: try
     * both places it can hang (under the root, or under a level-1 table). */
    for (unsigned level = 2; level >= 1; level--) {
        pte_t *pte = lookup_pte(root, vaddr, level);
        if (pte && pte_is_valid(*pte) && !pte_is_leaf(*pte) && pte_paddr(*pte) == table) {
            *pte = 0;
            vspace_flush_asid(asid);
            return;
        }
    }
}

void vspace_delete_asid(uint16_t asid, paddr_t root)
{
    struct asid_pool *pool = asid_table[asid >> CND_ASID_POOL_INDEX_BITS];
    if (!pool || pool->vspace_root[asid & (ASID_POOL_ENTRIES - 1)] != root)
        return;
    vspace_flush_asid(asid);
    pool->vspace_root[asid & (ASID_POOL_ENTRIES - 1)] = 0;
    vm_forget_root(root);
    vspace_epoch++;
}

void vspace_delete_asid_pool(unsigned index, const void *pool_ptr)
{
    struct asid_pool *pool = asid_table[index];
    if (!pool || pool != pool_ptr)
        return;
    for (unsigned i = 0; i < ASID_POOL_ENTRIES; i++) {
        if (pool->vspace_root[i]) {
            vspace_flush_asid((uint16_t)((index << CND_ASID_POOL_INDEX_BITS) | i));
            vm_forget_root(pool->vspace_root[i]);
        }
    }
    asid_table[index] = 0;
    vspace_epoch++;
}
