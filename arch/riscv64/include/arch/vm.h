/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel address-space set-up at boot, and building user page tables. */
#ifndef ARCH_VM_H
#define ARCH_VM_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/arch.h>
#include <arch/pte.h>

/* Maps [base, end) of RAM into the physical window with gigapages. False if
 * the range reaches beyond the window (PADDR_TOP). */
bool vm_map_ram_window(paddr_t base, paddr_t end);

/* Maps a device register block for the kernel's own use (console UART,
 * PLIC) with 2 MiB pages in the kernel device window; returns its virtual
 * address, or 0 when the window is full. */
void *vm_map_kernel_device(paddr_t base, uint64_t size);

/* Makes the root table of a new address space: empty user half, the
 * kernel's global mappings in the upper half. `table` is a zeroed 4 KiB page. */
void vm_init_vspace_root(pte_t *table);
/* Copies the kernel's global mappings into the upper half of `table`. */
void vm_init_kernel_half(pte_t *table);

/* Allocates a zeroed 4 KiB page-table page; returns its physical address. */
typedef paddr_t (*vm_table_alloc_fn)(void *cookie);

/*
 * Maps the 4 KiB frame at `frame` at user address `va` in the address space
 * rooted at `root` with PTE permission bits `perms` (U is added), creating
 * missing tables with `alloc` (each new table is reported through
 * `on_new_table` if non-NULL, with its level: 1 = covers 1 GiB, 0 = 2 MiB).
 * False if a table could not be allocated or `va` is already mapped.
 */
bool vm_map_user_page(paddr_t root, vaddr_t va, paddr_t frame, pte_t perms,
                      vm_table_alloc_fn alloc, void *cookie,
                      void (*on_new_table)(void *cookie, paddr_t table, vaddr_t va, unsigned level));

/* Creates the tables a 4 KiB mapping at `va` would need, like
 * vm_map_user_page, without mapping anything. */
bool vm_ensure_user_tables(paddr_t root, vaddr_t va, vm_table_alloc_fn alloc, void *cookie,
                           void (*on_new_table)(void *cookie, paddr_t table, vaddr_t va, unsigned level));

/* Finds out whether the hart implements all 16 ASID bits (sets
 * vspace_hw_asids); call once at boot. */
bool vm_probe_asids(void);
/* Runs without hardware ASIDs even if the hart has them (tests the path
 * harts without ASIDs take). Call before the first user VSpace runs. */
void vm_disable_hw_asids(void);

/* Switches to the address space rooted at `root` with hardware ASID `asid`
 * (nothing to do if it is already active). */
void vm_activate(paddr_t root, uint16_t asid);
/* The root in satp now (fastpaths skip vm_activate when it is unchanged). */
extern paddr_t vm_active_root;

/* Switches to the kernel's own table (no user mappings). */
void vm_activate_kernel(void);

/* Called when the VSpace rooted at `root` goes away: if the hart still uses
 * it, switch to the kernel's own table. */
void vm_forget_root(paddr_t root);

#endif
