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

/* Lets the timer interrupt through (sie.STIE); see timer_disarm. */
static inline __attribute__((always_inline)) void timer_unmask(void)
{
    __asm__ volatile("csrs sie, %0" ::"r"(1UL << 5) : "memory");   /* STIE */
}

/* timer_set_deadline where the caller has checked timer_sstc: the CSR
 * writes alone, so that a fastpath makes no call (and keeps no frame). The
 * comparator is written first: that withdraws a stale pending bit from an
 * earlier deadline before the unmask lets it through again. */
static inline __attribute__((always_inline)) void timer_set_deadline_sstc(uint64_t deadline)
{
    __asm__ volatile("csrw 0x14d, %0" ::"r"(deadline));
    timer_unmask();
}

/* Arms the timer interrupt for absolute time `deadline` (timebase ticks).
 * Inline: with Sstc it is one CSR write (and the unmask), and the scheduler
 * re-arms the slice timer whenever threads of one priority take turns. */
static inline void timer_set_deadline(uint64_t deadline)
{
    if (timer_sstc) {
        timer_set_deadline_sstc(deadline);
    } else {
        timer_set_deadline_sbi(deadline);
        timer_unmask();
    }
}

/*
 * Disarms it by masking the interrupt (sie.STIE), not by moving the
 * deadline to "never" (stimecmp or the SBI deadline = UINT64_MAX), for the
 * sake of QEMU: its timer models (7.2 at least) turn an all-ones deadline
 * into a host timer at the end of their signed 64-bit nanosecond clock.
 * Under -icount with sleep=off an idle guest makes QEMU jump the virtual
 * clock straight to the next timer, so the first idle period runs the clock
 * to that end (the firmware's own all-ones mtimecmp gets it there anyway);
 * a deadline of "never" programmed after that is one QEMU's arithmetic
 * neither expires nor lets the vCPU run past (zero instructions left
 * before it), and the machine freezes on the instruction after the write:
 * the default system stopped answering its console. Masking programs
 * nothing: the comparator keeps whatever deadline it had (a fired one, or
 * one the scheduler gave up on, which may still fire but stays masked:
 * sip.STIP can stay set while the timer is disarmed).
 */
static inline void timer_disarm(void)
{
    __asm__ volatile("csrc sie, %0" ::"r"(1UL << 5) : "memory");   /* STIE */
}
/* Whether Sstc is in use. */
bool timer_uses_sstc(void);
uint64_t timer_timebase(void);

#endif
