/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user-level serial driver at work: the root task finds the console
 * UART in the device tree (/chosen/stdout-path), maps its registers from a
 * device untyped, issues its IRQHandler, and starts the driver
 * (userland/drivers/serial) in a thread of its own. Two clients talk to it
 * with differently badged endpoint caps: one prints a greeting, the other
 * prompts for lines and echoes each one back ("echo: ..."). The test
 * harness types the lines into QEMU's serial port.
 */
#include <conductor/runtime.h>
#include <common/devmem.h>
#include <serial/serial.h>
#include "../captest/harness.h"
#include "../ipctest/threads.h"

#define LINES 2
#define LINE_MAX 128
#define DEVICE_WINDOW 0x2000000000ULL

static struct serial_config cfg;
static struct serial_server server;
static struct devmem devmem;
static cnd_cptr_t done_ntfn;
static volatile unsigned lines_echoed, clients_done;

static void server_thread(struct thread *self)
{
    (void)self;
    serial_server_run(&server, &cfg);
}

static void greeter(struct thread *self)
{
    serial_puts(self->arg, "serialtest: client 2 writes through the driver too\n");
    clients_done++;
    cnd_signal(done_ntfn);
}

static void echo_client(struct thread *self)
{
    cnd_cptr_t ep = self->arg;
    char line[LINE_MAX + 8] = "echo: ";
    for (unsigned n = 0; n < LINES; n++) {
        serial_puts(ep, n == 0 ? "serialtest: type a line\n" : "serialtest: type another line\n");
        size_t len = 6;
        for (;;) {
            int c = serial_getc(ep);
            if (c < 0 || c == '\n' || c == '\r')
                break;
            if (len < 6 + LINE_MAX)
                line[len++] = (char)c;
        }
        line[len++] = '\n';
        serial_put(ep, line, len);
        lines_echoed++;
    }
    clients_done++;
    cnd_signal(done_ntfn);
}

static bool start_driver(const struct cnd_boot_info *boot_info)
{
    struct dtb dtb;
    if (!dt_open_boot_info(&dtb, boot_info))
        return false;
    int node = dt_stdout_node(&dtb);
    if (!serial_config_from_dt(&dtb, node, &cfg)) {
        put_str("serialtest: the console is no UART this driver knows\n");
        return false;
    }
    struct drv_env env = { ROOT, VSPACE, alloc_slot, make_object };
    devmem_init(&devmem, &env, boot_info, DEVICE_WINDOW, 1ULL << 21);
    cfg.regs = devmem_map_device(&devmem, cfg.paddr, cfg.size);
    if (!cfg.regs) {
        put_str("serialtest: cannot map the UART\n");
        return false;
    }
    put_str("serialtest: console ");
    put_str(cfg.kind == UART_SIFIVE ? "sifive,uart0" : "16550");
    put_str(" at ");
    put_hex(cfg.paddr);
    put_str(", irq ");
    put_dec(cfg.irq);
    put_str(", reg-shift ");
    put_dec(cfg.reg_shift);
    put_str(", reg-io-width ");
    put_dec(cfg.reg_width);
    put_str("\n");

    cfg.endpoint = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_cptr_t ntfn = make_object(CND_OBJ_NOTIFICATION, 0);
    cfg.irq_handler = alloc_slot();
    cfg.cnode = ROOT;
    cfg.reply_slots = alloc_slot();
    for (unsigned i = 1; i < SERIAL_MAX_READERS; i++)
        alloc_slot();
    cnd_cptr_t irq_ntfn = alloc_slot();
    struct thread *t = thread_create(server_thread, 0, 200, 0);
    if (!cfg.endpoint || !ntfn || !t ||
        !cnd_result_ok(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, cfg.irq, cfg.irq_handler,
                                           DEPTH)) ||
        !cnd_result_ok(cnd_cnode_mint(ROOT, ROOT, irq_ntfn, DEPTH, ntfn, DEPTH, CND_CAN_WRITE,
                                      SERIAL_IRQ_BADGE)) ||
        !cnd_result_ok(cnd_irq_handler_set_notification(cfg.irq_handler, irq_ntfn)) ||
        !cnd_result_ok(cnd_tcb_bind_notification(t->tcb, ntfn))) {
        put_str("serialtest: driver setup failed\n");
        return false;
    }
    thread_start(t);
    return true;
}

static cnd_cptr_t client_cap(cnd_word_t badge)
{
    cnd_cptr_t s = alloc_slot();
    cnd_cnode_mint(ROOT, ROOT, s, DEPTH, cfg.endpoint, DEPTH, CND_ALL_RIGHTS, badge);
    return s;
}

int main(const struct cnd_boot_info *boot_info)
{
    helpers_init(boot_info);
    put_str("serialtest: user-level serial driver\n");
    if (!start_driver(boot_info)) {
        put_str("serialtest: FAILED\n");
        cnd_system_control_power_off(CND_CAP_SYSTEM_CONTROL);
        return 1;
    }
    done_ntfn = make_object(CND_OBJ_NOTIFICATION, 0);
    struct thread *c1 = thread_create(echo_client, client_cap(1), 150, 0);
    struct thread *c2 = thread_create(greeter, client_cap(2), 150, 0);
    thread_start(c2);
    thread_start(c1);
    /* Both clients signal done_ntfn when they finish. */
    while (clients_done < 2)
        cnd_wait(done_ntfn);
    /* Let the driver send what it still holds before we print and stop. */
    while (server.tx.tail != server.tx.head)
        let_others_run();
    put_str("serialtest: ");
    put_dec(lines_echoed);
    put_str(" lines echoed; driver: ");
    put_dec(server.stats.irqs);
    put_str(" interrupts (");
    put_dec(server.stats.tx_irq_fills);
    put_str(" fed the transmitter), ");
    put_dec(server.stats.rx_bytes);
    put_str(" bytes in, ");
    put_dec(server.stats.tx_bytes);
    put_str(" bytes out, ");
    put_dec(server.stats.requests);
    put_str(" requests\n");
    put_str(lines_echoed == LINES ? "serialtest: done\n" : "serialtest: FAILED\n");
    cnd_system_control_power_off(CND_CAP_SYSTEM_CONTROL);
    return 1;
}
