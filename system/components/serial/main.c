/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * serial: the UART driver of the default system, as a capDL component.
 * The library in userland/drivers/serial does the work (protocol in
 * serial.h); this file adapts it to what the spec gives:
 *
 *   args       a0 = where the spec maps the `device` region (the page
 *              holding the registers), a1 = where it maps the boot device
 *              tree (`devicetree:`, HL_DEFAULT_DT_SIZE bytes, read-only).
 *              The driver finds the console in the tree as the spec's
 *              `path: stdout` did (/chosen/stdout-path) and reads its kind
 *              (compatible), reg-shift, reg-io-width and the registers'
 *              offset in their page from it: one spec for every board.
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
#include <conductor/fdt.h>
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

/* The spec's devicetree region: 16 KiB (the compiler's default size). */
#define DT_SIZE (16 * 1024)

int cnd_main(cnd_word_t regs_page, cnd_word_t devicetree, cnd_word_t unused2, cnd_word_t unused3)
{
    (void)unused2;
    (void)unused3;
    struct serial_config cfg = { 0 };
    struct cnd_fdt fdt;
    struct dtb_error err;
    if (regs_page == 0 || regs_page % 4096 || devicetree == 0) {
        say("serial: bad arguments (want the register page's and the device tree's "
            "addresses)\n");
        return 1;
    }
    if (!cnd_fdt_open(&fdt, (const void *)devicetree, DT_SIZE, &err)) {
        say("serial: the device tree: ");
        say(err.message);
        say("\n");
        return 1;
    }
    if (!serial_config_from_dt(&fdt.dtb, cnd_fdt_stdout(&fdt), &cfg)) {
        say("serial: /chosen/stdout-path names no UART this driver knows\n");
        return 1;
    }
    cfg.regs = (volatile void *)(regs_page + (cfg.paddr & 4095));
    cfg.endpoint = SERIAL_SLOT_ENDPOINT;
    cfg.irq_handler = SERIAL_SLOT_IRQ;
    cfg.cnode = CAPDL_SLOT_CNODE;
    cfg.reply_slots = SERIAL_SLOT_READERS;
    cfg.on_event = on_event;
    say(cfg.kind == UART_SIFIVE ? "serial: sifive,uart0 driver ready\n"
                                : "serial: 16550 driver ready\n");
    serial_server_run(&server, &cfg);
}
