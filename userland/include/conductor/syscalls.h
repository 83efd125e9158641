/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System-call stubs. The register convention is seL4's (riscv64):
 *
 *   a7  system call number (negative)
 *   a0  cptr of the endpoint/object (in), sender's badge (out)
 *   a1  message info (in and out)
 *   a2..a5  MR0..MR3 (in and out); MR4.. live in the IPC buffer
 *
 * The kernel saves and restores every other register, so the asm only
 * declares a0..a5 (read-write: some calls return values there) and memory
 * (the kernel reads and writes the IPC buffer).
 *
 * Two flavours, as in libsel4:
 *   - cnd_send/cnd_call/cnd_recv/...: MR0..MR3 are taken from / stored to
 *     the IPC buffer (msg[0..3]), so code can treat all MRs alike;
 *   - cnd_*_with_mrs: MR0..MR3 are passed as values / pointers (NULL: send 0,
 *     discard the result), and the IPC buffer is not touched; the kernel
 *     invocation wrappers use these.
 *
 * Errors. System calls return no error code. A cptr that names no usable
 * endpoint or notification (empty slot, wrong type, missing right) raises
 * a cap fault to the caller's fault handler; invoking a kernel object
 * returns its error as the reply's label (the generated wrappers turn that
 * into a struct cnd_result); a failed DebugCapIdentify lookup gives 0.
 *
 * Host builds (unit tests of user-land code) define CND_HOST_SYSCALLS and
 * provide cnd_host_syscall(); it receives a7 and the six argument registers
 * and may change the registers, like the kernel does.
 */
#ifndef CONDUCTOR_SYSCALLS_H
#define CONDUCTOR_SYSCALLS_H

#include <abi/message_info.h>
#include <abi/syscall_numbers.h>
#include <abi/types.h>
#include <conductor/ipc_buffer.h>

_Static_assert(CND_NUM_MSG_REGISTERS == 4, "the stubs carry MR0..MR3 in a2..a5");
_Static_assert(sizeof(((struct cnd_ipc_buffer *)0)->msg) == 960,
               "DebugNameThread: the name fits the 960-byte message area");

#if !defined(__riscv) && defined(CND_HOST_SYSCALLS)
/* Host builds only: the test's stand-in for the kernel (see above).
 * Errors: whatever the test makes of the call. */
void cnd_host_syscall(cnd_sword_t number, cnd_word_t regs[6]);
#elif !defined(__riscv)
#error "conductor/syscalls.h: RISC-V only (define CND_HOST_SYSCALLS for host tests)"
#elif __riscv_xlen != 64
#error "conductor/syscalls.h: the ABI is riscv64"
#endif

/*
 * Coverage hooks (test root tasks only: they define CONDUCTOR_COVERAGE and
 * provide these; tests/qemu/captest/coverage.c). They let the conformance
 * suite's coverage report see every system call made and every kernel
 * invocation's (label, result) without each test recording it by hand.
 * cnd_coverage_call_begin returns a cookie for cnd_coverage_call_end (the
 * invoked cap's type, taken before the call in case the call removes it).
 */
#if defined(CONDUCTOR_COVERAGE)
/* Records that system call `number` is about to be made. Errors: none. */
void cnd_coverage_syscall(cnd_sword_t number);
/* Before an invocation of the cap at `dest`: returns the cookie (the cap's
 * type) cnd_coverage_call_end takes. Errors: none (an empty slot gives the
 * null type). */
cnd_word_t cnd_coverage_call_begin(cnd_word_t dest);
/* After the invocation: records (type, label of sent_info, result in
 * reply_info). Errors: none. */
void cnd_coverage_call_end(cnd_word_t cookie, cnd_word_t sent_info, cnd_word_t reply_info);
/* Records that the wrapper for method `label` returned `error`. Errors:
 * none. */
void cnd_coverage_wrapper(cnd_word_t label, unsigned error);
#endif

/* The one ecall: a0..a5 in and out, a7 = number. Errors: none returned (see "Errors" above). */
static inline void cnd_syscall6(cnd_sword_t number, cnd_word_t *a0, cnd_word_t *a1,
                                cnd_word_t *a2, cnd_word_t *a3, cnd_word_t *a4, cnd_word_t *a5)
{
#if defined(CONDUCTOR_COVERAGE)
    cnd_coverage_syscall(number);
#endif
#if defined(__riscv)
    register cnd_word_t r0 __asm__("a0") = *a0;
    register cnd_word_t r1 __asm__("a1") = *a1;
    register cnd_word_t r2 __asm__("a2") = *a2;
    register cnd_word_t r3 __asm__("a3") = *a3;
    register cnd_word_t r4 __asm__("a4") = *a4;
    register cnd_word_t r5 __asm__("a5") = *a5;
    register cnd_word_t r7 __asm__("a7") = (cnd_word_t)number;
    __asm__ volatile("ecall"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5)
                     : "r"(r7)
                     : "memory");
    *a0 = r0;
    *a1 = r1;
    *a2 = r2;
    *a3 = r3;
    *a4 = r4;
    *a5 = r5;
#else
    cnd_word_t regs[6] = { *a0, *a1, *a2, *a3, *a4, *a5 };
    cnd_host_syscall(number, regs);
    *a0 = regs[0];
    *a1 = regs[1];
    *a2 = regs[2];
    *a3 = regs[3];
    *a4 = regs[4];
    *a5 = regs[5];
#endif
}

/* Read a nullable MR pointer (NULL sends 0) / store through it. */
static inline cnd_word_t cnd__mr_in(const cnd_word_t *p)
{
    return p != NULL ? *p : 0;
}

static inline void cnd__mr_out(cnd_word_t *p, cnd_word_t v)
{
    if (p != NULL) {
        *p = v;
    }
}

/* --- Send ------------------------------------------------------------------------- */

/* Send (blocking until a receiver takes it) / NBSend (dropped if no
 * receiver waits) of `info` to dest. The _with_mrs forms pass MR0..MR3 as
 * values, the others take them from the IPC buffer. Errors: none returned (see "Errors" above). */
static inline void cnd_send_with_mrs(cnd_cptr_t dest, cnd_msginfo_t info, cnd_word_t mr0,
                                     cnd_word_t mr1, cnd_word_t mr2, cnd_word_t mr3)
{
    cnd_word_t a0 = dest, a1 = cnd_msginfo_to_word(info);
    cnd_syscall6(CND_SYS_SEND, &a0, &a1, &mr0, &mr1, &mr2, &mr3);
}
static inline void cnd_send(cnd_cptr_t dest, cnd_msginfo_t info)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    cnd_send_with_mrs(dest, info, ipc->msg[0], ipc->msg[1], ipc->msg[2], ipc->msg[3]);
}
static inline void cnd_nbsend_with_mrs(cnd_cptr_t dest, cnd_msginfo_t info, cnd_word_t mr0,
                                       cnd_word_t mr1, cnd_word_t mr2, cnd_word_t mr3)
{
    cnd_word_t a0 = dest, a1 = cnd_msginfo_to_word(info);
    cnd_syscall6(CND_SYS_NB_SEND, &a0, &a1, &mr0, &mr1, &mr2, &mr3);
}
static inline void cnd_nbsend(cnd_cptr_t dest, cnd_msginfo_t info)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    cnd_nbsend_with_mrs(dest, info, ipc->msg[0], ipc->msg[1], ipc->msg[2], ipc->msg[3]);
}

/* Signal a notification: a Send with an empty message. Errors: none returned (see "Errors" above). */
static inline void cnd_signal(cnd_cptr_t dest)
{
    cnd_send_with_mrs(dest, cnd_msginfo_from_word(0), 0, 0, 0, 0);
}

/* --- Call -------------------------------------------------------------------------- */

/* Call: send and wait for the reply. Returns the reply's message info;
 * MR0..MR3 of the reply replace *mrN (NULL: send 0, discard) or, for
 * cnd_call, the IPC buffer's msg[0..3]. Errors: a kernel object's error is
 * the reply's label (otherwise as "Errors" above). */
static inline cnd_msginfo_t cnd_call_with_mrs(cnd_cptr_t dest, cnd_msginfo_t info,
                                              cnd_word_t *mr0, cnd_word_t *mr1,
                                              cnd_word_t *mr2, cnd_word_t *mr3)
{
    cnd_word_t a0 = dest, a1 = cnd_msginfo_to_word(info);
    cnd_word_t a2 = cnd__mr_in(mr0), a3 = cnd__mr_in(mr1);
    cnd_word_t a4 = cnd__mr_in(mr2), a5 = cnd__mr_in(mr3);
#if defined(CONDUCTOR_COVERAGE)
    cnd_word_t cover = cnd_coverage_call_begin(dest);
#endif
    cnd_syscall6(CND_SYS_CALL, &a0, &a1, &a2, &a3, &a4, &a5);
#if defined(CONDUCTOR_COVERAGE)
    cnd_coverage_call_end(cover, cnd_msginfo_to_word(info), a1);
#endif
    cnd__mr_out(mr0, a2);
    cnd__mr_out(mr1, a3);
    cnd__mr_out(mr2, a4);
    cnd__mr_out(mr3, a5);
    return cnd_msginfo_from_word(a1);
}
static inline cnd_msginfo_t cnd_call(cnd_cptr_t dest, cnd_msginfo_t info)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    return cnd_call_with_mrs(dest, info, &ipc->msg[0], &ipc->msg[1], &ipc->msg[2], &ipc->msg[3]);
}

/* --- Receive ------------------------------------------------------------------------- */

static inline cnd_msginfo_t cnd__recv(cnd_sword_t number, cnd_cptr_t src, cnd_badge_t *badge,
                                      cnd_word_t *mr0, cnd_word_t *mr1, cnd_word_t *mr2,
                                      cnd_word_t *mr3)
{
    cnd_word_t a0 = src, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(number, &a0, &a1, &a2, &a3, &a4, &a5);
    cnd__mr_out(badge, a0);
    cnd__mr_out(mr0, a2);
    cnd__mr_out(mr1, a3);
    cnd__mr_out(mr2, a4);
    cnd__mr_out(mr3, a5);
    return cnd_msginfo_from_word(a1);
}

/* Block until a message or signal arrives on src; *badge (if not NULL) gets
 * the sender's badge; MR0..MR3 go to *mrN (NULL: discarded) or, for
 * cnd_recv, to the IPC buffer. Errors: none returned (see "Errors" above). */
static inline cnd_msginfo_t cnd_recv_with_mrs(cnd_cptr_t src, cnd_badge_t *badge,
                                              cnd_word_t *mr0, cnd_word_t *mr1,
                                              cnd_word_t *mr2, cnd_word_t *mr3)
{
    return cnd__recv(CND_SYS_RECV, src, badge, mr0, mr1, mr2, mr3);
}
static inline cnd_msginfo_t cnd_recv(cnd_cptr_t src, cnd_badge_t *badge)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    return cnd_recv_with_mrs(src, badge, &ipc->msg[0], &ipc->msg[1], &ipc->msg[2], &ipc->msg[3]);
}

/* As recv, but return at once (label 0, length 0, badge 0) if nothing
 * waits. Errors: none returned (see "Errors" above). */
static inline cnd_msginfo_t cnd_nbrecv_with_mrs(cnd_cptr_t src, cnd_badge_t *badge,
                                                cnd_word_t *mr0, cnd_word_t *mr1,
                                                cnd_word_t *mr2, cnd_word_t *mr3)
{
    return cnd__recv(CND_SYS_NB_RECV, src, badge, mr0, mr1, mr2, mr3);
}
static inline cnd_msginfo_t cnd_nbrecv(cnd_cptr_t src, cnd_badge_t *badge)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    return cnd_nbrecv_with_mrs(src, badge, &ipc->msg[0], &ipc->msg[1], &ipc->msg[2],
                               &ipc->msg[3]);
}

/* Wait on / poll a notification: returns the signalled bits (poll: 0 if
 * none are pending). Errors: none returned (see "Errors" above). */
static inline cnd_badge_t cnd_wait(cnd_cptr_t src)
{
    cnd_badge_t badge = 0;
    cnd_recv_with_mrs(src, &badge, NULL, NULL, NULL, NULL);
    return badge;
}
static inline cnd_badge_t cnd_poll(cnd_cptr_t src)
{
    cnd_badge_t badge = 0;
    cnd_nbrecv_with_mrs(src, &badge, NULL, NULL, NULL, NULL);
    return badge;
}

/* --- Reply ------------------------------------------------------------------------------ */

/* Reply to the last caller (the one whose Call this thread received) with
 * `info` and MR0..MR3 (values, or the IPC buffer's for cnd_reply). Errors:
 * none; without a caller to reply to, the kernel does nothing. */
static inline void cnd_reply_with_mrs(cnd_msginfo_t info, cnd_word_t mr0, cnd_word_t mr1,
                                      cnd_word_t mr2, cnd_word_t mr3)
{
    cnd_word_t a0 = 0, a1 = cnd_msginfo_to_word(info);
    cnd_syscall6(CND_SYS_REPLY, &a0, &a1, &mr0, &mr1, &mr2, &mr3);
}
static inline void cnd_reply(cnd_msginfo_t info)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    cnd_reply_with_mrs(info, ipc->msg[0], ipc->msg[1], ipc->msg[2], ipc->msg[3]);
}

/* Reply to the last caller, then wait on src, atomically; returns what
 * arrived as recv does (cnd_reply_recv: MRs through the IPC buffer).
 * Errors: as reply, then as recv. */
static inline cnd_msginfo_t cnd_reply_recv_with_mrs(cnd_cptr_t src, cnd_msginfo_t info,
                                                    cnd_badge_t *badge, cnd_word_t *mr0,
                                                    cnd_word_t *mr1, cnd_word_t *mr2,
                                                    cnd_word_t *mr3)
{
    cnd_word_t a0 = src, a1 = cnd_msginfo_to_word(info);
    cnd_word_t a2 = cnd__mr_in(mr0), a3 = cnd__mr_in(mr1);
    cnd_word_t a4 = cnd__mr_in(mr2), a5 = cnd__mr_in(mr3);
    cnd_syscall6(CND_SYS_REPLY_RECV, &a0, &a1, &a2, &a3, &a4, &a5);
    cnd__mr_out(badge, a0);
    cnd__mr_out(mr0, a2);
    cnd__mr_out(mr1, a3);
    cnd__mr_out(mr2, a4);
    cnd__mr_out(mr3, a5);
    return cnd_msginfo_from_word(a1);
}
static inline cnd_msginfo_t cnd_reply_recv(cnd_cptr_t src, cnd_msginfo_t info,
                                           cnd_badge_t *badge)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    return cnd_reply_recv_with_mrs(src, info, badge, &ipc->msg[0], &ipc->msg[1], &ipc->msg[2],
                                   &ipc->msg[3]);
}

/* --- Yield ------------------------------------------------------------------------------- */

/* Gives the rest of the time slice to the next thread of the same priority
 * on this hart (none: returns at once). Errors: none. */
static inline void cnd_yield(void)
{
    cnd_word_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(CND_SYS_YIELD, &a0, &a1, &a2, &a3, &a4, &a5);
}

/* --- Debug calls ----------------------------------------------------------------------------
 * -9/-10 need kernel printing; the others but DumpScheduler exist in debug
 * kernels only (else they raise an UnknownSyscall fault). */

/* Writes one character / a NUL-terminated string to the kernel's console.
 * Errors: none (a kernel without printing ignores them). */
static inline void cnd_debug_put_char(char c)
{
    cnd_word_t a0 = (unsigned char)c, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(CND_SYS_DEBUG_PUT_CHAR, &a0, &a1, &a2, &a3, &a4, &a5);
}
static inline void cnd_debug_puts(const char *s)
{
    while (*s != '\0') {
        cnd_debug_put_char(*s++);
    }
}

/* Writes `v` in decimal to the kernel's console, without a libc or printf
 * (for test and benchmark root tasks whose output scripts parse).
 * Errors: none. */
static inline void cnd_debug_put_dec(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    cnd_debug_puts(&buf[i]);
}

/* Writes `v` as 0x and at least `min_digits` (1..16) lower-case hex digits,
 * zero-padded, to the kernel's console. Errors: none (min_digits outside
 * 1..16 is clamped). */
static inline void cnd_debug_put_hex(uint64_t v, unsigned min_digits)
{
    char buf[19] = "0x";
    unsigned n = 0;
    if (min_digits < 1)
        min_digits = 1;
    for (unsigned digit = 16; digit-- > 0;) {
        unsigned d = (unsigned)(v >> (4 * digit)) & 0xf;
        if (d != 0 || n != 0 || digit < min_digits)
            buf[2 + n++] = "0123456789abcdef"[d];
    }
    buf[2 + n] = '\0';
    cnd_debug_puts(buf);
}

/* Prints every thread the scheduler knows (debug kernels; a no-op in
 * release kernels, as in seL4). Errors: none. */
static inline void cnd_debug_dump_scheduler(void)
{
    cnd_word_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(CND_SYS_DEBUG_DUMP_SCHEDULER, &a0, &a1, &a2, &a3, &a4, &a5);
}

/* Stops the system (debug kernels power the machine off). Errors: an
 * UnknownSyscall fault on release kernels. */
static inline void cnd_debug_halt(void)
{
    cnd_word_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(CND_SYS_DEBUG_HALT, &a0, &a1, &a2, &a3, &a4, &a5);
}

/* The kernel cap type tag of the cap at cptr (enum cnd_cap_tag). Errors: 0
 * if the slot is empty or the lookup fails; an UnknownSyscall fault on
 * release kernels. */
static inline cnd_word_t cnd_debug_cap_identify(cnd_cptr_t cptr)
{
    cnd_word_t a0 = cptr, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(CND_SYS_DEBUG_CAP_IDENTIFY, &a0, &a1, &a2, &a3, &a4, &a5);
    return a0;
}

/* Prints the system as the caller's CSpace reaches it, in capDL text
 * (debug kernels). Errors: an UnknownSyscall fault on release kernels. */
static inline void cnd_debug_snapshot(void)
{
    cnd_word_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(CND_SYS_DEBUG_SNAPSHOT, &a0, &a1, &a2, &a3, &a4, &a5);
}

/* Name a thread for kernel debug output. The NUL-terminated name is copied
 * into the IPC buffer's message words (where the kernel reads it), cut to
 * fit (seL4 would halt on a name that does not fit). Errors: none returned
 * (the kernel prints why and ignores a cap that is no TCB); an
 * UnknownSyscall fault on release kernels. */
static inline void cnd_debug_name_thread(cnd_cptr_t tcb, const char *name)
{
    char *dst = (char *)(void *)cnd_get_ipc_buffer()->msg;
    size_t i = 0;
    while (i < sizeof(cnd_get_ipc_buffer()->msg) - 1 && name[i] != '\0') {
        dst[i] = name[i];
        i++;
    }
    dst[i] = '\0';
    cnd_word_t a0 = tcb, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    cnd_syscall6(CND_SYS_DEBUG_NAME_THREAD, &a0, &a1, &a2, &a3, &a4, &a5);
}

#endif /* CONDUCTOR_SYSCALLS_H */
