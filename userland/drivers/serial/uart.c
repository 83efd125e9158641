/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UART register access (see uart.h). Register layouts from the 16550
 * data sheet, the DesignWare APB UART databook (same registers, plus USR
 * and the "busy detect" interrupt) and the SiFive FU540 manual (UART
 * chapter).
 */
#include "uart.h"

/* 16550 register indices (scaled by reg-shift). */
#define R_RBR 0
#define R_THR 0
#define R_IER 1
#define R_IIR 2
#define R_FCR 2
#define R_MCR 4
#define R_LSR 5
#define R_MSR 6
#define R_USR 31          /* DesignWare only */

#define IER_RDI 0x01      /* received data available */
#define IER_THRI 0x02     /* transmit holding register empty */
#define IER_RLSI 0x04     /* receiver line status */
#define IIR_NO_INT 0x01
#define IIR_ID_MASK 0x0f
#define IIR_RLS 0x06
#define IIR_MSI 0x00
#define IIR_BUSY 0x07     /* DesignWare: LCR written while busy */
#define IIR_FIFO_MASK 0xc0
#define FCR_ENABLE 0x01   /* FIFOs on, receive trigger level 1 byte */
#define MCR_OUT2 0x08     /* gates the interrupt line on PC-style boards */
#define LSR_DR 0x01
#define LSR_THRE 0x20

/* SiFive UART registers (byte offsets, 32-bit access). */
#define S_TXDATA 0x00
#define S_RXDATA 0x04
#define S_TXCTRL 0x08
#define S_RXCTRL 0x0c
#define S_IE 0x10
#define S_FIFO_FLAG 0x80000000u   /* txdata: full; rxdata: empty */
#define S_CTRL_EN 0x1
#define S_CNT_SHIFT 16
#define S_CNT_MASK (0x7u << S_CNT_SHIFT)
#define S_IE_TXWM 0x1
#define S_IE_RXWM 0x2

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

enum uart_kind uart_kind_of(const char *compatible, unsigned *shift, unsigned *width)
{
    *shift = 0;
    *width = 1;
    if (streq(compatible, "ns16550a") || streq(compatible, "ns16550"))
        return UART_16550;
    if (streq(compatible, "snps,dw-apb-uart")) {
        *shift = 2;
        *width = 4;
        return UART_16550;
    }
    if (streq(compatible, "sifive,uart0")) {
        *width = 4;
        return UART_SIFIVE;
    }
    return UART_NONE;
}

static uint32_t rd(struct uart *u, unsigned reg)
{
    volatile uint8_t *p = u->regs + (reg << u->reg_shift);
    return u->reg_width == 4 ? *(volatile uint32_t *)(volatile void *)p : *p;
}

static void wr(struct uart *u, unsigned reg, uint32_t v)
{
    volatile uint8_t *p = u->regs + (reg << u->reg_shift);
    if (u->reg_width == 4)
        *(volatile uint32_t *)(volatile void *)p = v;
    else
        *p = (uint8_t)v;
}

/* SiFive registers are at fixed byte offsets. */
static uint32_t srd(struct uart *u, unsigned off)
{
    return *(volatile uint32_t *)(volatile void *)(u->regs + off);
}

static void swr(struct uart *u, unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(volatile void *)(u->regs + off) = v;
}

void uart_init(struct uart *u, enum uart_kind kind, volatile void *regs, unsigned reg_shift,
               unsigned reg_width)
{
    u->kind = kind;
    u->regs = regs;
    u->reg_shift = reg_shift;
    u->reg_width = reg_width == 4 ? 4 : 1;
    u->tx_irq = false;
    if (kind == UART_SIFIVE) {
        /* Transmit watermark 1: "wants data" once the FIFO is empty, so a
         * burst of the whole FIFO depth fits. Receive watermark 0: an
         * interrupt as soon as one byte is in. */
        uint32_t tx = srd(u, S_TXCTRL) & ~S_CNT_MASK;
        swr(u, S_TXCTRL, tx | S_CTRL_EN | (1u << S_CNT_SHIFT));
        swr(u, S_RXCTRL, (srd(u, S_RXCTRL) & ~S_CNT_MASK) | S_CTRL_EN);
        swr(u, S_IE, S_IE_RXWM);
        /* The full flag is per byte: check it before each one. */
        u->tx_burst = 1;
        return;
    }
    /* FIFOs on with the 1-byte receive trigger (firmware usually set the
     * same, in which case the write changes nothing and drops nothing). */
    wr(u, R_FCR, FCR_ENABLE);
    u->tx_burst = (rd(u, R_IIR) & IIR_FIFO_MASK) == IIR_FIFO_MASK ? 16 : 1;
    wr(u, R_MCR, rd(u, R_MCR) | MCR_OUT2);
    wr(u, R_IER, IER_RDI | IER_RLSI);
}

int uart_getc(struct uart *u)
{
    if (u->kind == UART_SIFIVE) {
        uint32_t v = srd(u, S_RXDATA);   /* reading pops the byte */
        return (v & S_FIFO_FLAG) ? -1 : (int)(v & 0xff);
    }
    if (!(rd(u, R_LSR) & LSR_DR))
        return -1;
    return (int)(rd(u, R_RBR) & 0xff);
}

bool uart_tx_ready(struct uart *u)
{
    if (u->kind == UART_SIFIVE)
        return !(srd(u, S_TXDATA) & S_FIFO_FLAG);
    return (rd(u, R_LSR) & LSR_THRE) != 0;
}

void uart_putc(struct uart *u, uint8_t c)
{
    if (u->kind == UART_SIFIVE)
        swr(u, S_TXDATA, c);   /* after uart_tx_ready: a full FIFO drops writes */
    else
        wr(u, R_THR, c);
}

void uart_set_tx_irq(struct uart *u, bool on)
{
    if (on == u->tx_irq)
        return;
    u->tx_irq = on;
    if (u->kind == UART_SIFIVE)
        swr(u, S_IE, S_IE_RXWM | (on ? S_IE_TXWM : 0));
    else
        wr(u, R_IER, IER_RDI | IER_RLSI | (on ? IER_THRI : 0));
}

void uart_irq_status(struct uart *u)
{
    if (u->kind == UART_SIFIVE)
        return;   /* its pending bits follow the FIFO levels */
    /* A bounded number of rounds: each read clears one cause. */
    for (int i = 0; i < 8; i++) {
        uint32_t iir = rd(u, R_IIR);
        if (iir & IIR_NO_INT)
            return;
        switch (iir & IIR_ID_MASK) {
        case IIR_RLS:
            (void)rd(u, R_LSR);
            break;
        case IIR_MSI:
            (void)rd(u, R_MSR);
            break;
        case IIR_BUSY:
            (void)rd(u, R_USR);
            break;
        default:
            /* Data and THRE causes clear when data is read or written,
             * and reading IIR already cleared a THRE cause. */
            return;
        }
    }
}
