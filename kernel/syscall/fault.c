/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Faults (see fault.h). A fault is laid out as seL4's message and sent as a
 * Call to the thread's fault endpoint: the cptr in fault_ep, looked up in
 * the faulting thread's CSpace, must name an endpoint cap with Send and
 * Grant or GrantReply. Otherwise it is seL4's double fault: the thread is
 * suspended, debug builds say why, and the rest of the system runs on.
 */
#include <abi/faults.h>
#include <abi/message_info.h>
#include <kernel/cspace.h>
#include <kernel/fault.h>
#include <kernel/ipc.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/trap.h>

bool fault_send_ipc(struct tcb *t)
{
    struct cte *slot;
    struct lookup_fault lf;
    if (!cspace_lookup_slot(t->slots[TCB_CTABLE].cap, t->fault_ep, &slot, &lf))
        return false;
    struct cap c = slot->cap;
    if (cap_type(c) != CAP_ENDPOINT || !(cap_rights(c) & RIGHT_WRITE) ||
        !(cap_rights(c) & (RIGHT_GRANT | RIGHT_GRANT_REPLY)))
        return false;
    endpoint_send(t, paddr_to_kptr(cap_object(c)), cap_badge(c), cap_rights(c) & RIGHT_GRANT,
                  true, true, true);
    return true;
}

static const char *fault_name(uint64_t type)
{
    switch (type) {
    case CND_FAULT_CAP: return "cap fault";
    case CND_FAULT_UNKNOWN_SYSCALL: return "unknown syscall";
    case CND_FAULT_USER_EXCEPTION: return "user exception";
    case CND_FAULT_VM: return "VM fault";
    default: return "fault";
    }
}

/* Sends the fault in t->fault, or stops the thread. `detail` is for the
 * debug line only. */
static void deliver(struct tcb *t, const char *detail)
{
    if (fault_send_ipc(t))
        return;
    char why[192];
    ksnprintf(why, sizeof why, "%s: %s, and no valid fault handler (fault endpoint %#lx)",
              fault_name(t->fault.type), detail, (unsigned long)t->fault_ep);
    t->fault.type = 0;
    thread_suspend(t, why);
}

static const char *lookup_fault_name(enum lookup_fault_type type)
{
    switch (type) {
    case LOOKUP_INVALID_ROOT: return "invalid root";
    case LOOKUP_MISSING_CAPABILITY: return "missing capability";
    case LOOKUP_DEPTH_MISMATCH: return "depth mismatch";
    case LOOKUP_GUARD_MISMATCH: return "guard mismatch";
    default: return "no failure";
    }
}

void fault_cap(struct tcb *t, uint64_t cptr, bool in_receive, const struct lookup_fault *lf)
{
    struct fault *f = &t->fault;
    f->type = CND_FAULT_CAP;
    f->words[0] = t->restart_pc;
    f->words[1] = cptr;
    f->words[2] = in_receive;
    f->length = 3 + lookup_fault_encode(lf, &f->words[3]);
    char detail[96];
    ksnprintf(detail, sizeof detail, "cptr %#lx (%s, %lu bits left)%s", (unsigned long)cptr,
              lookup_fault_name(lf->type), (unsigned long)lf->bits_left,
              in_receive ? " in receive phase" : "");
    deliver(t, detail);
}

void fault_unknown_syscall(struct tcb *t, int64_t number)
{
    static const unsigned regs[] = { REG_RA, REG_A0, REG_A1, REG_A2, REG_A3, REG_A4, REG_A5, REG_A6 };
    struct fault *f = &t->fault;
    f->type = CND_FAULT_UNKNOWN_SYSCALL;
    f->words[0] = t->restart_pc;
    f->words[1] = ctx_get(&t->ctx, REG_SP);
    for (unsigned i = 0; i < 8; i++)
        f->words[2 + i] = ctx_get(&t->ctx, regs[i]);
    f->words[10] = (uint64_t)number;
    f->length = 11;
    char detail[48];
    ksnprintf(detail, sizeof detail, "number %ld", (long)number);
    deliver(t, detail);
}

void fault_user_exception(struct tcb *t, uint64_t scause, uint64_t stval)
{
    struct fault *f = &t->fault;
    f->type = CND_FAULT_USER_EXCEPTION;
    f->words[0] = t->restart_pc;
    f->words[1] = ctx_get(&t->ctx, REG_SP);
    f->words[2] = scause;
    f->words[3] = 0;
    f->length = 4;
    char detail[96];
    ksnprintf(detail, sizeof detail, "%s at pc %#lx (scause %lu, stval %#lx)",
              arch_trap_cause_name(scause), (unsigned long)t->restart_pc, (unsigned long)scause,
              (unsigned long)stval);
    deliver(t, detail);
}

void fault_vm(struct tcb *t, uint64_t addr, bool instruction, uint64_t fsr, uint64_t cause)
{
    struct fault *f = &t->fault;
    f->type = CND_FAULT_VM;
    f->words[0] = t->restart_pc;
    f->words[1] = addr;
    f->words[2] = instruction;
    f->words[3] = fsr;
    f->length = 4;
    char detail[128];
    ksnprintf(detail, sizeof detail, "VM fault at %#lx (%s, FSR %lu, %s)", (unsigned long)addr,
              instruction ? "instruction fetch" : "data access", (unsigned long)fsr,
              arch_trap_cause_name(cause));
    deliver(t, detail);
}

bool fault_handle_reply(struct tcb *receiver, struct tcb *sender)
{
    cnd_msginfo_t info = cnd_msginfo_from_word(ctx_get(&sender->ctx, REG_A1));
    uint64_t label = cnd_msginfo_get_label(info);
    unsigned length = (unsigned)cnd_msginfo_get_length(info);
    const uint64_t *sbuf = tcb_ipc_buffer(sender, false);
    switch (receiver->fault.type) {
    case CND_FAULT_UNKNOWN_SYSCALL: {
        /* FaultIP, SP, RA, A0..A6, in that order. */
        static const unsigned regs[] = { REG_SP, REG_RA, REG_A0, REG_A1, REG_A2,
                                         REG_A3, REG_A4, REG_A5, REG_A6 };
        unsigned n = length < 10 ? length : 10;
        for (unsigned i = 0; i < n; i++) {
            uint64_t v = tcb_get_mr(sender, sbuf, i);
            if (i == 0)
                receiver->restart_pc = v;
            else
                ctx_set(&receiver->ctx, regs[i - 1], v);
        }
        return label == 0;
    }
    case CND_FAULT_USER_EXCEPTION: {
        unsigned n = length < 2 ? length : 2;
        if (n > 0)
            receiver->restart_pc = tcb_get_mr(sender, sbuf, 0);
        if (n > 1)
            ctx_set(&receiver->ctx, REG_SP, tcb_get_mr(sender, sbuf, 1));
        return label == 0;
    }
    default:
        /* Cap and VM faults: any reply restarts the thread as it was. */
        return true;
    }
}
