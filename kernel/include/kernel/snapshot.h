/* SPDX-License-Identifier: BSD-2-Clause */
/* DebugSnapshot: the live system as capDL text (see kernel/debug/snapshot.c). */
#ifndef KERNEL_SNAPSHOT_H
#define KERNEL_SNAPSHOT_H

#include <kernel/tcb.h>

void debug_snapshot(struct tcb *t);

#endif
