/* SPDX-License-Identifier: BSD-2-Clause */
/* The groups of cases of the threads-and-IPC test root task. */
#ifndef IPCTEST_H
#define IPCTEST_H

#include "threads.h"

void test_ipc(void);
void test_sched(void);
void test_tcb(void);
void test_faults(void);
void test_notifications(void);
void test_deletion(void);
void test_rights(void);
void test_isolation(void);
/* Page tables for PROBE_VA, shared by the rights and isolation cases (to
 * make before the scratch). */
void probe_setup(void);

/* Probe accesses by a fresh thread with fault endpoint fep (rights.c):
 * 0 if the access completed, else the FSR of its VM fault (1 fetch, 5 load,
 * 7 store), 99 if it neither finished nor faulted there. */
#define PROBE_VA 0x3800000000ULL
enum access { READ, WRITE, EXEC };
cnd_word_t try_access(cnd_cptr_t fep, enum access a);
cnd_word_t try_access_at(cnd_cptr_t fep, enum access a, cnd_word_t va);

/* Shared small thread bodies. */
void fifo_sender(struct thread *self);
void test_cap_transfer(void);
void test_cross_vspace(void);

#endif
