/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC buffer pointer behind cnd_get_ipc_buffer()/cnd_set_ipc_buffer():
 * thread-local, so each thread of a process sees its own buffer.
 */
#include <conductor/ipc_buffer.h>

__thread struct cnd_ipc_buffer *__cnd_ipc_buffer;
