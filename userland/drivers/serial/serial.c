/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The serial server and its client stubs (protocol in serial.h). One
 * thread does everything: it waits on its endpoint, and the UART's
 * interrupt arrives there too, through the notification bound to the
 * thread (recognised by its badge). Received bytes go into a ring and to
 * waiting readers; bytes to send go into a ring that the transmit
 * interrupt drains (a PUT only queues and turns that interrupt on), so
 * clients never wait for the wire unless the ring is full.
 */
#include "serial.h"

#define DEPTH 64
#define RX_DRAIN_LIMIT 4096   /* bytes per interrupt: a stuck device cannot hang us */

static uint32_t ring_count(const struct serial_ring *r)
{
    return r->tail - r->head;
}

static bool ring_empty(const struct serial_ring *r)
{
    return ring_count(r) == 0;
}

static bool ring_full(const struct serial_ring *r)
{
    return ring_count(r) == SERIAL_RING_SIZE;
}

static void ring_put(struct serial_ring *r, uint8_t c)
{
    r->buf[r->tail++ % SERIAL_RING_SIZE] = c;
}

static uint8_t ring_get(struct serial_ring *r)
{
    return r->buf[r->head++ % SERIAL_RING_SIZE];
}

bool serial_config_from_dt(const struct dtb *dtb, int node, struct serial_config *cfg)
{
    struct dtb_prop compat;
    if (node == DTB_NONE || !dtb_get_prop(dtb, node, "compatible", &compat))
        return false;
    /* The first entry of the compatible list this driver knows wins. */
    const char *name;
    uint32_t len, pos = 0;
    cfg->kind = UART_NONE;
    while (cfg->kind == UART_NONE && dtb_stringlist_next(&compat, &pos, &name, &len))
        cfg->kind = uart_kind_of(name, &cfg->reg_shift, &cfg->reg_width);
    struct dt_device dev;
    if (cfg->kind == UART_NONE || !dt_device_from_node(dtb, node, &dev) || dev.irq == 0)
        return false;
    cfg->paddr = dev.base;
    cfg->size = dev.size;
    cfg->irq = dev.irq;
    uint32_t v;
    if (dtb_get_u32(dtb, node, "reg-shift", &v))
        cfg->reg_shift = v;
    if (dtb_get_u32(dtb, node, "reg-io-width", &v))
        cfg->reg_width = v;
    return true;
}

/* Hands the transmitter what it takes now; the transmit interrupt stays on
 * while bytes remain. */
static void tx_fill(struct serial_server *s)
{
    while (!ring_empty(&s->tx) && uart_tx_ready(&s->uart)) {
        for (unsigned i = 0; i < s->uart.tx_burst && !ring_empty(&s->tx); i++) {
            uart_putc(&s->uart, ring_get(&s->tx));
            s->stats.tx_bytes++;
        }
    }
    uart_set_tx_irq(&s->uart, !ring_empty(&s->tx));
}

void serial_flush(struct serial_server *s)
{
    while (!ring_empty(&s->tx))
        tx_fill(s);
}

static void rx_drain(struct serial_server *s)
{
    int c;
    for (unsigned n = 0; n < RX_DRAIN_LIMIT && (c = uart_getc(&s->uart)) >= 0; n++) {
        s->stats.rx_bytes++;
        if (ring_full(&s->rx))
            s->stats.rx_dropped++;
        else
            ring_put(&s->rx, (uint8_t)c);
    }
}

static cnd_cptr_t reader_slot(const struct serial_server *s, unsigned i)
{
    return s->cfg.reply_slots + (s->reader_head + i) % SERIAL_MAX_READERS;
}

/* Replies to waiting readers, oldest first, while there are bytes. */
static void serve_readers(struct serial_server *s)
{
    while (s->n_readers > 0 && !ring_empty(&s->rx)) {
        cnd_word_t byte = ring_get(&s->rx);
        /* A Send on a saved reply cap is the reply; the kernel then
         * empties the slot. */
        cnd_send_with_mrs(reader_slot(s, 0), cnd_msginfo_new(SERIAL_OK, 0, 0, 1), byte, 0, 0, 0);
        s->reader_head = (s->reader_head + 1) % SERIAL_MAX_READERS;
        s->n_readers--;
    }
}

static void handle_irq(struct serial_server *s)
{
    s->stats.irqs++;
    uart_irq_status(&s->uart);
    rx_drain(s);
    uint64_t sent = s->stats.tx_bytes;
    tx_fill(s);
    s->stats.tx_irq_fills += s->stats.tx_bytes != sent;
    /* The device has dropped its line by now (data read, THRE fed or
     * masked), so the Ack does not bring the same interrupt back. */
    cnd_irq_handler_ack(s->cfg.irq_handler);
    serve_readers(s);
}

/* Queues a PUT's bytes; returns the count, or -1 for a malformed request. */
static long put(struct serial_server *s, cnd_msginfo_t info, const struct cnd_ipc_buffer *ipc)
{
    cnd_word_t n = ipc->msg[0];
    if (n > SERIAL_PUT_MAX || cnd_msginfo_get_length(info) < 1 + (n + 7) / 8)
        return -1;
    const uint8_t *bytes = (const uint8_t *)&ipc->msg[1];
    bool waited = false;
    for (cnd_word_t i = 0; i < n; i++) {
        /* Ring full: feed the transmitter by polling rather than drop or
         * reorder output (see serial.h). */
        while (ring_full(&s->tx)) {
            waited = true;
            tx_fill(s);
        }
        ring_put(&s->tx, bytes[i]);
    }
    s->stats.tx_waits += waited;
    /* The transmit interrupt comes as soon as the transmitter has room
     * (at once if it is idle) and tx_fill() runs from there. */
    if (!ring_empty(&s->tx))
        uart_set_tx_irq(&s->uart, true);
    return (long)n;
}

void serial_server_run(struct serial_server *s, const struct serial_config *cfg)
{
    s->cfg = *cfg;
    s->rx.head = s->rx.tail = 0;
    s->tx.head = s->tx.tail = 0;
    s->reader_head = s->n_readers = 0;
    uart_init(&s->uart, cfg->kind, cfg->regs, cfg->reg_shift, cfg->reg_width);
    /* Bytes typed before we started: take them now rather than wait for
     * an edge that may have passed. */
    rx_drain(s);

    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    bool reply = false;
    cnd_msginfo_t reply_info = cnd_msginfo_new(0, 0, 0, 0);
    for (;;) {
        cnd_badge_t badge = 0;
        cnd_msginfo_t info = reply ? cnd_reply_recv(cfg->endpoint, reply_info, &badge)
                                   : cnd_recv(cfg->endpoint, &badge);
        reply = false;
        /* Both bits may come in one signal (the notification ORs badges). */
        if (badge & (SERIAL_IRQ_BADGE | SERIAL_EVENT_BADGE)) {
            if (badge & SERIAL_IRQ_BADGE)
                handle_irq(s);
            if ((badge & SERIAL_EVENT_BADGE) && cfg->on_event)
                cfg->on_event(s, badge);
            continue;
        }
        s->stats.requests++;
        cnd_word_t label = cnd_msginfo_get_label(info), result = SERIAL_OK, len = 1;
        switch (label) {
        case SERIAL_PUT: {
            long n = put(s, info, ipc);
            if (n < 0)
                result = SERIAL_EINVAL, len = 0;
            else
                ipc->msg[0] = (cnd_word_t)n;
            break;
        }
        case SERIAL_GETC:
        case SERIAL_POLL:
            if (!ring_empty(&s->rx)) {
                ipc->msg[0] = ring_get(&s->rx);
            } else if (label == SERIAL_POLL) {
                result = SERIAL_EEMPTY, len = 0;
            } else if (s->n_readers == SERIAL_MAX_READERS) {
                result = SERIAL_EBUSY, len = 0;
            } else {
                /* Keep the caller's reply cap and answer when a byte comes. */
                cnd_cptr_t slot = reader_slot(s, s->n_readers);
                if (!cnd_result_ok(cnd_cnode_save_caller(cfg->cnode, slot, DEPTH))) {
                    result = SERIAL_EBUSY, len = 0;
                    break;
                }
                s->readers[(s->reader_head + s->n_readers) % SERIAL_MAX_READERS] = badge;
                s->n_readers++;
                continue;   /* no reply now */
            }
            break;
        default:
            result = SERIAL_EINVAL, len = 0;
            break;
        }
        reply = true;
        reply_info = cnd_msginfo_new(result, 0, 0, len);
    }
}

size_t serial_put(cnd_cptr_t ep, const char *buf, size_t n)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    size_t done = 0;
    while (done < n) {
        size_t chunk = n - done < SERIAL_PUT_MAX ? n - done : SERIAL_PUT_MAX;
        uint8_t *bytes = (uint8_t *)&ipc->msg[1];
        for (size_t i = 0; i < chunk; i++)
            bytes[i] = (uint8_t)buf[done + i];
        ipc->msg[0] = chunk;
        cnd_msginfo_t info = cnd_call(ep, cnd_msginfo_new(SERIAL_PUT, 0, 0, 1 + (chunk + 7) / 8));
        if (cnd_msginfo_get_label(info) != SERIAL_OK || ipc->msg[0] != chunk)
            break;
        done += chunk;
    }
    return done;
}

size_t serial_puts(cnd_cptr_t ep, const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return serial_put(ep, s, n);
}

static int get(cnd_cptr_t ep, cnd_word_t label)
{
    cnd_word_t mr0 = 0;
    cnd_msginfo_t info = cnd_call_with_mrs(ep, cnd_msginfo_new(label, 0, 0, 0), &mr0, 0, 0, 0);
    return cnd_msginfo_get_label(info) == SERIAL_OK ? (int)(mr0 & 0xff) : -1;
}

int serial_getc(cnd_cptr_t ep)
{
    return get(ep, SERIAL_GETC);
}

int serial_poll(cnd_cptr_t ep)
{
    return get(ep, SERIAL_POLL);
}
