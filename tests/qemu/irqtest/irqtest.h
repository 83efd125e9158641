/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared state of the IRQ test root task: the two real devices it makes
 * interrupt on demand (the ns16550a console UART's "transmitter empty"
 * interrupt and the goldfish RTC's alarm), found in the boot device tree,
 * and timing helpers on the `time` CSR.
 */
#ifndef IRQTEST_H
#define IRQTEST_H

#include <stdbool.h>
#include <stdint.h>
#include "../ipctest/threads.h"

struct irq_devices {
    uint32_t ndev;                 /* PLIC riscv,ndev */
    uint32_t uart_irq, rtc_irq;
    volatile uint8_t *uart;        /* 16550 registers, byte access */
    uint32_t uart_shift;
    volatile uint32_t *rtc;        /* goldfish RTC registers */
    uint64_t timebase;             /* Hz of the time CSR */
    uint8_t uart_ier_saved;
};

extern struct irq_devices dev;

/* Finds and maps the devices; false (with a message) if one is missing. */
bool devices_init(const struct cnd_boot_info *bi);
/* Leaves both devices quiet, as the kernel console expects. */
void devices_quiet(void);

/* UART: IER.THRI on makes the line assert while the transmitter is empty. */
void uart_thre_irq(bool on);
/* The device asserts its line now: THRI enabled and THR empty. */
bool uart_asserting(void);

/* RTC: the alarm `ns` from now (interrupt enabled); its time in ns. */
void rtc_alarm_in(uint64_t ns);
uint64_t rtc_now(void);
uint64_t rtc_alarm_time(void);
/* Clears a raised alarm interrupt (the line drops) and any armed alarm. */
void rtc_quiet(void);
bool rtc_asserting(void);

/*
 * Makes both devices re-drive their (unchanged) line level. Needed because
 * QEMU's PLIC does not model a level-triggered gateway: it sets a source's
 * pending bit when the device drives its line high and does not look at
 * the level again when a claim completes. Without this a device that
 * still asserts would not be seen again after an Ack; real hardware holds
 * the level and needs no help. Neither device changes state.
 *
 * The other side of the same model (QEMU 7.2): a rising edge while the
 * source is claimed stays latched even if the device drops its line
 * before the Ack. So the "quiet device, then Ack: nothing" checks stop the
 * device right after the delivery, with no re-assertion in between.
 */
void devices_reassert(void);

static inline uint64_t ticks(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

uint64_t ms_ticks(unsigned ms);
uint64_t ticks_to_us(uint64_t t);

/* ORs together what Poll returns on `ntfn` until every bit of `want` was
 * seen or `ms` passed, re-asserting the devices meanwhile. */
cnd_word_t poll_for(cnd_cptr_t ntfn, cnd_word_t want, unsigned ms);
/* Everything Poll returns on `ntfn` during `ms` (0: stayed quiet). */
cnd_word_t quiet_for(cnd_cptr_t ntfn, unsigned ms);

/* A handler for `irq` in a new slot, 0 on failure. */
cnd_cptr_t get_handler(cnd_word_t irq);
/* A copy of `cap` with `rights` and `badge` in a new slot. */
cnd_cptr_t mint(cnd_cptr_t cap, cnd_word_t rights, cnd_word_t badge);

void test_control(void);
void test_delivery(void);
void test_latency(void);

#endif
