/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Polled output on the console UARTs the kernel knows from the device tree:
 * the 16550 family (ns16550a with byte registers, snps,dw-apb-uart with
 * reg-shift 2 and 32-bit accesses) and sifive,uart0. The firmware has already
 * set the baud rate; the kernel only transmits. Input belongs to user drivers.
 */
#ifndef PLATFORM_UART_H
#define PLATFORM_UART_H

#include <stdint.h>
#include <platform/platform_info.h>

struct uart {
    enum console_kind kind;
    volatile uint8_t *regs;   /* virtual address of the register block */
    uint32_t reg_shift;
    uint32_t reg_io_width;
};

/* Prepares `u` to drive the console described by `c` mapped at `regs`. */
void uart_init(struct uart *u, const struct platform_console *c, volatile void *regs);
/* Waits for room and sends one byte. */
void uart_putc(struct uart *u, char ch);

#endif
