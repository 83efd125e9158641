/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Everything a Conductor user program needs to talk to the kernel: the ABI
 * definitions, the system-call stubs and the typed invocation wrappers.
 */
#ifndef CONDUCTOR_CONDUCTOR_H
#define CONDUCTOR_CONDUCTOR_H

#include <abi/abi.h>
#include <conductor/invocations.h>
#include <conductor/invoke.h>
#include <conductor/ipc_buffer.h>
#include <conductor/syscalls.h>

#endif /* CONDUCTOR_CONDUCTOR_H */
