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

/* Shared small thread bodies. */
void fifo_sender(struct thread *self);
void test_cap_transfer(cnd_cptr_t ep);
void test_cross_vspace(void);

#endif
