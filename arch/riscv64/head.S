/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel entry. The first 64 bytes are a RISC-V Linux "Image" header so that
 * U-Boot's booti accepts the raw image; OpenSBI (fw_dynamic, fw_jump) and QEMU
 * -kernel simply jump to the first instruction. We arrive in S-mode with the
 * MMU off, a0 = hart id, a1 = device-tree physical address, at whatever
 * physical address we were loaded: everything here is PC-relative until the
 * jump to the kernel's link address in the upper half.
 */
#include <arch/vm_layout.h>

/* No linker relaxation here: the first llas run before gp is set, and the
 * one that sets gp must not become gp-relative itself. */
    .option norelax

    .section .text.head, "ax"
    .globl _start_image
_start_image:
    /* Header. code0 must be a full 32-bit instruction: booti checks nothing
     * there, but some loaders decode it, and a compressed jump would leave
     * code1 half an instruction. */
    .option push
    .option norvc
    j       real_start              /* code0 */
    .word   0                       /* code1 */
    .dword  0x200000                /* text_offset: 2 MiB above RAM base */
    .dword  _image_size             /* image_size: up to the end of the payload */
    .dword  0                       /* flags: little endian */
    .word   2                       /* version 0.2 */
    .word   0                       /* res1 */
    .dword  0                       /* res2 */
    .ascii  "RISCV\0\0\0"           /* magic (deprecated but checked by U-Boot) */
    .ascii  "RSC\x05"               /* magic2 */
    .word   0                       /* res3 */
    .option pop

real_start:
    /* No interrupts until the trap vector exists. */
    csrw    sie, zero
    csrci   sstatus, 2
    /* The kernel's C is linked with gp-relative addressing of the small
     * data near __global_pointer$ (kernel.ld): gp must hold its address
     * before any C runs, here the physical one (PC-relative), since
     * boot_early_map runs with the MMU off. */
    lla     gp, __global_pointer$

    /* Firmware that starts every hart here (older BBL-style loaders) would
     * race through boot: the first hart to swap the flag boots, the others
     * park with interrupts off until a later SMP bring-up wakes them. */
    lla     t0, boot_lottery
    li      t1, 1
    amoswap.w t1, t1, (t0)
    bnez    t1, park_hart

    /* bss is not part of the raw image some loaders copy, and not every
     * loader zeroes it: clear it before any C runs (the boot stack lives in
     * it, so no calls before this). */
    lla     t0, _bss_start
    lla     t1, _bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    lla     sp, boot_stack_top
    mv      s1, a0                  /* hart id */
    mv      s2, a1                  /* device tree, physical */
    lla     s3, _start_image        /* where we were loaded, physical */
    li      fp, 0                   /* (s0) ends every backtrace */

    /* Build the boot page tables (PC-relative C) and get the satp value. */
    mv      a0, s1
    mv      a1, s2
    mv      a2, s3
    call    boot_early_map

    /* The page tables identity-map the gigapage(s) holding the image, so the
     * instruction after the satp write is still fetched. */
    sfence.vma
    csrw    satp, a0
    sfence.vma

    /* Move the stack and jump to the link address. The literal holds the
     * absolute (virtual) address resolved at link time. */
    ld      t0, .Lkernel_vbase
    sub     t0, t0, s3              /* t0 = virtual - physical */
    add     sp, sp, t0
    ld      t1, .Lboot_main
    ld      gp, .Lglobal_pointer    /* from now on, the virtual one */
    li      ra, 0                   /* nothing to return to: ends backtraces */
    mv      a0, s1
    mv      a1, s2
    mv      a2, s3
    jr      t1

park_hart:
    wfi
    j       park_hart

    .balign 8
.Lkernel_vbase:
    .dword  _start_image
.Lboot_main:
    .dword  kernel_boot_main
.Lglobal_pointer:
    .dword  __global_pointer$

    .section .data
    .balign 4
boot_lottery:
    .word   0

    .section .bss
    .balign 16
    .globl boot_stack_bottom
boot_stack_bottom:
    .space  KERNEL_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:
