/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: receiving and explaining faults.
 *
 * A thread's fault arrives on its fault endpoint as a message whose label
 * is the fault type and whose words are laid out as in <abi/faults.h>; the
 * thread waits for a reply. These helpers decode such a message into a
 * struct cnd_fault, explain it in a sentence, and reply.
 *
 * One more event travels the same way: a process made by cnd_create_process
 * ends by raising an UnknownSyscall fault with number
 * CND_PROCESS_EXIT_SYSCALL and its status in a0; it is decoded as
 * CND_FAULT_EXIT.
 */
#ifndef CONDUCTOR_FAULT_H
#define CONDUCTOR_FAULT_H

#include <stddef.h>
#include <abi/faults.h>
#include <abi/message_info.h>
#include <abi/types.h>

/* Not a kernel fault type: a process's exit (see above). */
#define CND_FAULT_EXIT 0x100

/* Most words a fault message has (UnknownSyscall). */
#define CND_FAULT_MAX_WORDS 11
_Static_assert(CND_FAULT_MAX_WORDS == CND_UNKNOWN_SYSCALL_LENGTH &&
                   CND_FAULT_MAX_WORDS >= CND_CAP_FAULT_MAX_LENGTH &&
                   CND_FAULT_MAX_WORDS >= CND_VM_FAULT_LENGTH &&
                   CND_FAULT_MAX_WORDS >= CND_USER_EXCEPTION_LENGTH,
               "every fault message fits");

struct cnd_fault {
    cnd_word_t type;        /* CND_FAULT_CAP/_UNKNOWN_SYSCALL/_USER_EXCEPTION/_VM or
                             * CND_FAULT_EXIT; other labels are kept as they came */
    cnd_badge_t badge;      /* badge of the fault endpoint cap it came through */
    cnd_word_t ip;          /* where the thread was (restart PC) */
    cnd_word_t addr;        /* VM fault: the address; cap fault: the cptr;
                             * unknown syscall: the number; user exception: scause */
    bool write;             /* VM fault: a store (FSR 7) */
    bool fetch;             /* VM fault: an instruction fetch */
    int status;             /* CND_FAULT_EXIT: the exit status */
    unsigned length;        /* words received */
    cnd_word_t words[CND_FAULT_MAX_WORDS];
};

/* Decodes a received fault message: `info` and `badge` as Recv returned
 * them, the words from the IPC buffer (MR0..MR3 included, as cnd_recv
 * stores them there). Errors: none; a message shorter than its fault type
 * needs leaves the missing fields 0, and unknown labels are kept in
 * f->type with only the words copied. */
void cnd_fault_decode(cnd_msginfo_t info, cnd_badge_t badge, struct cnd_fault *f);

/* Waits on `ep` for a fault message and decodes it (cnd_fault_decode).
 * Errors: none reported; a non-fault message arriving on ep is decoded as
 * an unknown label. */
void cnd_fault_recv(cnd_cptr_t ep, struct cnd_fault *f);

/*
 * One sentence about the fault into buf (n bytes), returned:
 *   "VM fault: write to 0x2000 at pc 0x10234 (no mapping there, or not writable)"
 *   "cap fault at pc 0x10080: cptr 0x99: missing capability with 54 bits left"
 *   "unknown syscall 42 at pc 0x10100"
 *   "user exception: illegal instruction (scause 2) at pc 0x10100"
 *   "exit: status 0"
 * Errors: none (longer sentences are cut; n == 0 writes nothing).
 */
char *cnd_fault_string(const struct cnd_fault *f, char *buf, size_t n);

/* Replies to the faulting thread (it must be the last caller): the thread
 * restarts at its fault IP (VM and cap faults retry the access). Errors:
 * none reported (a Reply without a caller does nothing, as in the kernel). */
void cnd_fault_reply_restart(void);

/* Replies so that an UnknownSyscall or UserException thread resumes at
 * `pc` (e.g. ip + 4 to skip the instruction) with its stack as it was.
 * Only the restart PC is sent back. Errors: none reported (a Reply without
 * a caller does nothing). */
void cnd_fault_reply_resume_at(const struct cnd_fault *f, cnd_word_t pc);

#endif /* CONDUCTOR_FAULT_H */
