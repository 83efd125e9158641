/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RISC-V platform-level interrupt controller, as the device tree
 * describes it: sources 1..ndev, and one S-mode context per hart (found in
 * interrupts-extended, never assumed). A claimed source stays blocked at its
 * gateway until completed, while other sources keep arriving.
 */
#ifndef PLATFORM_PLIC_H
#define PLATFORM_PLIC_H

#include <stdint.h>

struct plic {
    volatile uint8_t *regs;   /* mapped register block */
    uint32_t ndev;
    uint32_t context;         /* this hart's S-mode context */
};

/* Masks every source for `context` and sets its threshold to 0. */
void plic_init(struct plic *p, volatile void *regs, uint32_t ndev, uint32_t context);
void plic_enable(struct plic *p, uint32_t source);
void plic_disable(struct plic *p, uint32_t source);
/* The highest-priority pending source (claimed now), or 0. */
uint32_t plic_claim(struct plic *p);
void plic_complete(struct plic *p, uint32_t source);
/* Whether the source is pending at the PLIC. */
int plic_pending(struct plic *p, uint32_t source);

#endif
