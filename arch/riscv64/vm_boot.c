/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel half of every address space, and building user page tables at
 * boot. The root table made by boot_early.c is the kernel's template: every
 * new VSpace copies its upper half, so kernel mappings must be complete (all
 * RAM, devices) before the first user VSpace is made.
 */
#include <arch/boot.h>
#include <arch/csr.h>
#include <arch/vm.h>
#include <arch/vm_layout.h>
#include <arch/vspace.h>
#include <kernel/string.h>

static unsigned kdev_next;   /* next free 2 MiB slot in the device window */

bool vm_map_ram_window(paddr_t base, paddr_t end)
{
    if (end > PADDR_TOP || base >= end)
        return false;
    for (paddr_t g = base & ~(GIGA_PAGE_SIZE - 1); g < end; g += GIGA_PAGE_SIZE)
        boot_pt_root[pt_index(PPTR_BASE + g, 2)] =
            pte_make_leaf(g, PTE_R | PTE_W | PTE_G);
    __asm__ volatile("sfence.vma" ::: "memory");
    return true;
}

void *vm_map_kernel_device(paddr_t base, uint64_t size)
{
    paddr_t first = base & ~(MEGA_PAGE_SIZE - 1);
    paddr_t last = (base + size + MEGA_PAGE_SIZE - 1) & ~(MEGA_PAGE_SIZE - 1);
    uint64_t pages = (last - first) >> MEGA_PAGE_BITS;
    if (size == 0 || pages > PT_ENTRIES - kdev_next)
        return 0;
    vaddr_t va = KDEV_BASE + ((uint64_t)kdev_next << MEGA_PAGE_BITS);
    for (uint64_t i = 0; i < pages; i++)
        boot_pt_device_l2[kdev_next + i] =
            pte_make_leaf(first + (i << MEGA_PAGE_BITS), PTE_R | PTE_W | PTE_G);
    kdev_next += (unsigned)pages;
    __asm__ volatile("sfence.vma" ::: "memory");
    return (void *)(va + (base - first));
}

void vm_init_kernel_half(pte_t *table)
{
    memcpy(&table[PT_ENTRIES / 2], &boot_pt_root[PT_ENTRIES / 2],
           PT_ENTRIES / 2 * sizeof(pte_t));
}

void vm_init_vspace_root(pte_t *table)
{
    memset(table, 0, PT_ENTRIES / 2 * sizeof(pte_t));
    vm_init_kernel_half(table);
}

/* Walks from the root to the last-level table for `va`, creating missing
 * tables; returns that table, or NULL on allocation failure or a leaf in
 * the way. */
static pte_t *walk_create(paddr_t root, vaddr_t va, vm_table_alloc_fn alloc, void *cookie,
                          void (*on_new_table)(void *, paddr_t, vaddr_t, unsigned))
{
    pte_t *table = paddr_to_kptr(root);
    for (unsigned level = 2; level > 0; level--) {
        pte_t *e = &table[pt_index(va, level)];
        if (!pte_is_valid(*e)) {
            paddr_t t = alloc(cookie);
            if (t == 0)
                return 0;
            *e = pte_make_table(t);
            if (on_new_table)
                on_new_table(cookie, t, va, level - 1);
        } else if (pte_is_leaf(*e)) {
            return 0;
        }
        table = paddr_to_kptr(pte_paddr(*e));
    }
    return table;
}

bool vm_ensure_user_tables(paddr_t root, vaddr_t va, vm_table_alloc_fn alloc, void *cookie,
                           void (*on_new_table)(void *, paddr_t, vaddr_t, unsigned))
{
    return walk_create(root, va, alloc, cookie, on_new_table) != 0;
}

bool vm_map_user_page(paddr_t root, vaddr_t va, paddr_t frame, pte_t perms,
                      vm_table_alloc_fn alloc, void *cookie,
                      void (*on_new_table)(void *cookie, paddr_t table, vaddr_t va, unsigned level))
{
    pte_t *table = walk_create(root, va, alloc, cookie, on_new_table);
    if (!table)
        return false;
    pte_t *leaf = &table[pt_index(va, 0)];
    if (pte_is_valid(*leaf))
        return false;
    *leaf = pte_make_leaf(frame, perms | PTE_U);
    return true;
}

/* Not static: the fastpaths compare with it inline (vm.h). */
paddr_t vm_active_root;

bool vm_probe_asids(void)
{
    /* Writing all ones to satp.ASID and reading back gives the bits the
     * hart implements (the ASID field is WARL). */
    uint64_t old = csr_read(satp);
    csr_write(satp, old | (SATP_ASID_MASK << SATP_ASID_SHIFT));
    uint64_t bits = (csr_read(satp) >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
    csr_write(satp, old);
    __asm__ volatile("sfence.vma" ::: "memory");
    vspace_hw_asids = bits == SATP_ASID_MASK;
    return vspace_hw_asids;
}

void vm_disable_hw_asids(void)
{
    vspace_hw_asids = false;
}

void vm_activate(paddr_t root, uint16_t asid)
{
    if (root == vm_active_root)
        return;
    if (vspace_hw_asids) {
        /* Entries are tagged: switching needs no flush. */
        csr_write(satp, SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) | (root >> PAGE_BITS));
    } else {
        csr_write(satp, SATP_MODE_SV39 | (root >> PAGE_BITS));
        __asm__ volatile("sfence.vma" ::: "memory");
    }
    vm_active_root = root;
}

void vm_activate_kernel(void)
{
    /* The kernel's own table maps everything the kernel needs and nothing
     * user mode may touch. ASID 0 is never a user VSpace's. */
    vm_activate(kptr_to_paddr(boot_pt_root), 0);
}

void vm_forget_root(paddr_t root)
{
    if (root == vm_active_root)
        vm_activate_kernel();
}
