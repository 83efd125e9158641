/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Read-only walks of every VSpace for the debug invariant checker
 * (kernel/debug/invariants.c): every mapped frame must be owned by a frame
 * cap recording that mapping. The checker counts the leaves here and the
 * caps that match one; a leaf without a cap makes the first count larger.
 */
#include <arch/pte.h>
#include <arch/vm_layout.h>
#include <arch/vspace.h>
#include <kernel/objects.h>

static uint64_t count_leaves(paddr_t table, unsigned level, unsigned first, unsigned end)
{
    const pte_t *pt = paddr_to_kptr(table);
    uint64_t n = 0;
    for (unsigned i = first; i < end; i++) {
        if (!pte_is_valid(pt[i]))
            continue;
        if (pte_is_leaf(pt[i]))
            n++;
        else if (level > 0)
            n += count_leaves(pte_paddr(pt[i]), level - 1, 0, PT_ENTRIES);
    }
    return n;
}

uint64_t vspace_count_user_leaves(void)
{
    /* Only the user half: the kernel's own mappings are no frame's. */
    unsigned user_entries = pt_index(USER_TOP - 1, PT_LEVELS - 1) + 1;
    uint64_t n = 0;
    for (unsigned p = 0; p < ASID_POOLS; p++) {
        const struct asid_pool *pool = asid_table[p];
        if (!pool)
            continue;
        for (unsigned i = 0; i < ASID_POOL_ENTRIES; i++)
            if (pool->vspace_root[i])
                n += count_leaves(pool->vspace_root[i], PT_LEVELS - 1, 0, user_entries);
    }
    return n;
}

bool vspace_maps_frame(uint16_t asid, uint64_t vaddr, paddr_t frame, unsigned size_bits)
{
    paddr_t root = vspace_for_asid(asid);
    if (!root || vaddr >= USER_TOP)
        return false;
    struct pt_slot s = vspace_lookup_pt_slot(root, vaddr);
    return pte_is_valid(*s.pte) && pte_is_leaf(*s.pte) && pte_paddr(*s.pte) == frame &&
           s.bits_left == size_bits;
}
