/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A user-level serial driver: an interrupt-driven UART server (ns16550a,
 * snps,dw-apb-uart, sifive,uart0, chosen from the device tree) that serves
 * clients over IPC.
 *
 * Protocol. Each client holds a copy of the server's endpoint cap minted
 * with its own badge: 1 .. 2^62 - 1 (bit 63 is the server's interrupt
 * badge, bit 62 its event badge: a signal on the bound notification with
 * that bit set runs the config's on_event hook, e.g. a shutdown notice). The badge is how the server tells clients
 * apart (statistics, the order of waiting readers). Every request is a
 * Call; the reply's label is SERIAL_OK or a SERIAL_E* code.
 *
 *   SERIAL_PUT  (label 1)  MR0 = n (0 .. SERIAL_PUT_MAX), MR1.. = the n
 *               bytes packed little-endian, 8 per word.
 *               Reply: SERIAL_OK, MR0 = n. The bytes are queued in the
 *               transmit ring (drained by the transmit interrupt) before
 *               the reply, which does not wait for them to be sent. When
 *               the ring is full the server waits for the
 *               transmitter, so no byte is dropped or reordered, and bytes
 *               of one PUT are never interleaved with another client's.
 *   SERIAL_GETC (label 2)  no arguments. Reply: SERIAL_OK, MR0 = the next
 *               received byte. If none is buffered the reply waits until
 *               one arrives; waiting readers are served in arrival order.
 *               SERIAL_EBUSY if SERIAL_MAX_READERS readers already wait.
 *   SERIAL_POLL (label 3)  as GETC but never waits: SERIAL_EEMPTY if no
 *               byte is buffered.
 *   other labels, or a PUT with n > SERIAL_PUT_MAX: SERIAL_EINVAL.
 *
 * Received bytes that arrive while the receive ring is full are dropped
 * and counted.
 *
 * Setting up (see tests/qemu/serialtest): map the UART registers, issue an
 * IRQHandler for its interrupt, give it a notification cap minted with
 * badge SERIAL_IRQ_BADGE, bind that notification to the server thread's
 * TCB, and run serial_server_run() in that thread. The server needs
 * SERIAL_MAX_READERS empty slots in its CSpace for the reply caps of
 * waiting readers (CNode_SaveCaller).
 */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <conductor/conductor.h>
#include <common/dt.h>
#include "uart.h"

#define SERIAL_PUT 1
#define SERIAL_GETC 2
#define SERIAL_POLL 3

#define SERIAL_OK 0
#define SERIAL_EINVAL 1
#define SERIAL_EBUSY 2
#define SERIAL_EEMPTY 3

#define SERIAL_IRQ_BADGE (1ULL << 63)
#define SERIAL_EVENT_BADGE (1ULL << 62)
#define SERIAL_PUT_MAX ((CND_MSG_MAX_LENGTH - 1) * 8)
#define SERIAL_MAX_READERS 8
#define SERIAL_RING_SIZE 1024     /* bytes; a power of two */

struct serial_ring {
    uint8_t buf[SERIAL_RING_SIZE];
    uint32_t head, tail;          /* free-running; tail - head = bytes held */
};

struct serial_stats {
    uint64_t irqs;                /* interrupts handled */
    uint64_t rx_bytes, tx_bytes;
    uint64_t rx_dropped;
    uint64_t tx_irq_fills;        /* interrupts that fed the transmitter */
    uint64_t tx_waits;            /* PUTs that found the ring full */
    uint64_t requests;
};

struct serial_server;

/* Where the device is and which caps the server uses. */
struct serial_config {
    enum uart_kind kind;
    uint64_t paddr, size;         /* registers */
    uint32_t irq;
    unsigned reg_shift, reg_width;
    volatile void *regs;          /* mapped registers (set by the caller) */
    cnd_cptr_t endpoint;          /* the server receives here */
    cnd_cptr_t irq_handler;       /* notification already set, see above */
    cnd_cptr_t cnode;             /* CSpace root for the reply slots (depth 64) */
    cnd_cptr_t reply_slots;       /* first of SERIAL_MAX_READERS empty slots */
    /* Called in the server thread when a signal carries SERIAL_EVENT_BADGE
     * (with the whole badge); NULL: such signals are ignored. */
    void (*on_event)(struct serial_server *s, cnd_badge_t badge);
};

struct serial_server {
    struct serial_config cfg;
    struct uart uart;
    struct serial_ring rx, tx;
    cnd_badge_t readers[SERIAL_MAX_READERS];   /* badge per saved reply slot, FIFO */
    unsigned reader_head, n_readers;
    volatile struct serial_stats stats;        /* readable by other threads */
};

/*
 * Fills kind, paddr, size, irq, reg_shift and reg_width of `cfg` from
 * device-tree node `node` (the console: dt_stdout_node()). False if the
 * node is no UART this driver supports.
 */
bool serial_config_from_dt(const struct dtb *dtb, int node, struct serial_config *cfg);

/* Initialises the device (receive interrupt on) and runs the server loop
 * on cfg->endpoint; never returns. */
void serial_server_run(struct serial_server *s, const struct serial_config *cfg)
    __attribute__((noreturn));

/* Sends everything in the transmit ring now, polling the transmitter
 * (for an event hook that must know the output is out, e.g. before the
 * machine powers off). Only from the server thread. */
void serial_flush(struct serial_server *s);

/* Client side: `ep` is the client's badged endpoint cap. Put returns the
 * bytes written (all of them unless the server refused), getc a byte or -1. */
size_t serial_put(cnd_cptr_t ep, const char *buf, size_t n);
size_t serial_puts(cnd_cptr_t ep, const char *s);
int serial_getc(cnd_cptr_t ep);
int serial_poll(cnd_cptr_t ep);

#endif
