/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where user code finds its IPC buffer, plus accessors for the message
 * registers, extra caps and the receive slot stored there.
 *
 * The pointer is thread-local, __cnd_ipc_buffer (defined in
 * userland/lib/ipc_buffer.c): every thread of a process has its own IPC
 * buffer. The runtime gives each thread a TLS block (conductor/runtime.h:
 * cnd_tls_init) and points tp at it before any code uses the buffer.
 *
 * The root task sets it from boot_info->ipc_buffer before its first
 * invocation that needs the buffer.
 */
#ifndef CONDUCTOR_IPC_BUFFER_H
#define CONDUCTOR_IPC_BUFFER_H

#include <abi/constants.h>
#include <abi/ipc_buffer.h>
#include <abi/types.h>

_Static_assert(sizeof(((struct cnd_ipc_buffer *)0)->caps_or_badges) ==
                   CND_MSG_MAX_EXTRA_CAPS * sizeof(cnd_word_t),
               "cnd_set_cap / cnd_get_badge index 0..CND_MSG_MAX_EXTRA_CAPS-1");
_Static_assert(sizeof(((struct cnd_ipc_buffer *)0)->msg) ==
                   CND_MSG_MAX_LENGTH * sizeof(cnd_word_t),
               "cnd_get_mr / cnd_set_mr index 0..CND_MSG_MAX_LENGTH-1");

extern __thread struct cnd_ipc_buffer *__cnd_ipc_buffer;

/* Sets / gets the calling thread's IPC buffer pointer (the address the
 * kernel was told in TCB_Configure or, for the root task, the boot info's).
 * Errors: none (the pointer is not checked; NULL before it was set). */
static inline void cnd_set_ipc_buffer(struct cnd_ipc_buffer *buffer)
{
    __cnd_ipc_buffer = buffer;
}
static inline struct cnd_ipc_buffer *cnd_get_ipc_buffer(void)
{
    return __cnd_ipc_buffer;
}

/* Get / set message register i (0..CND_MSG_MAX_LENGTH-1) as stored in the
 * buffer. The buffer copy of MR0..MR3 is only current after (get) or used
 * by (set) the non-"_with_mrs" stubs. Errors: none; i is not checked (the
 * caller keeps it below CND_MSG_MAX_LENGTH). */
static inline cnd_word_t cnd_get_mr(unsigned i)
{
    return cnd_get_ipc_buffer()->msg[i];
}
static inline void cnd_set_mr(unsigned i, cnd_word_t value)
{
    cnd_get_ipc_buffer()->msg[i] = value;
}

/* Set / get extra cap i (0..2) to send (a cptr in the sender's CSpace).
 * Errors: none; i is not checked. */
static inline void cnd_set_cap(unsigned i, cnd_cptr_t cptr)
{
    cnd_get_ipc_buffer()->caps_or_badges[i] = cptr;
}
static inline cnd_cptr_t cnd_get_cap(unsigned i)
{
    return cnd_get_ipc_buffer()->caps_or_badges[i];
}

/* Badge of received extra cap i, when bit i of caps_unwrapped is set.
 * Errors: none; otherwise the word is not a badge. */
static inline cnd_badge_t cnd_get_badge(unsigned i)
{
    return cnd_get_ipc_buffer()->caps_or_badges[i];
}

/* Get / set the buffer's user-data word (the kernel never touches it:
 * conventionally a per-thread pointer). Errors: none. */
static inline cnd_word_t cnd_get_user_data(void)
{
    return cnd_get_ipc_buffer()->user_data;
}
static inline void cnd_set_user_data(cnd_word_t value)
{
    cnd_get_ipc_buffer()->user_data = value;
}

/* Where a cap received by this thread goes: slot index/depth inside the
 * CNode that cnode names in this thread's CSpace. Errors: none here; a path
 * the kernel cannot resolve makes it drop received caps silently. */
static inline void cnd_set_receive_path(cnd_cptr_t cnode, cnd_word_t index, cnd_word_t depth)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    ipc->receive_cnode = cnode;
    ipc->receive_index = index;
    ipc->receive_depth = depth;
}

#endif /* CONDUCTOR_IPC_BUFFER_H */
