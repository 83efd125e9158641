/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conftest: the conformance root task. Its cases complete the coverage of
 * abi/conductor.api (every method's success and documented errors, through
 * the generated wrappers) and check isolation properties. Every case runs
 * under the harness's leak check: it allocates only from the scratch
 * untyped and the slot window below, and must give everything back.
 */
#ifndef CONFTEST_H
#define CONFTEST_H

#include <abi/boot_info.h>
#include "../captest/harness.h"

#define ROOT CND_CAP_INIT_THREAD_CNODE
#define DEPTH 64
/* A spare interrupt line of QEMU virt nobody else in this task uses. */
#define CONF_IRQ 20

extern const struct cnd_boot_info *bi;
/* The scratch untyped every case allocates from, and its size. */
extern cnd_cptr_t scratch;
extern unsigned scratch_bits;

/* A free slot of the tracked window (cases free what they take). */
cnd_cptr_t slot_take(void);
/* Deletes the cap in the slot (if any) and gives the slot back. */
void slot_give(cnd_cptr_t s);
/* Retypes one object from the scratch untyped into a fresh slot. */
cnd_cptr_t make(cnd_word_t type, cnd_word_t size_bits);
/* A slot that is certainly empty and not in the window. */
cnd_cptr_t empty_slot(void);
/* A RAM untyped from boot info of at least 2^bits bytes (not the scratch). */
cnd_cptr_t boot_untyped(unsigned bits);
cnd_cptr_t device_untyped(void);

void test_generic(void);
void test_wrappers(void);
void test_cnode(void);
void test_tcb(void);
void test_misc(void);
void test_isolation(void);

#endif
