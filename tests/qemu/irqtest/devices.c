/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IRQ test's devices (see irqtest.h): located through the boot device
 * tree, mapped from device untypeds, and driven just enough to raise and
 * drop their interrupt lines on demand.
 */
#include <common/devmem.h>
#include <common/dt.h>
#include "../captest/harness.h"
#include "irqtest.h"

/* 16550 registers (index, scaled by reg-shift). */
#define UART_IER 1
#define UART_LSR 5
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define LSR_THRE 0x20

/* goldfish RTC registers (32-bit words). */
#define RTC_TIME_LOW (0x00 / 4)
#define RTC_TIME_HIGH (0x04 / 4)
#define RTC_ALARM_LOW (0x08 / 4)
#define RTC_ALARM_HIGH (0x0c / 4)
#define RTC_IRQ_ENABLED (0x10 / 4)
#define RTC_CLEAR_ALARM (0x14 / 4)
#define RTC_ALARM_STATUS (0x18 / 4)
#define RTC_CLEAR_INTERRUPT (0x1c / 4)

#define DEVICE_WINDOW 0x2000000000ULL   /* 128 GiB, far from image and IPC buffers */

struct irq_devices dev;
static struct devmem devmem;
static uint64_t last_alarm;
static bool rtc_raised_by_us;

static uint8_t uart_read(unsigned reg)
{
    return dev.uart[reg << dev.uart_shift];
}

static void uart_write(unsigned reg, uint8_t v)
{
    dev.uart[reg << dev.uart_shift] = v;
}

bool devices_init(const struct cnd_boot_info *bi)
{
    struct dtb dtb;
    struct dt_device uart, rtc, plic;
    if (!dt_open_boot_info(&dtb, bi))
        return false;
    if (!dt_find_compatible(&dtb, "ns16550a", 0, &uart) ||
        !dt_find_compatible(&dtb, "google,goldfish-rtc", 0, &rtc)) {
        put_str("irqtest: needs an ns16550a UART and a goldfish RTC (QEMU virt)\n");
        return false;
    }
    if (!dt_find_compatible(&dtb, "riscv,plic0", 0, &plic) &&
        !dt_find_compatible(&dtb, "sifive,plic-1.0.0", 0, &plic))
        return false;
    if (!dtb_get_u32(&dtb, plic.node, "riscv,ndev", &dev.ndev))
        return false;
    dev.timebase = dt_timebase(&dtb);
    struct drv_env env = { ROOT, VSPACE, alloc_slot, make_object };
    devmem_init(&devmem, &env, bi, DEVICE_WINDOW, 1ULL << 21);
    dev.uart = devmem_map_device(&devmem, uart.base, uart.size);
    dev.rtc = devmem_map_device(&devmem, rtc.base, rtc.size);
    if (!dev.uart || !dev.rtc) {
        put_str("irqtest: cannot map the device registers\n");
        return false;
    }
    dev.uart_irq = uart.irq;
    dev.uart_shift = uart.reg_shift;
    dev.rtc_irq = rtc.irq;
    dev.uart_ier_saved = uart_read(UART_IER);
    put_str("irqtest: uart ");
    put_hex(uart.base);
    put_str(" irq ");
    put_dec(uart.irq);
    put_str(", rtc ");
    put_hex(rtc.base);
    put_str(" irq ");
    put_dec(rtc.irq);
    put_str(", plic ndev ");
    put_dec(dev.ndev);
    put_str("\n");
    return true;
}

void devices_quiet(void)
{
    uart_write(UART_IER, dev.uart_ier_saved);
    rtc_quiet();
}

void uart_thre_irq(bool on)
{
    uart_write(UART_IER, on ? IER_THRI : 0);
}

bool uart_asserting(void)
{
    /* LSR has no side effects here (no break or overrun pending); IIR is
     * not read, since reading it would acknowledge the THRE interrupt. */
    return (uart_read(UART_IER) & IER_THRI) && (uart_read(UART_LSR) & LSR_THRE);
}

uint64_t rtc_now(void)
{
    /* Reading TIME_LOW latches TIME_HIGH. */
    uint32_t lo = dev.rtc[RTC_TIME_LOW];
    uint32_t hi = dev.rtc[RTC_TIME_HIGH];
    return (uint64_t)hi << 32 | lo;
}

void rtc_alarm_in(uint64_t ns)
{
    last_alarm = rtc_now() + ns;
    dev.rtc[RTC_IRQ_ENABLED] = 1;
    /* ALARM_LOW arms the alarm with the high word written before. */
    dev.rtc[RTC_ALARM_HIGH] = (uint32_t)(last_alarm >> 32);
    dev.rtc[RTC_ALARM_LOW] = (uint32_t)last_alarm;
    rtc_raised_by_us = true;
}

uint64_t rtc_alarm_time(void)
{
    return last_alarm;
}

void rtc_quiet(void)
{
    dev.rtc[RTC_CLEAR_ALARM] = 1;
    dev.rtc[RTC_CLEAR_INTERRUPT] = 1;
    dev.rtc[RTC_IRQ_ENABLED] = 0;
    rtc_raised_by_us = false;
}

bool rtc_asserting(void)
{
    /* The alarm has fired (no longer armed) and was not cleared. */
    return rtc_raised_by_us && dev.rtc[RTC_ALARM_STATUS] == 0 &&
           rtc_now() >= last_alarm;
}

void devices_reassert(void)
{
    /* A 16550 re-evaluates its interrupt on an IER change; toggling the
     * receiver-line-status enable (no break, framing, parity or overrun
     * error is pending) leaves the interrupt state as it was. */
    uint8_t ier = uart_read(UART_IER);
    uart_write(UART_IER, ier ^ IER_RLSI);
    uart_write(UART_IER, ier);
    /* The RTC drives its line from irq_pending & irq_enabled on each
     * IRQ_ENABLED write. */
    if (rtc_raised_by_us)
        dev.rtc[RTC_IRQ_ENABLED] = 1;
}

uint64_t ms_ticks(unsigned ms)
{
    return dev.timebase / 1000 * ms;
}

uint64_t ticks_to_us(uint64_t t)
{
    return t * 1000000 / dev.timebase;
}

cnd_word_t poll_for(cnd_cptr_t ntfn, cnd_word_t want, unsigned ms)
{
    cnd_word_t seen = 0;
    uint64_t end = ticks() + ms_ticks(ms);
    while (ticks() < end) {
        seen |= cnd_poll(ntfn);
        if ((seen & want) == want)
            break;
        /* Only while waiting: a re-assertion after the delivery would hit
         * a claimed line (see irqtest.h on QEMU's PLIC). */
        devices_reassert();
    }
    return seen | cnd_poll(ntfn);
}

cnd_word_t quiet_for(cnd_cptr_t ntfn, unsigned ms)
{
    cnd_word_t seen = 0;
    uint64_t end = ticks() + ms_ticks(ms);
    while (ticks() < end) {
        seen |= cnd_poll(ntfn);
        devices_reassert();
        let_others_run();
    }
    return seen | cnd_poll(ntfn);
}

cnd_cptr_t get_handler(cnd_word_t irq)
{
    cnd_cptr_t s = alloc_slot();
    struct cnd_result r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, irq, s, DEPTH);
    EXPECT_ERR(r, CND_NO_ERROR);
    return cnd_result_ok(r) ? s : 0;
}

cnd_cptr_t mint(cnd_cptr_t cap, cnd_word_t rights, cnd_word_t badge)
{
    cnd_cptr_t s = alloc_slot();
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, s, DEPTH, cap, DEPTH, rights, badge), CND_NO_ERROR);
    return s;
}
