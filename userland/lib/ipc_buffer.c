/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC buffer pointer behind cnd_get_ipc_buffer()/cnd_set_ipc_buffer().
 * One per address space for now (see conductor/ipc_buffer.h); when the
 * runtime gains TLS this becomes a __thread variable so each thread of a
 * multi-threaded process sees its own buffer.
 */
#include <conductor/ipc_buffer.h>

struct cnd_ipc_buffer *__cnd_ipc_buffer;
