/* SPDX-License-Identifier: BSD-2-Clause */
/* S-mode timer through Sstc or SBI TIME (see timer.h). */
#include <arch/csr.h>
#include <arch/sbi.h>
#include <arch/timer.h>

#define CSR_STIMECMP 0x14d

static bool use_sstc;
static uint64_t timebase_hz;

void timer_init(uint64_t hz, bool sstc)
{
    timebase_hz = hz;
    /* Sstc in the ISA string is not enough: M-mode must also have set
     * menvcfg.STCE, else stimecmp traps. OpenSBI 1.1+ sets it when the hart
     * has Sstc; we trust the device tree and firmware to agree. */
    use_sstc = sstc;
    timer_disarm();
    csr_set(sie, SIE_STIE);
}

void timer_set_deadline(uint64_t deadline)
{
    if (use_sstc)
        __asm__ volatile("csrw 0x14d, %0" ::"r"(deadline));
    else
        sbi_set_timer(deadline);
}

void timer_disarm(void)
{
    timer_set_deadline(UINT64_MAX);
}

bool timer_uses_sstc(void)
{
    return use_sstc;
}

uint64_t timer_timebase(void)
{
    return timebase_hz;
}
