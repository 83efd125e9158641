/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The C runtime entry for root tasks and components. The kernel starts a
 * root task with a0 = boot-info address and every other register zero (seL4's
 * convention), so the runtime provides its own stack, clears .bss, and calls
 * cnd_runtime_start(a0), which calls main.
 */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    lla     sp, __cnd_stack_top
    mv      s0, a0
    lla     t0, __bss_start
    lla     t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  mv      a0, s0
    li      fp, 0
    call    cnd_runtime_start
3:  j       3b

    .section .bss.stack, "aw", @nobits
    .balign 16
__cnd_stack_bottom:
    .space  CND_ROOT_STACK_SIZE
    .globl __cnd_stack_top
__cnd_stack_top:
