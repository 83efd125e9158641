/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Synchronous IPC through endpoints, one-shot reply caps, notifications and
 * fault messages, with seL4's non-MCS semantics: rendezvous with FIFO
 * queues, badges in a0, message registers then the IPC buffer, up to three
 * extra caps (or unwrapped badges) with Grant.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/cap.h>
#include <kernel/objects.h>
#include <kernel/tcb.h>

/* Endpoint and notification queue states (low bits of queue_head_state). */
enum { EP_IDLE = 0, EP_SEND = 1, EP_RECV = 2 };
enum { NTFN_IDLE = 0, NTFN_WAITING = 1, NTFN_ACTIVE = 2 };

/* Send on `ep` with the sending cap's badge and rights. Blocking sends wait
 * for a receiver; non-blocking ones are dropped when nobody waits. */
void endpoint_send(struct tcb *t, struct endpoint *ep, uint64_t badge, bool can_grant,
                   bool can_grant_reply, bool blocking, bool is_call);
/* Receive on the endpoint `ep_cap` names (checked: has Read). */
void endpoint_receive(struct tcb *t, struct cap ep_cap, bool blocking);
/* Takes `t` off whatever it is blocked on (IPC, notification, reply). */
void ipc_cancel(struct tcb *t);
/* The endpoint is going away: every waiter re-executes its system call. */
void endpoint_cancel_all(struct endpoint *ep);
/* Releases the senders queued with `badge`. */
void endpoint_cancel_badged_sends(struct endpoint *ep, uint64_t badge);

/* Reply to the thread whose reply cap is in `t`'s caller slot (Reply and
 * the first half of ReplyRecv); nothing if the slot is empty. */
void reply_from_caller_slot(struct tcb *t);
/* Reply through the reply cap in `slot` (invoking a saved reply cap). */
void reply_transfer(struct tcb *sender, struct tcb *receiver, struct cte *slot, bool grant);
/* Deletes the reply cap in `t`'s caller slot, if any (before a receive). */
void reply_delete_caller_cap(struct tcb *t);

void notification_signal(struct notification *n, uint64_t badge);
void notification_receive(struct tcb *t, struct cap ntfn_cap, bool blocking);
void notification_cancel_all(struct notification *n);
void notification_bind(struct tcb *t, struct notification *n);
void notification_unbind(struct tcb *t);
/* The notification is going away: unbind its thread, release waiters. */
void notification_destroy(struct notification *n);

/* Copies the message (and caps, with Grant) from `sender` to `receiver`,
 * or the fault message when the sender has a fault pending. */
void ipc_transfer(struct tcb *sender, struct endpoint *ep, uint64_t badge, bool grant,
                  struct tcb *receiver);

/* Sends the pending fault of `t` to its fault endpoint; false when there is
 * no valid handler (the caller then stops the thread). */
bool fault_send_ipc(struct tcb *t);
/* A handler replied to a fault: applies the reply; true if the thread
 * should restart. */
bool fault_handle_reply(struct tcb *receiver, struct tcb *sender);

#endif
