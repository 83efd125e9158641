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
/* Arms the timer interrupt for absolute time `deadline` (timebase ticks). */
void timer_set_deadline(uint64_t deadline);
/* Disarms it (the deadline moves to the far future). */
void timer_disarm(void);
/* Whether Sstc is in use. */
bool timer_uses_sstc(void);
uint64_t timer_timebase(void);

#endif
