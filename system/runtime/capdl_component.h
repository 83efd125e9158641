/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What every component built from a capDL spec (high-level form) can rely
 * on: the caps the compiler puts in every component's CNode (its guard makes
 * a cptr the slot number), and the entry point: libconductor-cap's
 * component runtime calls cnd_main(a0..a3) with the spec's `args`; a return
 * or cnd_exit reports the exit to the supervisor (the fault handler).
 */
#ifndef SYSTEM_CAPDL_COMPONENT_H
#define SYSTEM_CAPDL_COMPONENT_H

#include <conductor/conductor.h>
#include <conductor/process.h>
#include "mrstring.h"

#define CAPDL_SLOT_TCB 1       /* the component's own TCB */
#define CAPDL_SLOT_CNODE 2     /* its CNode (depth 64 with the guard) */
#define CAPDL_SLOT_VSPACE 3    /* its VSpace root */
#define CAPDL_DEPTH 64

#endif
