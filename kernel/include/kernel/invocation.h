/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One kernel invocation in flight: the message the caller sent (label,
 * words, extra caps) and the cap it invoked. Each object type's decode
 * function validates everything and changes nothing, then calls its invoke
 * step, which cannot fail (it may only be preempted, leaving consistent
 * state to resume from when the caller re-executes the system call).
 */
#ifndef KERNEL_INVOCATION_H
#define KERNEL_INVOCATION_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/cte.h>
#include <kernel/error.h>
#include <kernel/tcb.h>

#define MAX_EXTRA_CAPS 3

struct invocation {
    struct tcb *thread;
    uint64_t label;
    unsigned length;                    /* message words, clamped */
    uint64_t *buffer;                   /* caller's IPC buffer, or NULL */
    uint64_t cptr;
    struct cte *slot;                   /* the invoked cap's slot */
    struct cap cap;
    unsigned n_extra_caps;
    struct cte *extra_slots[MAX_EXTRA_CAPS];
    bool is_call;
    bool blocking;
    unsigned reply_length;              /* words an invoke step put in the reply */
};

enum invoke_status {
    INVOKE_DONE,        /* success; reply_length words are in the reply */
    INVOKE_ERROR,       /* the syscall_error says why; nothing changed */
    INVOKE_PREEMPTED,   /* an interrupt is pending; the call is restarted */
};

/* Message word i of the invocation (0 past the message). */
uint64_t inv_mr(const struct invocation *inv, unsigned i);

/* Extra cap i, or the null cap when absent. */
struct cap inv_extra_cap(const struct invocation *inv, unsigned i);

/* Sets reply word i (for invocations that return data). */
void inv_reply_word(struct invocation *inv, unsigned i, uint64_t v);

/* Per object type: decode and run one invocation. */
enum invoke_status decode_untyped_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_cnode_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_tcb_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_irq_control_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_irq_handler_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_domain_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_system_control_invocation(struct invocation *inv,
                                                    struct syscall_error *err);

/* Counts one unit of long-running work; true when an interrupt is pending
 * and the operation should stop here (to be restarted). */
bool preemption_point(void);

#endif
