/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * serial: the UART driver of the default system, as a capDL component.
 * The library in userland/drivers/serial does the work (protocol in
 * serial.h); this file adapts it to what the spec gives:
 *
 *   args       a0 = UART kind (1 = 16550 family, 2 = sifive,uart0),
 *              a1 = reg-shift, a2 = reg-io-width (1 or 4), a3 = the virtual
 *              address of the registers (where the spec maps the `device`
 *              region, plus the registers' offset in their page). The spec
 *              is compiled per board (--dtb), so these come from that
 *              board's device tree, like the device path does.
 *   slots      see components/slots.h.
 *
 * The library expects the interrupt on the notification bound to its thread
 * with badge bit 63, next to client requests on the endpoint: the spec says
 * so (`irq: serial (..., badge: 0x8000000000000000, notification:
 * serial_events)`, serial_events bound to the driver). The supervisor
 * signals the same notification with SYSTEM_SHUTDOWN_BADGE (= the library's
 * event bit): the driver then pushes out what it still holds and answers
 * SUP_SHUTDOWN_DONE, so everything printed before the power-off is seen.
 */
#include <conductor/supervisor.h>
#include <serial/serial.h>
#include "capdl_component.h"
#include "../slots.h"

_Static_assert(SYSTEM_SHUTDOWN_BADGE == SERIAL_EVENT_BADGE, "shutdown = the library's event bit");

static struct serial_server server;
static bool shutdown_done;

static void say(const char *s)
{
    cnd_debug_puts(s);
}

static void on_event(struct serial_server *s, cnd_badge_t badge)
{
    (void)badge;
    if (shutdown_done)
        return;
    shutdown_done = true;
    serial_flush(s);
    say("serial: shutdown notice: output flushed, telling the supervisor\n");
    cnd_msginfo_t r = cnd_call(SERIAL_SLOT_SUP, cnd_msginfo_new(SUP_SHUTDOWN_DONE, 0, 0, 1));
    if (cnd_msginfo_get_label(r) != SUP_OK)
        say("serial: the supervisor refused SUP_SHUTDOWN_DONE\n");
    /* Keep serving: whatever is still printed goes out until power-off. */
}

int cnd_main(cnd_word_t kind, cnd_word_t shift, cnd_word_t width, cnd_word_t regs)
{
    struct serial_config cfg = { 0 };
    if ((kind != UART_16550 && kind != UART_SIFIVE) || shift > 4 || (width != 1 && width != 4) ||
        regs == 0) {
        say("serial: bad arguments (want kind 1|2, reg-shift <= 4, reg-io-width 1|4, "
            "register address)\n");
        return 1;
    }
    cfg.kind = (enum uart_kind)kind;
    cfg.reg_shift = (unsigned)shift;
    cfg.reg_width = (unsigned)width;
    cfg.regs = (volatile void *)regs;
    cfg.endpoint = SERIAL_SLOT_ENDPOINT;
    cfg.irq_handler = SERIAL_SLOT_IRQ;
    cfg.cnode = CAPDL_SLOT_CNODE;
    cfg.reply_slots = SERIAL_SLOT_READERS;
    cfg.on_event = on_event;
    say(kind == UART_SIFIVE ? "serial: sifive,uart0 driver ready\n"
                            : "serial: 16550 driver ready\n");
    serial_server_run(&server, &cfg);
}
