/* SPDX-License-Identifier: BSD-2-Clause */
/* Decoding, explaining and answering fault messages (see conductor/fault.h). */
#include <abi/errors.h>
#include <conductor/fault.h>
#include <conductor/ipc_buffer.h>
#include <conductor/printf.h>
#include <conductor/process.h>
#include <conductor/syscalls.h>

void cnd_fault_decode(cnd_msginfo_t info, cnd_badge_t badge, struct cnd_fault *f)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    unsigned len = (unsigned)cnd_msginfo_get_length(info);
    if (len > CND_FAULT_MAX_WORDS)
        len = CND_FAULT_MAX_WORDS;
    f->type = cnd_msginfo_get_label(info);
    f->badge = badge;
    f->length = len;
    for (unsigned i = 0; i < CND_FAULT_MAX_WORDS; i++)
        f->words[i] = i < len ? ipc->msg[i] : 0;
    f->ip = f->words[0];
    f->addr = 0;
    f->write = f->fetch = false;
    f->status = 0;
    switch (f->type) {
    case CND_FAULT_VM:
        f->addr = f->words[CND_VM_FAULT_ADDR];
        f->fetch = f->words[CND_VM_FAULT_PREFETCH_FAULT] != 0;
        f->write = f->words[CND_VM_FAULT_FSR] == CND_VM_FAULT_FSR_STORE;
        break;
    case CND_FAULT_CAP:
        f->addr = f->words[CND_CAP_FAULT_ADDR];
        break;
    case CND_FAULT_UNKNOWN_SYSCALL:
        f->addr = f->words[CND_UNKNOWN_SYSCALL_SYSCALL];
        if (len > CND_UNKNOWN_SYSCALL_SYSCALL && f->addr == CND_PROCESS_EXIT_SYSCALL) {
            f->type = CND_FAULT_EXIT;
            f->status = (int)f->words[CND_UNKNOWN_SYSCALL_A0];
        }
        break;
    case CND_FAULT_USER_EXCEPTION:
        f->addr = f->words[CND_USER_EXCEPTION_NUMBER];
        break;
    default:
        break;
    }
}

void cnd_fault_recv(cnd_cptr_t ep, struct cnd_fault *f)
{
    cnd_badge_t badge = 0;
    cnd_msginfo_t info = cnd_recv(ep, &badge);
    cnd_fault_decode(info, badge, f);
}

static const char *exception_name(cnd_word_t scause)
{
    switch (scause) {
    case 0: return "misaligned instruction fetch";
    case 1: return "instruction access fault";
    case 2: return "illegal instruction";
    case 3: return "breakpoint";
    case 4: return "misaligned load";
    case 5: return "load access fault";
    case 6: return "misaligned store";
    case 7: return "store access fault";
    default: return "exception";
    }
}

static const char *lookup_name(cnd_word_t type)
{
    switch (type) {
    case CND_INVALID_ROOT: return "invalid CSpace root";
    case CND_MISSING_CAPABILITY: return "missing capability";
    case CND_DEPTH_MISMATCH: return "depth mismatch";
    case CND_GUARD_MISMATCH: return "guard mismatch";
    default: return "lookup failure";
    }
}

char *cnd_fault_string(const struct cnd_fault *f, char *buf, size_t n)
{
    unsigned long ip = (unsigned long)f->ip, addr = (unsigned long)f->addr;
    switch (f->type) {
    case CND_FAULT_VM:
        cnd_snprintf(buf, n, "VM fault: %s %#lx at pc %#lx (%s)",
                     f->fetch ? "instruction fetch from" : f->write ? "write to" : "read from",
                     addr, ip,
                     f->write ? "no mapping there, or not writable"
                              : f->fetch ? "no mapping there, or not executable"
                                         : "no mapping there, or not readable");
        break;
    case CND_FAULT_CAP:
        cnd_snprintf(buf, n, "cap fault at pc %#lx: cptr %#lx: %s with %lu bits left%s", ip,
                     addr, lookup_name(f->words[CND_CAP_FAULT_LOOKUP_FAILURE_TYPE]),
                     (unsigned long)f->words[CND_CAP_FAULT_BITS_LEFT],
                     f->words[CND_CAP_FAULT_IN_RECV_PHASE] ? " (receiving)" : "");
        break;
    case CND_FAULT_UNKNOWN_SYSCALL:
        cnd_snprintf(buf, n, "unknown syscall %ld at pc %#lx", (long)f->addr, ip);
        break;
    case CND_FAULT_USER_EXCEPTION:
        cnd_snprintf(buf, n, "user exception: %s (scause %lu) at pc %#lx",
                     exception_name(f->addr), addr, ip);
        break;
    case CND_FAULT_EXIT:
        cnd_snprintf(buf, n, "exit: status %d", f->status);
        break;
    default:
        cnd_snprintf(buf, n, "message with label %lu (not a fault)", (unsigned long)f->type);
        break;
    }
    return buf;
}

void cnd_fault_reply_restart(void)
{
    cnd_reply_with_mrs(cnd_msginfo_new(0, 0, 0, 0), 0, 0, 0, 0);
}

void cnd_fault_reply_resume_at(const struct cnd_fault *f, cnd_word_t pc)
{
    (void)f;
    /* One reply word: only FaultIP is written back. */
    cnd_reply_with_mrs(cnd_msginfo_new(0, 0, 0, 1), pc, 0, 0, 0);
}
