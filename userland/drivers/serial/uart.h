/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Register-level access to the console UARTs Conductor's boards have, with
 * one interface for the serial server: a 16550 (QEMU virt's "ns16550a"
 * with byte registers, or the "snps,dw-apb-uart" of the JH7110 with 32-bit
 * registers 4 bytes apart) and SiFive's "sifive,uart0". The baud rate and
 * frame format are left as the firmware set them: the kernel prints on the
 * same UART.
 */
#ifndef DRIVERS_SERIAL_UART_H
#define DRIVERS_SERIAL_UART_H

#include <stdbool.h>
#include <stdint.h>

enum uart_kind {
    UART_NONE = 0,
    UART_16550,         /* ns16550a, ns16550, snps,dw-apb-uart */
    UART_SIFIVE,        /* sifive,uart0 */
};

struct uart {
    enum uart_kind kind;
    volatile uint8_t *regs;
    unsigned reg_shift;     /* register i is at regs + (i << reg_shift) */
    unsigned reg_width;     /* 1 or 4 bytes per access */
    unsigned tx_burst;      /* bytes the transmitter takes each time it is ready */
    bool tx_irq;            /* the transmit interrupt is enabled */
};

/* The kind for a device-tree compatible string, UART_NONE if unsupported;
 * `*shift` / `*width` get that kind's defaults (the tree may override). */
enum uart_kind uart_kind_of(const char *compatible, unsigned *shift, unsigned *width);

/* Enables the receive interrupt (the transmit one stays off). */
void uart_init(struct uart *u, enum uart_kind kind, volatile void *regs, unsigned reg_shift,
               unsigned reg_width);

/* A received byte, or -1 if none is waiting. */
int uart_getc(struct uart *u);

/* Whether the transmitter takes u->tx_burst more bytes now. */
bool uart_tx_ready(struct uart *u);
void uart_putc(struct uart *u, uint8_t c);

/* Turns the "transmitter wants data" interrupt on or off. */
void uart_set_tx_irq(struct uart *u, bool on);

/* Reads the interrupt identification / status so the device drops causes
 * that reading data does not clear (16550 line status, DesignWare busy
 * detect); call before draining and filling. */
void uart_irq_status(struct uart *u);

#endif
