/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The syscall fuzzer. An untrusted thread whose CSpace is a sandbox CNode
 * (untyped memory, CNodes, endpoints, notifications, frames, page tables,
 * TCBs of other threads) issues random system calls and invocations --
 * random labels, lengths, cptrs, depths, addresses, rights, badges, object
 * types -- plus structured sequences (retype, map, copy, revoke, delete),
 * while an echo server answers on one endpoint and a faulting thread keeps
 * faulting. The root task watches: whenever the fuzzer stops (a fault with
 * no handler, or blocked for good) it is restarted at the next operation.
 * The debug kernel checks its invariants at every exit; a panic, a hang or
 * a violation fails the run, which prints the seed and the last operations.
 *
 * Parameters (build time): FUZZ_SEED, FUZZ_OPS.
 */
#include <conductor/runtime.h>
#include "../captest/harness.h"
#include "../ipctest/threads.h"
#include "fuzz.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED 1
#endif
#ifndef FUZZ_OPS
#define FUZZ_OPS 50000
#endif

struct fuzz_state fuzz;

static void echo(struct thread *self)
{
    cnd_badge_t badge;
    cnd_word_t m[4] = { 0 };
    cnd_msginfo_t info = cnd_recv_with_mrs(self->arg, &badge, &m[0], &m[1], &m[2], &m[3]);
    for (;;)
        info = cnd_reply_recv_with_mrs(self->arg, info, &badge, &m[0], &m[1], &m[2], &m[3]);
}

static void faulter(struct thread *self)
{
    /* An address nothing maps (passed in, so the compiler cannot see it). */
    volatile cnd_word_t *p = (volatile cnd_word_t *)self->arg;
    for (;;)
        *p = 1;
}

static void print_log(void)
{
    put_str("fuzz: last operations (oldest first):\n");
    for (unsigned i = 0; i < FUZZ_LOG; i++) {
        const struct fuzz_op *op = &fuzz.log[(fuzz.ops + i) % FUZZ_LOG];
        if (!op->valid)
            continue;
        put_str("  op ");
        put_dec(op->index);
        put_str(": syscall ");
        put_dec((cnd_word_t)-op->syscall);
        put_str(" cptr ");
        put_hex(op->cptr);
        put_str(" label ");
        put_dec(op->label);
        put_str(" len ");
        put_dec(op->length);
        put_str(" mr0 ");
        put_hex(op->mr[0]);
        put_str(" mr1 ");
        put_hex(op->mr[1]);
        put_str("\n");
    }
}

int main(const struct cnd_boot_info *boot_info)
{
    helpers_init(boot_info);
    put_str("fuzz: seed ");
    put_dec(FUZZ_SEED);
    put_str(", ");
    put_dec(FUZZ_OPS);
    put_str(" operations\n");
    fuzz.seed = FUZZ_SEED;
    fuzz.target = FUZZ_OPS;

    struct thread *fuzzer = fuzz_setup();
    struct thread *server = thread_create(echo, fuzz.echo_ep_root, 150, 0);
    struct thread *bad = thread_create(faulter, 0x10, 120, 0);
    thread_start(server);

    cnd_word_t last_ops = (cnd_word_t)-1, stalls = 0, restarts = 0, next_report = 16384;
    while (fuzz.ops < fuzz.target) {
        let_others_run();
        if (fuzz.ops == last_ops) {
            /* Stopped or stuck: make it continue with the next operation. */
            restarts++;
            if (++stalls > 1000) {
                put_str("fuzz: no progress after 1000 restarts\n");
                print_log();
                put_str("fuzz: FAIL\n");
                cnd_exit(1);
            }
            fuzz.ops++;
            fuzz_restart(fuzzer);
        } else {
            stalls = 0;
        }
        last_ops = fuzz.ops;
        /* The faulting neighbour: fault, stop, start again. */
        cnd_tcb_resume(bad->tcb);
        if (fuzz.ops >= next_report) {
            put_str("fuzz: ");
            put_dec(fuzz.ops);
            put_str(" operations\n");
            next_report += 16384;
        }
    }
    put_str("fuzz: ");
    put_dec(fuzz.ops);
    put_str(" operations done, ");
    put_dec(restarts);
    put_str(" restarts, seed ");
    put_dec(FUZZ_SEED);
    put_str("\nfuzz: no kernel panic, hang or invariant violation\n");
    print_log();
    cnd_system_control_power_off(CND_CAP_SYSTEM_CONTROL);
    return 0;
}
