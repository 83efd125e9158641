/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC buffer (seL4_IPCBuffer): one 1 KiB, 1 KiB-aligned block per thread,
 * inside a frame the thread registered with TCB_Configure/TCB_SetIPCBuffer.
 * The kernel reads and writes message words 4..119 here (0..3 travel in
 * registers a2..a5), the extra caps / unwrapped badges, and the receive slot
 * for a transferred cap. The layout is part of the binary ABI: an unmodified
 * seL4 program addresses these fields by offset.
 */
#ifndef ABI_IPC_BUFFER_H
#define ABI_IPC_BUFFER_H

#include <abi/constants.h>
#include <abi/message_info.h>
#include <abi/types.h>

#define CND_IPC_BUFFER_SIZE (1 << CND_IPC_BUFFER_SIZE_BITS)

#ifndef __ASSEMBLER__

struct cnd_ipc_buffer {
    /* The tag of the last message; seL4 keeps a copy here for libraries. The
     * alignment makes the whole struct 1 KiB aligned, as the kernel demands
     * of an IPC buffer address (else AlignmentError). */
    _Alignas(CND_IPC_BUFFER_SIZE) cnd_msginfo_t tag;
    /* MR0..MR119. msg[0..3] mirror a2..a5 only when a stub copies them. */
    cnd_word_t msg[CND_MSG_MAX_LENGTH];
    /* Free for user land (libsel4 keeps its own per-thread data here). */
    cnd_word_t user_data;
    /* Sending: cptrs of the extra caps. Receiving: badges of unwrapped caps. */
    cnd_word_t caps_or_badges[CND_MSG_MAX_EXTRA_CAPS];
    /* Where a received cap goes: CNode cptr (in the receiver's CSpace), then
     * index and depth inside that CNode. */
    cnd_cptr_t receive_cnode;
    cnd_word_t receive_index;
    cnd_word_t receive_depth;
};

_Static_assert(sizeof(struct cnd_ipc_buffer) == 1024, "seL4_IPCBuffer size");
_Static_assert(_Alignof(struct cnd_ipc_buffer) == 1024, "seL4_IPCBuffer alignment");
_Static_assert(offsetof(struct cnd_ipc_buffer, tag) == 0, "tag");
_Static_assert(offsetof(struct cnd_ipc_buffer, msg) == 8, "msg");
_Static_assert(sizeof(((struct cnd_ipc_buffer *)0)->msg) == 960, "msg size");
_Static_assert(offsetof(struct cnd_ipc_buffer, user_data) == 968, "userData");
_Static_assert(offsetof(struct cnd_ipc_buffer, caps_or_badges) == 976, "caps_or_badges");
_Static_assert(sizeof(((struct cnd_ipc_buffer *)0)->caps_or_badges) == 24, "caps size");
_Static_assert(offsetof(struct cnd_ipc_buffer, receive_cnode) == 1000, "receiveCNode");
_Static_assert(offsetof(struct cnd_ipc_buffer, receive_index) == 1008, "receiveIndex");
_Static_assert(offsetof(struct cnd_ipc_buffer, receive_depth) == 1016, "receiveDepth");

#endif /* !__ASSEMBLER__ */

#endif /* ABI_IPC_BUFFER_H */
