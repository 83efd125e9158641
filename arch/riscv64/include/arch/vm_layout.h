/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's virtual memory layout in Sv39 (usable from C and assembly).
 * User space is [0, USER_TOP); the kernel owns the upper half: the physical
 * memory window (RAM mapped at PPTR_BASE + paddr, as seL4 lays it out), the
 * kernel image at KERNEL_VBASE, and a window for the kernel's own devices.
 */
#ifndef ARCH_VM_LAYOUT_H
#define ARCH_VM_LAYOUT_H

#ifdef __ASSEMBLER__
#define VM_UL(x) x
#else
#define VM_UL(x) x##UL
#endif

#define PAGE_BITS 12
#define PAGE_SIZE (VM_UL(1) << PAGE_BITS)
#define MEGA_PAGE_BITS 21
#define MEGA_PAGE_SIZE (VM_UL(1) << MEGA_PAGE_BITS)
#define GIGA_PAGE_BITS 30
#define GIGA_PAGE_SIZE (VM_UL(1) << GIGA_PAGE_BITS)

/* Physical memory window: paddr p is at PPTR_BASE + p for p < PADDR_TOP. */
#define PPTR_BASE VM_UL(0xffffffc000000000)
#define PPTR_TOP VM_UL(0xffffffff80000000)
#define PADDR_TOP (PPTR_TOP - PPTR_BASE)

/* Kernel image (link address; see kernel.ld). */
#define KERNEL_VBASE VM_UL(0xffffffff80200000)
#define KERNEL_MAX_SIZE (VM_UL(8) << 20)
#define KERNEL_BOOT_L3_TABLES 4

/* Kernel device window: 2 MiB mappings handed out at boot for the console
 * UART and the PLIC. */
#define KDEV_BASE VM_UL(0xffffffffc0000000)
#define KDEV_SIZE GIGA_PAGE_SIZE

/* Highest user address + 1 (seL4_UserTop). */
#define USER_TOP VM_UL(0x3ffffff000)

#define KERNEL_STACK_SIZE (VM_UL(16) << 10)

#endif
