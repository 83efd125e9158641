/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The first C the kernel runs: builds the boot page tables while the MMU is
 * off, at whatever physical address the image was loaded. Everything here must
 * be position independent: only PC-relative references to symbols (medany
 * code model), no absolute pointers in data, no jump tables (the file is built
 * with -fno-jump-tables), no calls into code that might use either.
 */
#include <stdint.h>
#include <arch/pte.h>
#include <arch/vm_layout.h>
#include <arch/boot.h>

/* Boot page tables. The root becomes the kernel's global table: every user
 * VSpace copies its upper-half entries. */
pte_t boot_pt_root[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t boot_pt_kernel_l2[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t boot_pt_kernel_l3[KERNEL_BOOT_L3_TABLES][PT_ENTRIES]
    __attribute__((aligned(PAGE_SIZE)));
pte_t boot_pt_device_l2[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

extern char _start_image[], _text_end[], _rodata_end[], _kernel_end[];

/* Reads the big-endian 32-bit word at p (the DTB header). */
static uint32_t early_be32(const volatile uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void early_map_giga(uint64_t va, uint64_t pa, pte_t perms)
{
    boot_pt_root[pt_index(va, 2)] = pte_make_leaf(pa & ~(GIGA_PAGE_SIZE - 1), perms);
}

/* Maps the gigapages covering [pa, pa + size) into the physical window. */
static void early_map_window(uint64_t pa, uint64_t size)
{
    for (uint64_t g = pa & ~(GIGA_PAGE_SIZE - 1); g < pa + size; g += GIGA_PAGE_SIZE)
        if (g < PADDR_TOP)
            early_map_giga(PPTR_BASE + g, g, PTE_R | PTE_W | PTE_G);
}

/*
 * Builds the boot page tables and returns the satp value that enables them.
 * Maps: the kernel image at KERNEL_VBASE with 4 KiB pages, text R-X, rodata R,
 * data/bss R-W; an identity mapping of the gigapage(s) holding the image (only
 * until head.S has jumped to the upper half); the physical window over the
 * device tree, so kernel_boot_main can read it before it knows where RAM is.
 */
uint64_t boot_early_map(uint64_t hartid, uint64_t dtb_paddr, uint64_t load_paddr)
{
    (void)hartid;
    /* Linker symbols are distinct objects to C: subtract addresses, not
     * pointers (pointer subtraction across objects is undefined). */
    uint64_t text_size = (uintptr_t)_text_end - (uintptr_t)_start_image;
    uint64_t rodata_end = (uintptr_t)_rodata_end - (uintptr_t)_start_image;
    uint64_t image_size = (uintptr_t)_kernel_end - (uintptr_t)_start_image;

    boot_pt_root[pt_index(KERNEL_VBASE, 2)] = pte_make_table((uint64_t)boot_pt_kernel_l2);
    for (unsigned t = 0; t < KERNEL_BOOT_L3_TABLES; t++)
        boot_pt_kernel_l2[pt_index(KERNEL_VBASE, 1) + t] =
            pte_make_table((uint64_t)boot_pt_kernel_l3[t]);

    for (uint64_t off = 0; off < image_size; off += PAGE_SIZE) {
        pte_t perms = PTE_G;
        if (off < text_size)
            perms |= PTE_R | PTE_X;
        else if (off < rodata_end)
            perms |= PTE_R;
        else
            perms |= PTE_R | PTE_W;
        uint64_t l3 = off >> MEGA_PAGE_BITS;
        boot_pt_kernel_l3[l3][pt_index(KERNEL_VBASE + off, 0)] =
            pte_make_leaf(load_paddr + off, perms);
    }

    boot_pt_root[pt_index(KDEV_BASE, 2)] =
        pte_make_table((uint64_t)boot_pt_device_l2);

    for (uint64_t g = load_paddr & ~(GIGA_PAGE_SIZE - 1); g < load_paddr + image_size;
         g += GIGA_PAGE_SIZE)
        early_map_giga(g, g, PTE_R | PTE_W | PTE_X);

    /* The header says how long the tree is; a bad magic gets one page so
     * that kernel_boot_main can still read the header and report it. */
    uint64_t dtb_size = PAGE_SIZE;
    if (dtb_paddr != 0 && early_be32((const volatile uint8_t *)dtb_paddr) == 0xd00dfeedu) {
        uint32_t total = early_be32((const volatile uint8_t *)dtb_paddr + 4);
        if (total > dtb_size && total <= DTB_MAX_SIZE)
            dtb_size = total;
    }
    if (dtb_paddr != 0)
        early_map_window(dtb_paddr, dtb_size);

    return SATP_MODE_SV39 | ((uint64_t)boot_pt_root >> PAGE_BITS);
}

/* Removes the identity mapping once we run in the upper half. */
void boot_drop_identity_map(uint64_t load_paddr)
{
    uint64_t image_size = (uintptr_t)_kernel_end - (uintptr_t)_start_image;
    for (uint64_t g = load_paddr & ~(GIGA_PAGE_SIZE - 1); g < load_paddr + image_size;
         g += GIGA_PAGE_SIZE)
        boot_pt_root[pt_index(g, 2)] = 0;
    __asm__ volatile("sfence.vma" ::: "memory");
}
