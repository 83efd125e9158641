/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What every component built from a capDL spec (high-level form) can rely
 * on: the caps the compiler puts in every component's CNode, and the entry
 * point the runtime calls. The CNode's guard makes a cptr the slot number.
 */
#ifndef SYSTEM_CAPDL_COMPONENT_H
#define SYSTEM_CAPDL_COMPONENT_H

#include <conductor/conductor.h>
#include "mrstring.h"

#define CAPDL_SLOT_TCB 1       /* the component's own TCB */
#define CAPDL_SLOT_CNODE 2     /* its CNode (depth 64 with the guard) */
#define CAPDL_SLOT_VSPACE 3    /* its VSpace root */
#define CAPDL_DEPTH 64

/* a0..a3 are the first four of the spec's `args: [...]`. */
int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3);

#endif
