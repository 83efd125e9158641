/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sv39 page-table entries. Pure arithmetic, shared by the boot code, the
 * kernel's page-table objects and the host unit tests.
 * Every leaf the kernel writes has A set (and D when writable): SiFive cores
 * raise a page fault on A/D clear instead of setting them, QEMU hides that.
 * Non-leaf entries carry only V: A, D and U are reserved there.
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include <stdint.h>

typedef uint64_t pte_t;

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1UL << 44) - 1) << PTE_PPN_SHIFT)

#define PT_LEVELS 3
#define PT_INDEX_BITS 9
#define PT_ENTRIES (1UL << PT_INDEX_BITS)

#define SATP_MODE_SV39 (8UL << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK 0xffffUL

/* Index into the table at `level` (2 = root, 0 = last) for virtual address va. */
static inline unsigned pt_index(uint64_t va, unsigned level)
{
    return (unsigned)((va >> (12 + PT_INDEX_BITS * level)) & (PT_ENTRIES - 1));
}

static inline pte_t pte_make_table(uint64_t table_paddr)
{
    return ((table_paddr >> 12) << PTE_PPN_SHIFT) | PTE_V;
}

/* A leaf with the given R/W/X/U/G bits; A always, D when writable. */
static inline pte_t pte_make_leaf(uint64_t paddr, pte_t perms)
{
    pte_t pte = ((paddr >> 12) << PTE_PPN_SHIFT) | PTE_V | PTE_A | perms;
    if (perms & PTE_W)
        pte |= PTE_D;
    return pte;
}

static inline int pte_is_valid(pte_t pte) { return (pte & PTE_V) != 0; }
static inline int pte_is_leaf(pte_t pte) { return (pte & (PTE_R | PTE_W | PTE_X)) != 0; }
static inline uint64_t pte_paddr(pte_t pte) { return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12; }

#endif
