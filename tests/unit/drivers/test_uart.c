/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of the serial driver's register access for every UART kind,
 * against a register file in memory: above all the snps,dw-apb-uart layout
 * (32-bit accesses, registers 4 bytes apart) that QEMU cannot run.
 */
#include <stdio.h>
#include <string.h>
#include "../kernel/test.h"
#include "../../../userland/drivers/serial/uart.h"

static uint32_t regs32[16];
static uint8_t regs8[16];

static void test_dw_apb(void)
{
    unsigned shift = 0, width = 0;
    CHECK(uart_kind_of("snps,dw-apb-uart", &shift, &width) == UART_16550);
    CHECK(shift == 2 && width == 4);
    memset(regs32, 0, sizeof regs32);
    struct uart u;
    uart_init(&u, UART_16550, regs32, 2, 4);
    CHECK(regs32[1] == 0x05);          /* IER at byte 4: receive + line status */
    CHECK(regs32[2] == 0x01);          /* FCR at byte 8 (shares the IIR address) */
    CHECK(regs32[4] & 0x08);           /* MCR OUT2 at byte 16 */
    /* (The FIFO depth probe reads IIR, which shares FCR's address: a
     * memory register file cannot model that, so it is not checked here.) */
    regs32[5] = 0x20;                  /* LSR at byte 20: THR empty */
    CHECK(uart_tx_ready(&u));
    uart_putc(&u, 'x');
    CHECK(regs32[0] == 'x');           /* a whole 32-bit write to THR */
    CHECK(uart_getc(&u) == -1);        /* LSR.DR clear: nothing */
    regs32[5] = 0x21;
    regs32[0] = 0x141;                 /* only the low byte is data */
    CHECK(uart_getc(&u) == 0x41);
    uart_set_tx_irq(&u, true);
    CHECK(regs32[1] == 0x07);
    uart_set_tx_irq(&u, false);
    CHECK(regs32[1] == 0x05);
}

static void test_ns16550a(void)
{
    unsigned shift = 9, width = 9;
    CHECK(uart_kind_of("ns16550a", &shift, &width) == UART_16550 && shift == 0 && width == 1);
    memset(regs8, 0, sizeof regs8);
    struct uart u;
    uart_init(&u, UART_16550, regs8, 0, 1);
    CHECK(regs8[1] == 0x05 && u.tx_burst == 1);
    regs8[5] = 0x21;
    regs8[0] = 'q';
    CHECK(uart_getc(&u) == 'q');
    uart_putc(&u, 'z');
    CHECK(regs8[0] == 'z');
}

static void test_sifive(void)
{
    unsigned shift, width;
    CHECK(uart_kind_of("sifive,uart0", &shift, &width) == UART_SIFIVE);
    CHECK(uart_kind_of("acme,uart", &shift, &width) == UART_NONE);
    memset(regs32, 0, sizeof regs32);
    struct uart u;
    uart_init(&u, UART_SIFIVE, regs32, 0, 4);
    CHECK((regs32[2] & 1) && (regs32[3] & 1));   /* txctrl, rxctrl enabled */
    CHECK(regs32[4] == 2);                       /* ie: receive watermark */
    regs32[1] = 0x80000000u;                     /* rxdata: empty */
    CHECK(uart_getc(&u) == -1);
    regs32[1] = 'k';
    CHECK(uart_getc(&u) == 'k');
    regs32[0] = 0x80000000u;                     /* txdata: full */
    CHECK(!uart_tx_ready(&u));
    regs32[0] = 0;
    CHECK(uart_tx_ready(&u));
    uart_putc(&u, 'w');
    CHECK(regs32[0] == 'w');
}

int main(void)
{
    test_dw_apb();
    test_ns16550a();
    test_sifive();
    return test_report("uart");
}
