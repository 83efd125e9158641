/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared state between the fuzzer thread and the root task watching it. */
#ifndef FUZZ_H
#define FUZZ_H

#include <conductor/conductor.h>
#include "../ipctest/threads.h"

#define FUZZ_LOG 16

struct fuzz_op {
    int valid;
    cnd_word_t index;
    cnd_sword_t syscall;
    cnd_word_t cptr, label, length;
    cnd_word_t mr[4];
};

struct fuzz_state {
    volatile cnd_word_t ops;      /* operations issued so far */
    cnd_word_t target;
    cnd_word_t seed;
    uint64_t rng;
    cnd_cptr_t sandbox;           /* the fuzzer's CSpace root, in the root CNode */
    cnd_cptr_t echo_ep_root;      /* the echo server's endpoint, root CNode */
    struct fuzz_op log[FUZZ_LOG];
};

extern struct fuzz_state fuzz;

/* Builds the sandbox and the fuzzer thread (not started). */
struct thread *fuzz_setup(void);
/* Points the (stopped or stuck) fuzzer at its loop again and resumes it. */
void fuzz_restart(struct thread *t);

#endif
