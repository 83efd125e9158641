/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CSpace layout of the default system's components: the slots
 * system/default.cdl (compiled once per board) puts each cap in. The spec is
 * the authority; these numbers must match its `slot:` options (if they do
 * not, the components' first invocations fail with the kernel's "invalid
 * capability" and the QEMU tests in tests/system fail). Slots 1-3 are the
 * component's own TCB, CNode and VSpace; the compiler puts each one's fault
 * endpoint (to the supervisor) in its first slot left free (serial 5,
 * shell 7, kv 7).
 */
#ifndef SYSTEM_SLOTS_H
#define SYSTEM_SLOTS_H

/* serial: the UART driver. */
#define SERIAL_SLOT_ENDPOINT 4      /* channel `console`, server side (Read) */
#define SERIAL_SLOT_IRQ 6           /* device `uart`: IRQ handler; signals `serial_events`, bit 63 */
/* 7: `serial_events`, Read, bound to the TCB (not invoked by the driver) */
#define SERIAL_SLOT_SUP 8           /* channel `sup_serial` to the supervisor */
#define SERIAL_SLOT_READERS 16      /* 16 .. 16 + SERIAL_MAX_READERS - 1: empty */

/* shell */
#define SHELL_SLOT_SERIAL 4         /* channel `console`, client badge 1 */
#define SHELL_SLOT_SUP 5            /* channel `sup_shell` */
#define SHELL_SLOT_KV 6             /* channel `kv_requests`, client badge 1 */

/* kv: the key-value server; its shutdown notice is its bound notification. */
#define KV_SLOT_ENDPOINT 4          /* channel `kv_requests`, server side (Read) */
#define KV_SLOT_SUP 5               /* channel `sup_kv` */
/* 6: `stop_kv`, Read, bound to the TCB (arrives through Recv on slot 4) */

/* The badge the supervisor's shutdown signal carries (bit 62: clients'
 * endpoint badges stay below it; bit 63 is the serial driver's IRQ). */
#define SYSTEM_SHUTDOWN_BADGE (1ULL << 62)

#endif
