/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The supervisor protocol: how components talk to the capDL loader once it
 * has built the system and stays on as the supervisor.
 *
 * Authority. A component can reach the supervisor only through an endpoint
 * cap the spec gives it. In the high-level capDL form the supervisor is a
 * pseudo-component named `supervisor` that may appear wherever a component
 * may:
 *
 *   channel sup_shell { server: supervisor  client: shell (badge: 1, slot: 6) }
 *   notification stop_kv { signaller: supervisor (badge: 1)  waiter: kv (bind) }
 *   component kv { ... fault_handler: supervisor  on_fault: restart }
 *
 * The badge of a channel cap names the client to the supervisor (it must be
 * from 1 to SUP_FAULT_BADGE - 1); fault endpoints to the supervisor carry a
 * badge the compiler chooses: SUP_FAULT_BADGE + the component's index. All of
 * them are caps to one endpoint, supervisor_ep, the only one the supervisor
 * waits on (capdl/FORMAT.md, "The supervisor").
 *
 * Requests are Calls. The message label is the operation; MR0 is a cookie
 * (0 on the first call of a query, then the value the previous reply gave);
 * MR1.. hold an optional NUL-terminated argument (a component name), packed
 * little-endian 8 bytes per word.
 *
 * The reply's label is SUP_OK or a SUP_E* code. MR0 is the cookie for the
 * next call (0 when the answer is complete); MR1.. a NUL-terminated chunk of
 * text (at most SUP_TEXT_MAX bytes including the NUL), packed the same way.
 * Text is lines ending in '\n', ready to print; an error reply's text says
 * what was wrong.
 *
 *   SUP_PS        components: name, state, priority, restarts, faults
 *   SUP_CAPS      name: the caps in that component's CSpace, slot by slot
 *                 (type, object, rights, badge), read from the live system
 *   SUP_MEM       untyped memory: total, used by the system, free; and the
 *                 memory each component's objects take
 *   SUP_SHUTDOWN  the shutdown protocol: the supervisor replies at once
 *                 (text: how many components it notifies -- the running
 *                 ones holding a readable cap to, or bound to, a
 *                 notification the spec lets it signal), signals every such
 *                 notification, waits for each notified component to answer
 *                 SUP_SHUTDOWN_DONE on its channel (faulted, stopped or
 *                 exited components are not waited for), then invokes the
 *                 system-control capability to power the machine off. A
 *                 second SUP_SHUTDOWN gets SUP_EBUSY.
 *   SUP_SHUTDOWN_DONE  a notified component has finished; no text.
 *
 * Faults of components whose fault endpoint is the supervisor are printed
 * decoded (component, fault type, pc, address) and handled as the spec says
 * (`on_fault: restart` reloads the component's writable memory from the
 * spec and starts it again, at most SUP_RESTART_MAX times, then stops it;
 * `stop`, the default, leaves it suspended). A component that ends through
 * the component runtime (cnd_exit) is reported as exited with its status.
 */
#ifndef CONDUCTOR_SUPERVISOR_H
#define CONDUCTOR_SUPERVISOR_H

#include <stdint.h>

enum sup_op {
    SUP_PS = 1,
    SUP_CAPS = 2,
    SUP_MEM = 3,
    SUP_SHUTDOWN = 4,
    SUP_SHUTDOWN_DONE = 5,
};

enum sup_status {
    SUP_OK = 0,
    SUP_EINVAL = 1,        /* unknown operation or malformed argument */
    SUP_ENOENT = 2,        /* no component of that name */
    SUP_EBUSY = 3,         /* a shutdown is already in progress */
};

/* Faults arrive with SUP_FAULT_BADGE + the component's index. */
#define SUP_FAULT_BADGE (1ULL << 62)
/* Restarts of one component before it is stopped. */
#define SUP_RESTART_MAX 3

/* Text bytes one reply carries (the words after the cookie). */
#define SUP_TEXT_WORDS 100
#define SUP_TEXT_MAX (SUP_TEXT_WORDS * 8)

#endif
