/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What each thread of a spec holds (query.c), for the authority questions
 * and the authority graph (dot.c). A thread's authority is everything its
 * CSpace reaches (CNodes inside it included), what its VSpace maps and the
 * caps in its TCB slots (IPC buffer, bound notification, fault endpoint).
 */
#ifndef CAPDL_AUTHORITY_H
#define CAPDL_AUTHORITY_H

#include <capdl/capdl.h>

enum { CDL_HELD_CSPACE, CDL_HELD_MAPPED, CDL_HELD_TCB_SLOT };

typedef void (*cdl_held_fn)(void *ctx, const struct cdl_cap *cap, uint8_t rights, int how);

/* Calls fn for every cap thread `tcb` holds. `seen` is scratch of
 * m->objects.n bytes. */
void cdl_each_held(const struct cdl_model *m, uint32_t tcb, uint8_t *seen, cdl_held_fn fn,
                   void *ctx);

#endif
