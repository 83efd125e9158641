/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The S-mode timer: stimecmp directly when the hart has Sstc (and the
 * firmware enabled it), SBI TIME otherwise. One-shot deadlines only: the
 * kernel arms the timer when a time slice needs it and never ticks when idle.
 */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <stdbool.h>
#include <stdint.h>

/* Chooses the mechanism; `sstc` = the device tree lists the extension. */
void timer_init(uint64_t timebase_hz, bool sstc);
/* Whether stimecmp is written directly (Sstc) rather than through SBI
 * (timer.c sets it once at boot). */
extern bool timer_sstc;
/* timer_set_deadline without Sstc: the SBI call. */
void timer_set_deadline_sbi(uint64_t deadline);

/* timer_set_deadline where the caller has checked timer_sstc: the CSR
 * write alone, so that a fastpath makes no call (and keeps no frame). */
static inline __attribute__((always_inline)) void timer_set_deadline_sstc(uint64_t deadline)
{
    __asm__ volatile("csrw 0x14d, %0" ::"r"(deadline));
}

/* Arms the timer interrupt for absolute time `deadline` (timebase ticks).
 * Inline: with Sstc it is one CSR write, and the scheduler re-arms the
 * slice timer whenever threads of one priority take turns. */
static inline void timer_set_deadline(uint64_t deadline)
{
    if (timer_sstc)
        timer_set_deadline_sstc(deadline);
    else
        timer_set_deadline_sbi(deadline);
}

/* Disarms it (the deadline moves to the far future). */
static inline void timer_disarm(void)
{
    timer_set_deadline(UINT64_MAX);
}
/* Whether Sstc is in use. */
bool timer_uses_sstc(void);
uint64_t timer_timebase(void);

#endif
