/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fastpath for Call and ReplyRecv (see kernel/ipc/fastpath.c). */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include <stdbool.h>
#include <kernel/tcb.h>

/* Off with the image option fastpath=off: everything takes the general path. */
extern bool fastpath_enabled;

/* Try the fast way: on success they leave the kernel into the partner and
 * do not return; false (nothing changed) means take the general path. */
bool fastpath_call(struct tcb *t);
bool fastpath_reply_recv(struct tcb *t);

#endif
