/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Endpoint IPC benchmarks.
 *
 *   ipc_call_reply_<N>w_<same|cross>_as_srv_<hi|eq|lo>
 *       Call + ReplyRecv round trip with N message words each way, the
 *       server in the client's address space or in a second one, at a
 *       higher, the same, or a lower priority than the client. Measured in
 *       the client around batches of Calls; includes both sides' user code.
 *   ipc_send_recv_oneway_<same|cross>_as
 *       One-way Send -> Recv to a higher-priority receiver waiting on the
 *       endpoint: from the sender's counter read just before the Send to
 *       the receiver's first instruction after its Recv returns.
 */
#include "bench.h"

static const unsigned lengths[] = { 0, 1, 2, 3, 4, 10, 120 };

/* Answers every Call with a message of arg[1] words, forever. */
static void rt_server(struct bthread *self)
{
    cnd_cptr_t ep = self->arg[0];
    cnd_msginfo_t reply = cnd_msginfo_new(0, 0, 0, self->arg[1]);
    cnd_word_t m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    cnd_badge_t badge;
    cnd_recv_with_mrs(ep, &badge, &m0, &m1, &m2, &m3);
    for (;;)
        cnd_reply_recv_with_mrs(ep, reply, &badge, &m0, &m1, &m2, &m3);
}

static void rt_client(struct bthread *self)
{
    cnd_cptr_t ep = self->arg[0];
    cnd_msginfo_t info = cnd_msginfo_new(0, 0, 0, self->arg[1]);
    cnd_word_t m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    struct result *r = &bench_result;
    result_reset(r, BENCH_BATCH);
    BENCH_BATCHED(r, cnd_call_with_mrs(ep, info, &m0, &m1, &m2, &m3));
    result_overhead_loop(r);
    cnd_signal(done_ntfn);
}

/* Where the sender leaves its start sample for the receiver. */
static volatile uint64_t start_instret, start_cycle, start_time;

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

static void oneway_sender(struct bthread *self)
{
    cnd_cptr_t ep = self->arg[0];
    cnd_msginfo_t info = cnd_msginfo_new(0, 0, 0, 0);
    for (;;) {
        start_store();
        cnd_send_with_mrs(ep, info, 0, 0, 0, 0);
    }
}

static void oneway_receiver(struct bthread *self)
{
    cnd_cptr_t ep = self->arg[0];
    struct result *r = &bench_result;
    cnd_badge_t badge;
    result_reset(r, BENCH_BATCH);
    for (uint64_t w = 0; w < BENCH_WARMUP; w++)
        cnd_recv_with_mrs(ep, &badge, 0, 0, 0, 0);
    for (unsigned b = 0; b < BENCH_BATCHES; b++) {
        for (uint64_t i = 0; i < BENCH_BATCH; i++) {
            cnd_recv_with_mrs(ep, &badge, 0, 0, 0, 0);
            struct sample e = sample_end();
            sample_add(&r->batch[b], e, start_load());
        }
    }
    r->batches = BENCH_BATCHES;
    result_overhead_samples(r);
    cnd_signal(done_ntfn);
}

static void put_name_part(char **p, const char *s)
{
    while (*s)
        *(*p)++ = *s++;
}

static void put_name_num(char **p, unsigned v)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *(*p)++ = digits[--n];
}

void bench_ipc(void)
{
    static const char *const prio_names[] = { "hi", "eq", "lo" };
    static const cnd_word_t prios[] = { PRIO_HIGH, PRIO_BASE, PRIO_LOW };
    cnd_cptr_t ep = obj_new(CND_OBJ_ENDPOINT, 0);
    char name[64];

    for (unsigned cross = 0; cross < 2; cross++) {
        for (unsigned p = 0; p < 3; p++) {
            for (unsigned l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
                struct bthread *server = thread_run(cross ? T_XSERVER : T_SERVER, rt_server,
                                                    prios[p], ep, lengths[l]);
                struct bthread *client = thread_run(T_CLIENT, rt_client, PRIO_BASE, ep, lengths[l]);
                wait_done();
                char *n = name;
                put_name_part(&n, "ipc_call_reply_");
                put_name_num(&n, lengths[l]);
                put_name_part(&n, cross ? "w_cross_as_srv_" : "w_same_as_srv_");
                put_name_part(&n, prio_names[p]);
                *n = 0;
                result_print(name, &bench_result, "instructions", "words", lengths[l]);
                thread_kill(client);
                thread_kill(server);
            }
        }
    }

    for (unsigned cross = 0; cross < 2; cross++) {
        struct bthread *receiver = thread_run(cross ? T_XSERVER : T_SERVER, oneway_receiver,
                                              PRIO_HIGH, ep, 0);
        struct bthread *sender = thread_run(T_CLIENT, oneway_sender, PRIO_BASE, ep, 0);
        wait_done();
        result_print(cross ? "ipc_send_recv_oneway_cross_as" : "ipc_send_recv_oneway_same_as",
                     &bench_result, "instructions", 0, 0);
        thread_kill(sender);
        thread_kill(receiver);
    }
}
