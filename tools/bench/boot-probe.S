/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot probe: a stand-in S-mode "kernel" for run-bench.sh. OpenSBI starts it
 * where it would start Conductor (0x80200000); its first instruction reads
 * instret, so the count is what the firmware (and QEMU's reset code) took.
 * It prints "boot-probe: instret=N" through the legacy SBI console and
 * powers off with SBI SRST. run-bench.sh subtracts N from the benchmark's
 * boot_to_main figure to get the kernel's share.
 *
 * Build: riscv64-unknown-elf-gcc -nostdlib -static -Wl,-Ttext=0x80200000
 *        -march=rv64imac_zicsr -mabi=lp64 boot-probe.S -o boot-probe.elf
 */
    .section .text
    .globl _start
_start:
    csrr    s0, instret
    lla     sp, stack_top
    lla     a0, banner
    call    puts
    /* Decimal digits of s0, least significant first, into the buffer's end. */
    lla     s1, digits_end
    li      t1, 10
1:  remu    t2, s0, t1
    addi    t2, t2, '0'
    addi    s1, s1, -1
    sb      t2, 0(s1)
    divu    s0, s0, t1
    bnez    s0, 1b
    mv      a0, s1
    call    puts
    lla     a0, newline
    call    puts
    /* SBI SRST: system reset, type 0 (shutdown), reason 0. */
    li      a7, 0x53525354
    li      a6, 0
    li      a0, 0
    li      a1, 0
    ecall
2:  wfi
    j       2b

/* puts(a0): legacy SBI console putchar (EID 1) per byte, up to the NUL. */
puts:
    mv      t0, a0
3:  lbu     a0, 0(t0)
    beqz    a0, 4f
    li      a7, 1
    ecall
    addi    t0, t0, 1
    j       3b
4:  ret

    .section .rodata
banner:
    .asciz  "boot-probe: instret="
newline:
    .asciz  "\n"

    .section .data
digits:
    .space  24
digits_end:
    .byte   0           /* the string's NUL */

    .section .bss
    .balign 16
    .space  4096
stack_top:
