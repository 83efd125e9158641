/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A device driver: the spec maps the UART's registers (an ns16550a found by
 * device-tree path) at a0 and gives the IRQ handler in slot 8 and its
 * notification in slot 9. Writes a line through the registers, enables the
 * receive interrupt, waits for one interrupt, prints the byte that came in
 * and powers off with the system-control cap in slot a1.
 */
#include "common.h"

enum { RBR_THR = 0, IER = 1, LSR = 5 };
enum { LSR_DATA_READY = 1, LSR_THR_EMPTY = 0x20 };

static void uart_put(volatile uint8_t *uart, const char *s)
{
    for (; *s; s++) {
        while (!(uart[LSR] & LSR_THR_EMPTY))
            ;
        uart[RBR_THR] = (uint8_t)*s;
    }
}

int cnd_main(cnd_word_t regs, cnd_word_t sysctl, cnd_word_t a2, cnd_word_t a3)
{
    (void)a2, (void)a3;
    volatile uint8_t *uart = (volatile uint8_t *)regs;
    uart_put(uart, "driver: this line went through the UART registers mapped at 0x60000000\r\n");
    while (uart[LSR] & LSR_DATA_READY)
        (void)uart[RBR_THR];
    cnd_check(cnd_irq_handler_ack(8), "driver: ack");
    uart[IER] = 1;   /* interrupt when a byte arrives */
    cnd_printf("driver: waiting for a key (IRQ handler in slot 8)\n");
    cnd_badge_t badge = cnd_wait(9);
    uint8_t c = 0;
    if (uart[LSR] & LSR_DATA_READY)
        c = uart[RBR_THR];
    uart[IER] = 0;
    cnd_check(cnd_irq_handler_ack(8), "driver: ack");
    cnd_printf("driver: interrupt (badge %lu): received '%c'\n", (unsigned long)badge, c);
    comp_power_off("driver", sysctl);
    return 0;
}
