/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The architecture contract: what every arch/<name>/ provides to generic
 * kernel code. Generic code includes only this and the <arch/...> headers it
 * names; it never refers to a particular ISA.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t paddr_t;   /* physical address */
typedef uint64_t vaddr_t;   /* virtual address */

/* Kernel virtual address of physical address `pa` in the physical window. */
void *paddr_to_kptr(paddr_t pa);
/* Physical address of a kernel-window or kernel-image pointer. */
paddr_t kptr_to_paddr(const void *p);

/* Identity of the running hart (its hart id from the firmware). */
uint64_t arch_hart_id(void);

/* Prints a backtrace starting from frame pointer `fp` and pc `pc`. */
void arch_backtrace(uint64_t fp, uint64_t pc);

/* Stops this hart for good (interrupts off, wfi loop). */
void arch_halt(void) __attribute__((noreturn));

/* Asks the firmware to power the machine off; halts if it refuses. */
void arch_power_off(void) __attribute__((noreturn));

/* Asks the firmware for a cold reboot; halts if it refuses. */
void arch_reboot(void) __attribute__((noreturn));

/* Whether an interrupt the kernel has enabled is pending on this hart. */
bool arch_interrupt_pending(void);

/* Reads the time CSR (timebase ticks). Inline: the scheduler reads it on
 * every switch between threads of one priority (slice accounting). */
static inline uint64_t arch_time_now(void)
{
    uint64_t t;
    __asm__ volatile("csrr %0, time" : "=r"(t));
    return t;
}

#endif
