/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notification and interrupt benchmarks.
 *
 *   yield                       the null system call, alone at its priority
 *   ntfn_signal_wait_rt_peer_<eq|hi>
 *       round trip: A signals B's notification and waits on its own; B
 *       waits, then signals A's. Four system calls and two switches;
 *       measured in A around batches. B at the same or a higher priority.
 *   ntfn_signal_wake_higher
 *       one-way: from A's counter read before Signal to the first
 *       instruction of a higher-priority thread waiting on the notification.
 *   irq_uart_thre_to_handler
 *       interrupt delivery: from the MMIO write that enables the 16550's
 *       THR-empty interrupt (IER bit 1 while THR is empty: QEMU raises the
 *       line at once) to the first instruction of the handler thread that
 *       waits on the IRQHandler's notification (PLIC source 10 on virt).
 *   irq_ack                     IRQHandler_Ack (PLIC complete), in the handler
 */
#include "bench.h"

/* QEMU virt: the console 16550 and its PLIC source. */
#define UART_PADDR 0x10000000ULL
#define UART_IRQ 10
#define UART_IER 1
#define UART_IER_THRI 0x02

void bench_yield(void);
void bench_yield(void)
{
    struct result *r = &bench_result;
    result_reset(r, BENCH_BATCH);
    BENCH_BATCHED(r, cnd_yield());
    result_overhead_loop(r);
    result_print("yield", r, "instructions", 0, 0);
}

static void rt_peer(struct bthread *self)
{
    for (;;) {
        cnd_wait(self->arg[0]);
        cnd_signal(self->arg[1]);
    }
}

static void rt_measure(struct bthread *self)
{
    cnd_cptr_t theirs = self->arg[0], mine = self->arg[1];
    struct result *r = &bench_result;
    result_reset(r, BENCH_BATCH);
    BENCH_BATCHED(r, {
        cnd_signal(theirs);
        cnd_wait(mine);
    });
    result_overhead_loop(r);
    cnd_signal(done_ntfn);
}

/* Start sample of the signalling thread / the interrupt trigger. */
static volatile uint64_t start_instret, start_cycle, start_time;
static volatile int stop_trigger;

static inline __attribute__((always_inline)) void start_store(void)
{
    struct sample s = sample_begin();
    start_instret = s.instret;
    start_cycle = s.cycle;
    start_time = s.time;
}

static inline __attribute__((always_inline)) struct sample start_load(void)
{
    return (struct sample){ start_instret, start_cycle, start_time };
}

static void wake_signaller(struct bthread *self)
{
    for (;;) {
        start_store();
        cnd_signal(self->arg[0]);
    }
}

static void wake_waiter(struct bthread *self)
{
    cnd_cptr_t n = self->arg[0];
    struct result *r = &bench_result;
    result_reset(r, BENCH_BATCH);
    for (uint64_t w = 0; w < BENCH_WARMUP; w++)
        cnd_wait(n);
    for (unsigned b = 0; b < BENCH_BATCHES; b++) {
        for (uint64_t i = 0; i < BENCH_BATCH; i++) {
            cnd_wait(n);
            struct sample e = sample_end();
            sample_add(&r->batch[b], e, start_load());
        }
    }
    r->batches = BENCH_BATCHES;
    result_overhead_samples(r);
    cnd_signal(done_ntfn);
}

void bench_signal(void)
{
    cnd_cptr_t n1 = obj_new(CND_OBJ_NOTIFICATION, 0), n2 = obj_new(CND_OBJ_NOTIFICATION, 0);
    static const cnd_word_t peer_prio[] = { PRIO_BASE, PRIO_HIGH };
    static const char *const names[] = { "ntfn_signal_wait_rt_peer_eq", "ntfn_signal_wait_rt_peer_hi" };
    for (unsigned i = 0; i < 2; i++) {
        struct bthread *peer = thread_run(T_SERVER, rt_peer, peer_prio[i], n1, n2);
        struct bthread *a = thread_run(T_CLIENT, rt_measure, PRIO_BASE, n1, n2);
        wait_done();
        result_print(names[i], &bench_result, "instructions", 0, 0);
        thread_kill(a);
        thread_kill(peer);
    }
    /* Leftover signals would end the next waits early. */
    cnd_poll(n1);
    cnd_poll(n2);

    struct bthread *waiter = thread_run(T_SERVER, wake_waiter, PRIO_HIGH, n1, 0);
    struct bthread *signaller = thread_run(T_CLIENT, wake_signaller, PRIO_BASE, n1, 0);
    wait_done();
    result_print("ntfn_signal_wake_higher", &bench_result, "instructions", 0, 0);
    thread_kill(signaller);
    thread_kill(waiter);
}

/* --- Interrupts ---------------------------------------------------------------------------- */

static volatile uint8_t *uart;
static struct result ack_result;

static void irq_trigger(struct bthread *self)
{
    (void)self;
    while (!stop_trigger) {
        uart[UART_IER] = 0;   /* already 0: makes sure the next write is an edge */
        start_store();
        uart[UART_IER] = UART_IER_THRI;   /* the interrupt is taken right after this store */
    }
    park();
}

static void irq_handler(struct bthread *self)
{
    cnd_cptr_t n = self->arg[0], handler = self->arg[1];
    struct result *r = &bench_result, *ack = &ack_result;
    result_reset(r, BENCH_BATCH);
    result_reset(ack, BENCH_BATCH);
    for (uint64_t i = 0; i < BENCH_WARMUP + (uint64_t)BENCH_BATCHES * BENCH_BATCH; i++) {
        cnd_wait(n);
        struct sample e = sample_end();
        uart[UART_IER] = 0;   /* the line drops before the Ack */
        struct sample a0 = sample_begin();
        cnd_irq_handler_ack(handler);
        struct sample a1 = sample_end();
        if (i >= BENCH_WARMUP) {
            unsigned b = (unsigned)((i - BENCH_WARMUP) / BENCH_BATCH);
            sample_add(&r->batch[b], e, start_load());
            sample_add(&ack->batch[b], a1, a0);
        }
    }
    r->batches = ack->batches = BENCH_BATCHES;
    result_overhead_samples(r);
    result_overhead_samples(ack);
    stop_trigger = 1;
    cnd_signal(done_ntfn);
}

void bench_irq(void)
{
    cnd_cptr_t frame = device_frame(UART_PADDR);
    cnd_cptr_t n = obj_new(CND_OBJ_NOTIFICATION, 0);
    cnd_cptr_t handler = slot_alloc();
    if (!frame)
        return;
    bench_check(cnd_page_map(frame, VSPACE, UART_VA, CND_READ_WRITE, CND_VM_EXECUTE_NEVER), "map UART");
    bench_check(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, UART_IRQ, handler, DEPTH),
                "IRQControl_Get");
    bench_check(cnd_irq_handler_set_notification(handler, n), "IRQHandler_SetNotification");
    uart = (volatile uint8_t *)UART_VA;
    uart[UART_IER] = 0;
    stop_trigger = 0;
    struct bthread *h = thread_run(T_SERVER, irq_handler, PRIO_HIGH, n, handler);
    struct bthread *t = thread_run(T_CLIENT, irq_trigger, PRIO_BASE, 0, 0);
    wait_done();
    thread_kill(t);
    thread_kill(h);
    uart[UART_IER] = 0;
    bench_check(cnd_irq_handler_clear(handler), "IRQHandler_Clear");
    result_print("irq_uart_thre_to_handler", &bench_result, "instructions", "irq", UART_IRQ);
    result_print("irq_ack", &ack_result, "instructions", 0, 0);
}
