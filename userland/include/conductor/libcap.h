/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap, all of it: the kernel interface (<conductor/conductor.h>)
 * plus the library's helpers. docs/libconductor-cap.md describes each header;
 * docs/tutorial.md shows them at work.
 */
#ifndef CONDUCTOR_LIBCAP_H
#define CONDUCTOR_LIBCAP_H

#include <conductor/conductor.h>
#include <conductor/runtime.h>

#include <conductor/bootinfo.h>
#include <conductor/cspace.h>
#include <conductor/elf.h>
#include <conductor/embed.h>
#include <conductor/env.h>
#include <conductor/error.h>
#include <conductor/fault.h>
#include <conductor/fdt.h>
#include <conductor/ipc.h>
#include <conductor/irq.h>
#include <conductor/lock.h>
#include <conductor/printf.h>
#include <conductor/process.h>
#include <conductor/thread.h>
#include <conductor/untyped.h>
#include <conductor/vspace.h>

#endif /* CONDUCTOR_LIBCAP_H */
