/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System-call fastpaths, entered straight from the trap entry (trap.S) for
 * Call, ReplyRecv, Send, Recv and Yield, with every user register already
 * saved in the TCB. Each handles the common case completely and leaves the
 * kernel itself, or hands the call, untouched, to the general path
 * (kernel_syscall_general). The rule: a fastpath commits only after every
 * check has passed, and it leaves exactly the state the general path would
 * have left -- the same registers, queues, caps, scheduler state, address
 * space and FPU state -- so fastpath=off (or any check failing) changes only
 * the instruction count. The checks therefore mirror what the general exit
 * (kernel_return_to_user, sched_schedule) would do and bail out whenever it
 * would do anything the fastpath does not.
 *
 *   Call:      a message in registers only (<= 4 words, no caps) on an
 *              endpoint cap with Write and Grant/GrantReply whose queue has
 *              a receiver with a live VSpace; nothing ready at or above the
 *              receiver's priority, no time slice running. The reply cap is
 *              linked in place after the caller's master reply cap.
 *   ReplyRecv: the same message rules; the caller slot holds a reply cap to
 *              a thread waiting for it without a fault, that thread can run
 *              at once, the endpoint has no sender and no bound signal is
 *              pending.
 *   Send:      Signal on a notification: accumulates, queues a waiter of
 *              lower or equal priority (timing the signaller's slice when
 *              it is its first peer), or wakes a waiter of higher priority
 *              directly (the signaller goes to the head of its queue, as
 *              the general path's preemption does).
 *   Recv:      Wait on a notification: returns at once if it is active;
 *              else blocks, and the head of the highest ready queue runs.
 *   Yield:     alone at its priority, Yield only refills the slice.
 * The notification fastpaths rely on sched_check_exit_state (sched.h):
 * what every exit leaves, so that at a system call's entry the general
 * exit would have nothing to do but what the call itself changes.
 */
#include <stddef.h>
#include <abi/message_info.h>
#include <arch/fastpath.h>
#include <arch/fpu.h>
#include <arch/timer.h>
#include <arch/vspace.h>
#include <kernel/cnode.h>
#include <kernel/cspace.h>
#include <kernel/ep_queue.h>
#include <kernel/fastpath.h>
#include <kernel/invariants.h>
#include <kernel/objects.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/trap.h>

bool fastpath_enabled = true;

_Static_assert(offsetof(struct tcb, ctx) == 0, "trap.S passes the context as the TCB");

#define MSG_REGISTERS 4
/* The message info below the label: caps_unwrapped, extra_caps, length. */
#define INFO_LOW(info) ((info) & ~CND_MSGINFO_LABEL_MASK)

/* Everything on a fastpath is inlined: a call costs the saving of callee
 * registers around it, often more than the function's own work. */
#define FAST_INLINE static inline __attribute__((always_inline))
/* The entry points need no frame: they are jumped to from trap.S and leave
 * by jumps the compiler does not see as calls (ARCH_FAST_JUMP1/3: to
 * arch_return_to_user, or to the general path), so gcc makes them leaf
 * functions with nothing to save, and a frame pointer costs four
 * instructions each way. (clang keeps it; only gcc has the attribute.)
 * Every path must end in such a jump or a noreturn call: trap.S gives them
 * no return address to return to. */
/* (In .text.fastpath, which kernel.ld places right after trap.S's code:
 * the trap entry reaches them with a conditional branch.) */
#if defined(__GNUC__) && !defined(__clang__)
#define FASTPATH_ENTRY __attribute__((optimize("omit-frame-pointer"), section(".text.fastpath")))
#else
#define FASTPATH_ENTRY __attribute__((section(".text.fastpath")))
#endif
/* The notification fastpaths go right before trap.S's code instead
 * (kernel.ld), so that all of them stay within a branch's reach. */
#if defined(__GNUC__) && !defined(__clang__)
#define FASTPATH_ENTRY_BEFORE __attribute__((optimize("omit-frame-pointer"), section(".text.fastpath_before")))
#else
#define FASTPATH_ENTRY_BEFORE __attribute__((section(".text.fastpath_before")))
#endif
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

FAST_INLINE uint64_t reg(const struct tcb *t, unsigned r)
{
    return t->ctx.regs[r - 1];
}

FAST_INLINE void set_reg(struct tcb *t, unsigned r, uint64_t v)
{
    t->ctx.regs[r - 1] = v;
}

/* A message the fastpath can carry: no caps, <= 4 words (all in a2..a5).
 * One compare of everything below the label: it also requires
 * caps_unwrapped == 0, which a sender never needs to set (such a message
 * just takes the general path), so that INFO_LOW(info) is the length and
 * the info word can go to the receiver as it is (caps_unwrapped and
 * extra_caps are 0 in what it receives either way). */
FAST_INLINE bool simple_message(uint64_t info)
{
    _Static_assert(CND_MSGINFO_LENGTH_SHIFT == 0 && CND_MSGINFO_LABEL_MASK == ~0xfffULL,
                   "the length is the lowest field, the label the top 52 bits");
    return INFO_LOW(info) <= MSG_REGISTERS;
}

/* The slot `cptr` names in t's CSpace, or NULL (then the general path
 * looks again and reports the fault). cspace_resolve's walk for the whole
 * word, in line and without its fault details: it stops at the first slot
 * that is not a CNode or when all 64 bits are used. */
FAST_INLINE struct cte *lookup_slot(struct tcb *t, uint64_t cptr)
{
    struct cap node = t->slots[TCB_CTABLE].cap;
    /* The thread's last one-level lookup, if it is this one (tcb.h). */
    struct tcb_fast_lookup *last = &t->fast_lookup[cptr & 1];
    if (likely(last->cptr == cptr && last->root_w0 == node.w0 && last->root_w1 == node.w1))
        return last->slot;
    unsigned n = 64;
    if (cap_type(node) != CAP_CNODE)
        return 0;
    unsigned radix = cap_cnode_radix(node), guard_size = cap_cnode_guard_size(node);
    /* (Both fields are 6 bits: at most 63, so the shifts below are defined.) */
    if (likely(radix + guard_size == 64)) {
        /* One level (the root task's shape): the guard is the bits above
         * the index. */
        if ((cptr >> radix) != (cap_cnode_guard(node) & ((1ULL << guard_size) - 1)))
            return 0;
        struct cte *slot = (struct cte *)arch_fast_kptr(cap_object(node)) + (cptr & ((1ULL << radix) - 1));
        last->root_w0 = node.w0;
        last->root_w1 = node.w1;
        last->cptr = cptr;
        last->slot = slot;
        return slot;
    }
    for (;;) {
        unsigned level = radix + guard_size;
        if (level == 0 || level > n)
            return 0;
        uint64_t bits = cptr >> (n - level);
        uint64_t guard_mask = (1ULL << guard_size) - 1;
        if (((bits >> radix) & guard_mask) != (cap_cnode_guard(node) & guard_mask))
            return 0;
        struct cte *s = (struct cte *)arch_fast_kptr(cap_object(node)) + (bits & ((1ULL << radix) - 1));
        n -= level;
        if (n == 0 || cap_type(s->cap) != CAP_CNODE)
            return s;
        node = s->cap;
        radix = cap_cnode_radix(node);
        guard_size = cap_cnode_guard_size(node);
    }
}

/* Whether t's VSpace cap names a live VSpace root (else the general exit
 * would run it on the kernel's table) that arch_fast_vm_switch can switch
 * to; its root and the value for the switch in *root, *satp.
 *
 * The thread keeps the cap words it last found live, with the vspace_epoch
 * then (tcb.h). A (root, ASID) pair that is live stays live until
 * vspace_epoch changes: ASIDPool_Assign only fills empty pool entries and
 * MakePool empty table slots, while every removal (vspace_delete_asid,
 * vspace_delete_asid_pool) bumps the epoch. So a VSpace cap equal, word for
 * word, to one found live at the current epoch is live, without the ASID
 * table walk. The record is only made with hardware ASIDs, so a match also
 * means the switch needs no flush (arch_fast_vm_switch_ok holds). */
FAST_INLINE bool live_vspace(struct tcb *t, paddr_t *root, uint64_t *satp)
{
    struct cap v = t->slots[TCB_VTABLE].cap;
    struct tcb_fast_vspace *e = &t->fast_vspace;
    *root = cap_object(v);
    /* (vspace_epoch is never 0, so a zeroed record never matches.) */
    if (likely(e->w0 == v.w0 && e->w1 == v.w1 && e->epoch == vspace_epoch)) {
        *satp = e->satp;
        return true;
    }
    /* vspace_for_asid, in line. */
    uint16_t a = cap_mapped_asid(v);
    if (cap_type(v) != CAP_PAGE_TABLE || !cap_page_table_is_mapped(v))
        return false;
    struct asid_pool *pool = asid_table[a >> CND_ASID_POOL_INDEX_BITS];
    if (a == 0 || !pool || pool->vspace_root[a & (ASID_POOL_ENTRIES - 1)] != *root)
        return false;
    *satp = arch_fast_satp(*root, a);
    if (!arch_fast_vm_switch_hw_asids())
        return arch_fast_vm_switch_ok(*root);
    *e = (struct tcb_fast_vspace){ v.w0, v.w1, vspace_epoch, *satp };
    return true;
}

/* Whether another thread may take over at once: the exit would otherwise
 * find no decision pending and no slice to account or timer to stop, and
 * nothing ready at or above its priority (so it would pick `t` and arm no
 * slice for it). */
FAST_INLINE bool can_switch_to(const struct tcb *t)
{
    return sched_idle_exit() && (sched_state.ready_top == 0 || !sched_ready_at_or_above(t->priority));
}

/* What kernel_handle_syscall does first: seL4's FaultIP is the ecall, a
 * completed call resumes after it. */
FAST_INLINE void syscall_committed(struct tcb *t)
{
    t->restart_pc = t->ctx.pc;
    t->ctx.pc += 4;
}

/* The general path for the system call, untouched (kernel_syscall_general),
 * or the invocation of the kernel object in `slot` (kernel_syscall_invoke_at),
 * as jumps (see FASTPATH_ENTRY). */
FAST_INLINE __attribute__((noreturn)) void to_general(struct tcb *t)
{
    /* Through trap.S's fastpath_general, which takes t where the trap
     * entry put it (a6): it then needs no register of its own. */
    ARCH_FAST_JUMP_A6(fastpath_general, (uintptr_t)t);
}

FAST_INLINE __attribute__((noreturn)) void to_invoke_at(struct tcb *t, bool is_call, struct cte *slot)
{
    ARCH_FAST_JUMP3(kernel_syscall_invoke_at, (uintptr_t)t, is_call, (uintptr_t)slot);
}

FAST_INLINE __attribute__((noreturn)) void return_to_current(struct tcb *t)
{
#if CONDUCTOR_DEBUG
    invariants_check();
#endif
    arch_fast_return(&t->ctx);
}

/* Leaves the kernel into `t` (checked by can_switch_to and live_vspace): the
 * general exit's work for a switch, in line. */
FAST_INLINE __attribute__((noreturn)) void switch_to(struct tcb *t, paddr_t root, uint64_t satp)
{
    current_thread = t;
    /* sched_schedule gives a thread it switches to a fresh slice if its
     * last one ran out. */
    if (t->time_slice == 0)
        t->time_slice = sched_state.slice_ticks;
    arch_fast_vm_switch(root, satp);
    /* The general exit may now skip checking t's VSpace while the epoch is
     * the one recorded. t was found live at the current epoch: if the
     * recorded one is older, the exit just checks once more. */
    thread_vspace_last = t;
    /* arch_fpu_prepare is not needed: only the FPU's owner can have the FPU
     * on in its saved context (the first exit of a new thread turns it off,
     * fpu_release turns it off for the old owner), and t has run before (it
     * waited in a system call). */
#if CONDUCTOR_DEBUG
    if (t != arch_fpu_owner && !arch_fast_fpu_is_off(&t->ctx))
        panic("fastpath: %s has the FPU on without owning it", t->name);
    invariants_check();
#endif
    arch_fast_return(&t->ctx);
}

FAST_INLINE void copy_message(const struct tcb *from, struct tcb *to, uint64_t info, uint64_t badge)
{
    /* Only the message's words (the receiver's other registers keep their
     * values, as on the general path); by compares, which cost less than a
     * loop or a jump table for at most four words. simple_message(info)
     * held: the low bits are the length alone. (The words are read from
     * the saved context, not passed in registers from the trap entry: held
     * in registers through the whole fastpath they made gcc spill.) */
    uint64_t len = INFO_LOW(info);
    if (len > 0) {
        set_reg(to, REG_A2, reg(from, REG_A2));
        if (len > 1) {
            set_reg(to, REG_A3, reg(from, REG_A3));
            if (len > 2) {
                set_reg(to, REG_A4, reg(from, REG_A4));
                if (len > 3)
                    set_reg(to, REG_A5, reg(from, REG_A5));
            }
        }
    }
    set_reg(to, REG_A1, info);
    set_reg(to, REG_A0, badge);
}

/* Takes the head of an endpoint or notification queue off it. */
FAST_INLINE void queue_pop_head(uint64_t *head_state, uint64_t *tail, struct tcb *head)
{
    struct tcb *next = head->ep_next;
    if (next) {
        next->ep_prev = 0;
        *head_state = (uint64_t)(uintptr_t)next | (*head_state & 3);
    } else {
        *head_state = 0;   /* empty: idle */
        *tail = 0;
    }
    head->ep_next = 0;
}

FASTPATH_ENTRY __attribute__((noreturn)) void fastpath_call(FASTPATH_PARAMS)
{
    if (unlikely(!simple_message(info)))
        to_general(t);
    struct cte *slot = lookup_slot(t, cptr);
    if (unlikely(!slot))
        to_general(t);
    struct cap ep_cap = slot->cap;
    unsigned rights = cap_rights(ep_cap);
    /* A Call on a kernel object: the invocation, without a second lookup. */
    if (unlikely(cap_type(ep_cap) != CAP_ENDPOINT))
        to_invoke_at(t, true, slot);
    /* The caller must be able to wait for a reply (Grant or GrantReply). */
    if (unlikely(!(rights & RIGHT_WRITE) || !(rights & (RIGHT_GRANT | RIGHT_GRANT_REPLY))))
        to_general(t);
    struct endpoint *ep = arch_fast_kptr(cap_object(ep_cap));
    if (unlikely(ep_state(ep) != EP_RECV))
        to_general(t);
    struct tcb *dest = ep_head(ep);
    paddr_t root;
    uint64_t satp;
    struct cte *master = &t->slots[TCB_REPLY];
    struct cte *caller_slot = &dest->slots[TCB_CALLER];
    /* Not tested, as they always hold (debug builds check them after every
     * kernel entry, invariants.c): the running caller has its master reply
     * cap, and the receiver's caller slot is empty. */
    struct cap m = master->cap;
    if (unlikely(!live_vspace(dest, &root, &satp) || !can_switch_to(dest)))
        to_general(t);

    syscall_committed(t);
    queue_pop_head(&ep->queue_head_state, &ep->queue_tail, dest);
    copy_message(t, dest, info, cap_badge(ep_cap));
    /* setup_caller_cap in place: the derived reply cap right after the
     * master in the CDT, not revocable, not first_badged (as
     * cdt_insert_derived makes a reply cap). The master of a thread that
     * is not blocked on reply has no child, and nothing else follows it
     * (invariants.c): the reply cap is its last. */
    caller_slot->cap = cap_reply_derived(m, dest->blocking_can_grant);
    caller_slot->prev = (uint64_t)(uintptr_t)master;
    cte_set_next(caller_slot, 0);
    cte_set_next(master, caller_slot);
    t->state = THREAD_BLOCKED_ON_REPLY;
    dest->state = THREAD_RUNNING;
    switch_to(dest, root, satp);
}

FASTPATH_ENTRY __attribute__((noreturn)) void fastpath_reply_recv(FASTPATH_PARAMS)
{
    if (unlikely(!simple_message(info)))
        to_general(t);
    struct cte *slot = lookup_slot(t, cptr);
    if (unlikely(!slot))
        to_general(t);
    struct cap ep_cap = slot->cap;
    if (unlikely(cap_type(ep_cap) != CAP_ENDPOINT || !(cap_rights(ep_cap) & RIGHT_READ)))
        to_general(t);
    struct endpoint *ep = arch_fast_kptr(cap_object(ep_cap));
    /* A waiting sender, or a pending bound signal, must be received. */
    struct notification *n = t->bound_notification;
    if (unlikely(ep_state(ep) == EP_SEND || (n && (n->queue_head_state & 3) == NTFN_ACTIVE)))
        to_general(t);
    struct cte *caller_slot = &t->slots[TCB_CALLER];
    /* The caller slot is empty (all zero) or holds a reply cap, not a
     * master, to a thread blocked on reply, linked right after that
     * thread's master reply cap with no flags (invariants.c): a link to a
     * master means a reply cap, and names the caller without decoding the
     * cap. */
    uint64_t master_link = caller_slot->prev;
    if (unlikely(master_link == 0))
        to_general(t);
    struct tcb *caller = (struct tcb *)(uintptr_t)(master_link - offsetof(struct tcb, slots[TCB_REPLY]));
    paddr_t root;
    uint64_t satp;
    if (unlikely(caller->fault.type != 0 || !live_vspace(caller, &root, &satp) || !can_switch_to(caller)))
        to_general(t);

    syscall_committed(t);
    /* The replier blocks receiving on the endpoint... */
    t->state = THREAD_BLOCKED_ON_RECEIVE;
    t->blocking_object = (uint64_t)(uintptr_t)ep;
    t->blocking_can_grant = cap_rights(ep_cap) & RIGHT_GRANT;
    ep_append_same_state(ep, t, EP_RECV);
    /* ...and its one-shot reply cap goes (cdt_remove's unlink: a reply cap
     * has no children and needs no finalisation). It is the only child of
     * the caller's master, which it follows, and nothing follows it
     * (invariants.c): the unlink comes down to the master's link. */
    cte_set_next((struct cte *)(uintptr_t)master_link, 0);
    caller_slot->cap = cap_null();
    caller_slot->prev = 0;
    caller_slot->next = 0;
    copy_message(t, caller, info, 0);
    caller->state = THREAD_RUNNING;
    switch_to(caller, root, satp);
}

FASTPATH_ENTRY void fastpath_yield(FASTPATH_PARAMS)
{
    /* Alone at its priority (sched_yield's first case) with an exit that
     * has nothing to do: only a fresh slice. */
    if (unlikely(sched_state.exit_work != 0 || sched_prio_ready(t->priority)))
        to_general(t);
    syscall_committed(t);
    t->time_slice = sched_state.slice_ticks;
    return_to_current(t);
}

/* Second names, declared without noreturn, of the functions the
 * notification fastpaths leave through when they hand over: a call to one
 * as the last act of a function that is not noreturn compiles to a jump,
 * so fastpath_send and fastpath_recv need no return address and build no
 * frame (see FASTPATH_ENTRY). None of them returns. (to_general and
 * to_invoke_at do the same by an asm jump; in these two functions they
 * were measured 2 instructions dearer per Signal/Wait round trip, gcc
 * keeping the TCB in a6 for them, so both ways stay.) */
void fast_general(struct tcb *t) __asm__("kernel_syscall_general");
void fast_invoke_at(struct tcb *t, bool is_call, struct cte *slot) __asm__("kernel_syscall_invoke_at");
/* The same for this file's out-of-line ways out, which end in noreturn
 * calls: gcc would find out that they do not return and call them instead
 * of jumping (noipa keeps it from looking). */
#if defined(__GNUC__) && !defined(__clang__)
#define FAST_WAY_OUT __attribute__((noipa))
#else
#define FAST_WAY_OUT __attribute__((noinline))
#endif

/* The rest of an exit after a system call that changed what may run: the
 * scheduler's decision (made by the caller of exit_to_current), then, for a
 * thread that resumes (not restarts) in a live VSpace, the rest of
 * kernel_return_to_user in line (the VSpace from the cache above). Anything
 * else takes kernel_return_to_user itself, whose sched_schedule then finds
 * nothing left to do. */
FAST_INLINE __attribute__((noreturn)) void exit_to_current(void)
{
    struct tcb *t = current_thread;
    paddr_t root;
    uint64_t satp;
    if (unlikely(!t || t->state != THREAD_RUNNING || !live_vspace(t, &root, &satp)))
        kernel_return_to_user();
    arch_fast_vm_switch(root, satp);
    thread_vspace_last = t;
    /* t may be a thread that never ran: the general FPU and entry work. */
    arch_fast_fpu_prepare(&t->ctx, t == arch_fpu_owner);
#if CONDUCTOR_DEBUG
    invariants_check();
#endif
    arch_fast_enter_user(&t->ctx);
}

static __attribute__((noinline, noreturn)) void exit_after_change(void)
{
    sched_schedule();
    exit_to_current();
}

/* Signal the general way (notification_signal), then exit. Not declared
 * noreturn (it does not return) so that fastpath_send jumps to it. */
static FAST_WAY_OUT void signal_general(struct tcb *t, struct notification *n, uint64_t badge)
{
    syscall_committed(t);
    notification_signal(n, badge);
    exit_after_change();
}

/* notification_signal's wake-up of the first waiter `w` with `badge`. */
FAST_INLINE void wake_first_waiter(struct notification *n, struct tcb *w, uint64_t badge)
{
    /* queue_pop_head, for the common case of a single waiter first. */
    struct tcb *next = w->ep_next;
    if (likely(!next)) {
        n->queue_head_state = NTFN_IDLE;
        n->queue_tail = 0;
    } else {
        next->ep_prev = 0;
        n->queue_head_state = (uint64_t)(uintptr_t)next | NTFN_WAITING;
        w->ep_next = 0;
    }
    w->state = THREAD_RUNNING;
    set_reg(w, REG_A0, badge);
}

/* Send on an endpoint to a receiver of higher priority that can run at
 * once: the message in registers goes over and the receiver preempts the
 * sender (endpoint_send, then sched_schedule's switch, as for a Signal).
 * Not declared noreturn (it does not return) so that fastpath_send jumps
 * to it. */
static FAST_WAY_OUT void send_wake_higher(struct tcb *t, struct endpoint *ep, uint64_t badge,
                                                       paddr_t root, uint64_t satp)
{
    struct tcb *dest = ep_head(ep);
    syscall_committed(t);
    queue_pop_head(&ep->queue_head_state, &ep->queue_tail, dest);
    copy_message(t, dest, reg(t, REG_A1), badge);
    dest->state = THREAD_RUNNING;
    sched_enqueue_unqueued(t, true);
    switch_to(dest, root, satp);
}

/* Send: a one-way message to a waiting receiver of higher priority, or a
 * Signal (a Send on a notification cap). Extra caps would be looked up,
 * and could fault, on the general path.
 *
 * A Signal relies on what every exit leaves (sched_check_exit_state): at
 * system-call entry no decision is pending and the signaller's slice is
 * timed exactly while others of its priority are ready, so the general
 * exit after a Signal does only what the Signal itself changes: nothing
 * when it accumulates or queues a waiter of lower priority, timing the
 * slice when it queues one of equal priority, the switch (with the
 * signaller at the head of its queue) when it wakes a higher one. */
FASTPATH_ENTRY_BEFORE void fastpath_send(FASTPATH_PARAMS)
{
    if (unlikely((info & CND_MSGINFO_EXTRA_CAPS_MASK))) {
        fast_general(t);
        return;
    }
    struct cte *slot = lookup_slot(t, cptr);
    if (unlikely(!slot)) {
        fast_general(t);
        return;
    }
    struct cap c = slot->cap;
    /* The notification first: its test costs the one-way Send two. */
    if (cap_type(c) != CAP_NOTIFICATION) {
        if (cap_type(c) != CAP_ENDPOINT) {
            fast_invoke_at(t, false, slot);
            return;
        }
        struct endpoint *ep = arch_fast_kptr(cap_object(c));
        struct tcb *dest = ep_head(ep);
        paddr_t root;
        uint64_t satp;
        if ((cap_rights(c) & RIGHT_WRITE) && simple_message(info) && ep_state(ep) == EP_RECV &&
            dest->priority > t->priority && can_switch_to(dest) && live_vspace(dest, &root, &satp))
        {
            send_wake_higher(t, ep, cap_badge(c), root, satp);
            return;
        }
        fast_invoke_at(t, false, slot);
        return;
    }
    if (unlikely(!(cap_rights(c) & RIGHT_WRITE))) {
        fast_general(t);
        return;
    }
    struct notification *n = arch_fast_kptr(cap_object(c));
    uint64_t badge = cap_badge(c);
    uint64_t head_state = n->queue_head_state;
    unsigned state = head_state & 3;

    if (state == NTFN_WAITING) {
        struct tcb *w = (struct tcb *)(uintptr_t)(head_state & ~3ULL);
        if (w->priority > t->priority) {
            /* w preempts: it must be the highest ready, in a live VSpace,
             * and t's slice must not be timed (else the exit charges it). */
            paddr_t root;
            uint64_t satp;
            if (unlikely(!can_switch_to(w) || !live_vspace(w, &root, &satp))) {
                signal_general(t, n, badge);
                return;
            }
            syscall_committed(t);
            wake_first_waiter(n, w, badge);
            /* The running signaller is on no queue: to the head of its own
             * (sched_possible_switch_to and sched_schedule's switch). */
            sched_enqueue_unqueued(t, true);
            switch_to(w, root, satp);
        }
        /* The signaller's slice is timed from now if w is its first
         * peer (with Sstc: the deadline without a call). */
        bool time_slice = w->priority == t->priority && !sched_state.slice_armed;
        if (unlikely(time_slice && !timer_sstc)) {
            signal_general(t, n, badge);
            return;
        }
        syscall_committed(t);
        wake_first_waiter(n, w, badge);
        /* w was blocked: on no ready queue. */
        sched_enqueue_unqueued(w, false);
        if (time_slice)
            sched_time_slice_now(t, true);
        return_to_current(t);
        return;
    }
    if (state == NTFN_ACTIVE) {
        syscall_committed(t);
        n->word |= badge;
        return_to_current(t);
        return;
    }
    struct tcb *bound = (struct tcb *)(uintptr_t)n->bound_tcb;
    if (likely(!bound || bound->state != THREAD_BLOCKED_ON_RECEIVE)) {
        syscall_committed(t);
        n->word = badge;
        n->queue_head_state = NTFN_ACTIVE;
        return_to_current(t);
        return;
    }
    /* A bound thread waiting on an endpoint: the general signal and exit,
     * without the invocation around them. */
    signal_general(t, n, badge);
}

/* Wait: a Recv on a notification cap with Read, not bound to another
 * thread. An active notification returns at once (the exit has nothing to
 * do: sched_check_exit_state). Otherwise t blocks, and the head of the
 * highest ready queue runs if it resumes (not restarts) in a live VSpace:
 * notification_receive's blocking half, sched_reschedule, sched_schedule
 * and kernel_return_to_user for that case, all in line. */
FASTPATH_ENTRY_BEFORE void fastpath_recv(FASTPATH_PARAMS)
{
    struct cte *slot = lookup_slot(t, cptr);
    if (unlikely(!slot)) {
        fast_general(t);
        return;
    }
    struct cap c = slot->cap;
    if (unlikely(cap_type(c) != CAP_NOTIFICATION || !(cap_rights(c) & RIGHT_READ))) {
        fast_general(t);
        return;
    }
    struct notification *n = arch_fast_kptr(cap_object(c));
    uint64_t bound = n->bound_tcb;
    if (unlikely(bound && bound != (uint64_t)(uintptr_t)t)) {
        fast_general(t);
        return;
    }
    if ((n->queue_head_state & 3) == NTFN_ACTIVE) {
        syscall_committed(t);
        set_reg(t, REG_A0, n->word);
        n->word = 0;
        n->queue_head_state = NTFN_IDLE;
        return_to_current(t);
        return;
    }
    /* Who runs next, checked before anything changes (t is current, so on
     * no ready queue: its blocking does not change the choice). Nothing
     * ready (idle), a thread to restart or a timer without Sstc (an SBI
     * call): the general path. */
    struct sched_top top = sched_find_top();
    if (unlikely(top.prio < 0 || !timer_sstc)) {
        fast_general(t);
        return;
    }
    struct sched_queue *q = &sched_ready[top.prio];
    struct tcb *next = q->head;
    paddr_t root;
    uint64_t satp;
    if (unlikely(next->state != THREAD_RUNNING || !live_vspace(next, &root, &satp))) {
        fast_general(t);
        return;
    }
    syscall_committed(t);
    t->state = THREAD_BLOCKED_ON_NOTIFICATION;
    t->blocking_object = (uint64_t)(uintptr_t)n;
    /* To the tail of n's queue (a queue with a tail is already waiting;
     * notification queues have the endpoint queue layout, ep_queue.h). */
    ep_append_same_state((struct endpoint *)(void *)n, t, NTFN_WAITING);
    sched_switch_after_block(t, next, q, &top);
    arch_fast_vm_switch(root, satp);
    thread_vspace_last = next;
    /* Neither arch_fpu_prepare nor arch_enter_user's set-up is needed, even
     * if next never ran: every context starts with the FPU off and the
     * kernel's stack and gp (arch_context_init), and only the FPU's owner
     * turns it on. */
#if CONDUCTOR_DEBUG
    if (next != arch_fpu_owner && !arch_fast_fpu_is_off(&next->ctx))
        panic("fastpath: %s has the FPU on without owning it", next->name);
    if (!arch_fast_kernel_entry_set(&next->ctx))
        panic("fastpath: %s has no kernel stack in its context", next->name);
    invariants_check();
#endif
    arch_fast_return(&next->ctx);
}
