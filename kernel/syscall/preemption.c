/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Preemption points for long operations (revoke, delete, untyped reset):
 * after every CND_MAX_WORK_UNITS units of work, look for a pending enabled
 * interrupt. The kernel runs with interrupts off, so this is a poll; an
 * operation that stops here leaves consistent state and its caller
 * re-executes the system call after the interrupt has been taken.
 */
#include <arch/arch.h>
#include <kernel/invocation.h>

#define MAX_WORK_UNITS_PER_PREEMPTION 100

static unsigned work_units;

bool preemption_point(void)
{
    if (++work_units < MAX_WORK_UNITS_PER_PREEMPTION)
        return false;
    work_units = 0;
    return arch_interrupt_pending();
}
