/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: notifications and device interrupts.
 *
 * An interrupt reaches user level as a signal on a notification: the
 * IRQHandler cap for the line (from IRQControl_Get) is told which
 * notification to signal (with which badge bits), and the line stays masked
 * after each interrupt until the driver acknowledges it (IRQHandler_Ack).
 * A struct cnd_irq keeps the caps of one line; several lines can signal one
 * notification with different badge bits and be served by one loop.
 */
#ifndef CONDUCTOR_IRQ_H
#define CONDUCTOR_IRQ_H

#include <conductor/invoke.h>
#include <conductor/untyped.h>

struct cnd_irq {
    cnd_word_t number;       /* the interrupt (PLIC source) */
    cnd_cptr_t handler;      /* IRQHandler cap */
    cnd_cptr_t ntfn;         /* the notification to wait on (as given) */
    cnd_cptr_t badged;       /* the badged copy the handler signals */
    cnd_badge_t badge;       /* bits the line sets in the notification word */
};

/* A new notification object (cnd_alloc of CND_OBJ_NOTIFICATION). Errors:
 * those of cnd_alloc. */
struct cnd_result cnd_notification_new(struct cnd_object *out);

/*
 * Sets up line `number`: an IRQHandler cap from the default env's
 * IRQControl cap into a new slot, a copy of `ntfn` badged with `badge`
 * (non-zero; notifications OR badges, so use one bit per line, see
 * CND_BADGE_BIT), bound to the handler, and one Ack so the first interrupt
 * can arrive. Errors: CND_ERR_BAD_ARGUMENT (badge 0, no IRQControl cap),
 * the kernel's (RangeError: no such line; RevokeFirst: someone already
 * holds its handler).
 */
struct cnd_result cnd_irq_setup(struct cnd_irq *irq, cnd_word_t number, cnd_cptr_t ntfn,
                                cnd_badge_t badge);

/* Acknowledges the line: the next interrupt may come. Errors: the kernel's
 * IRQHandler_Ack errors (e.g. a released handler: InvalidCapability). */
struct cnd_result cnd_irq_ack(const struct cnd_irq *irq);

/* Waits for a signal on the line's notification; returns the badge bits
 * (those of other lines sharing the notification included). Errors: none
 * reported (waiting on a cap that is no notification raises a cap fault). */
cnd_badge_t cnd_irq_wait(const struct cnd_irq *irq);

/* Handles the bits a wait returned; return true to keep serving. */
typedef bool (*cnd_irq_fn)(void *ctx, cnd_badge_t bits);

/*
 * Serves n lines sharing irqs[0].ntfn: waits, calls fn with the bits, then
 * acknowledges every line whose badge bits were among them; stops after fn
 * returns false (those lines are still acknowledged). Returns the number of
 * wake-ups served. Errors: none reported; a failed Ack is not retried.
 */
unsigned cnd_irq_loop(const struct cnd_irq *irqs, unsigned n, cnd_irq_fn fn, void *ctx);

/* Unbinds the notification, deletes the handler and badged caps and frees
 * their slots (the line can be set up again). Errors: the kernel's
 * IRQHandler_Clear and CNode_Delete errors (it stops at the first one;
 * the steps before it are done). */
struct cnd_result cnd_irq_release(struct cnd_irq *irq);

#endif /* CONDUCTOR_IRQ_H */
