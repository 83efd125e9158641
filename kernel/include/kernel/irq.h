/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt lines as capabilities (IRQControl, IRQHandler). */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

/* Sets up the PLIC context of the boot hart, every source masked. */
void irq_init(volatile void *plic_regs, uint32_t ndev, uint32_t context);
/* The highest valid interrupt number (the PLIC's ndev), 0 without PLIC. */
uint32_t irq_max(void);

/* Claims and delivers the pending external interrupts (PLIC). */
void irq_handle_external(void);

/* The last IRQHandler cap for `irq` is gone: mask the line and forget its
 * notification. */
void irq_handler_destroy(uint64_t irq);

struct cap;
/* The notification cap `irq` signals (a null cap if none or out of range),
 * for DebugSnapshot. */
struct cap irq_notification(uint64_t irq);

#endif
