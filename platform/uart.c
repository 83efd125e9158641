/* SPDX-License-Identifier: BSD-2-Clause */
/* Polled transmit for the 16550 family and the SiFive UART (see uart.h). */
#include <platform/uart.h>

#define UART16550_THR 0
#define UART16550_LSR 5
#define UART16550_LSR_THRE 0x20

#define SIFIVE_TXDATA 0x00
#define SIFIVE_TXDATA_FULL 0x80000000u
#define SIFIVE_TXCTRL 0x08
#define SIFIVE_TXCTRL_TXEN 0x1u

static uint32_t reg_read(struct uart *u, unsigned reg)
{
    volatile uint8_t *addr = u->regs + ((uintptr_t)reg << u->reg_shift);
    if (u->reg_io_width == 4)
        return *(volatile uint32_t *)(volatile void *)addr;
    return *addr;
}

static void reg_write(struct uart *u, unsigned reg, uint32_t v)
{
    volatile uint8_t *addr = u->regs + ((uintptr_t)reg << u->reg_shift);
    if (u->reg_io_width == 4)
        *(volatile uint32_t *)(volatile void *)addr = v;
    else
        *addr = (uint8_t)v;
}

void uart_init(struct uart *u, const struct platform_console *c, volatile void *regs)
{
    u->kind = c->kind;
    u->regs = regs;
    u->reg_shift = c->reg_shift;
    u->reg_io_width = c->reg_io_width == 4 ? 4 : 1;
    if (u->kind == CONSOLE_SIFIVE_UART0) {
        /* Registers are 32 bits at fixed offsets whatever the tree says. */
        u->reg_shift = 0;
        u->reg_io_width = 4;
        volatile uint32_t *txctrl = (volatile uint32_t *)(volatile void *)(u->regs + SIFIVE_TXCTRL);
        *txctrl |= SIFIVE_TXCTRL_TXEN;
    }
}

void uart_putc(struct uart *u, char ch)
{
    if (u->kind == CONSOLE_SIFIVE_UART0) {
        volatile uint32_t *tx = (volatile uint32_t *)(volatile void *)(u->regs + SIFIVE_TXDATA);
        /* A read reports "full" in bit 31; the write is ignored when full. */
        while (*tx & SIFIVE_TXDATA_FULL)
            ;
        *tx = (uint8_t)ch;
        return;
    }
    while ((reg_read(u, UART16550_LSR) & UART16550_LSR_THRE) == 0)
        ;
    reg_write(u, UART16550_THR, (uint8_t)ch);
}
