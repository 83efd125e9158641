/* SPDX-License-Identifier: BSD-2-Clause */
/* S-mode timer through Sstc or SBI TIME (see timer.h). */
#include <arch/csr.h>
#include <arch/sbi.h>
#include <arch/timer.h>

bool timer_sstc;
static uint64_t timebase_hz;

void timer_init(uint64_t hz, bool sstc)
{
    timebase_hz = hz;
    /* Sstc in the ISA string is not enough: M-mode must also have set
     * menvcfg.STCE, else stimecmp traps. OpenSBI 1.1+ sets it when the hart
     * has Sstc; we trust the device tree and firmware to agree. */
    timer_sstc = sstc;
    /* Disarmed (masked) until the first deadline; see timer_disarm. */
    timer_disarm();
}

void timer_set_deadline_sbi(uint64_t deadline)
{
    sbi_set_timer(deadline);
}

bool timer_uses_sstc(void)
{
    return timer_sstc;
}

uint64_t timer_timebase(void)
{
    return timebase_hz;
}
