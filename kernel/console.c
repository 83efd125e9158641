/* SPDX-License-Identifier: BSD-2-Clause */
/* Console output routing: SBI until a UART is set up (see console.h). */
#include <arch/sbi.h>
#include <kernel/console.h>
#include <platform/uart.h>

static struct uart console_uart;
static bool console_uart_ready;
static const char *console_device = "sbi";

void console_use_uart(const struct platform_console *c, volatile void *regs)
{
    uart_init(&console_uart, c, regs);
    console_uart_ready = true;
    console_device = c->compatible;
}

static void console_raw_putc(char c)
{
    if (console_uart_ready)
        uart_putc(&console_uart, c);
    else
        sbi_console_putchar(c);
}

void console_putc(char c)
{
    if (c == '\n')
        console_raw_putc('\r');
    console_raw_putc(c);
}

const char *console_name(void)
{
    return console_device;
}
