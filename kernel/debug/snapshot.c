/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DebugSnapshot (debug builds): prints the system as the calling thread's
 * CSpace reaches it, in capDL's textual form -- every object named by a cap
 * (objects section) and every CNode's caps (caps section). Every TCB reached
 * (the caller's own included) also shows its registers and scheduling
 * parameters (ip, sp, prio, max_prio, fault_ep) and its slots (cspace,
 * vspace, IPC buffer, bound notification); every VSpace reached through a
 * TCB shows its page tables' user entries (tables and frames, with the
 * rights of the mapping), and every IRQ handler reached the notification
 * cap its interrupt signals, as the compiler prints a spec. Walks CNodes
 * breadth first with bounded tables of what was seen, so cycles and huge
 * spaces cannot hang the kernel (what does not fit is reported).
 */
#include <abi/constants.h>
#include <arch/pte.h>
#include <kernel/cspace.h>
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <kernel/snapshot.h>

#define MAX_CNODES 256
#define MAX_OBJECTS 2048
#define MAX_TCBS 128
#define MAX_TABLES 512
#define MAX_IRQS 64
/* Sv39: root entries from 256 up map the kernel, the same in every VSpace. */
#define USER_ROOT_ENTRIES 256

static struct tcb *tcbs[MAX_TCBS];
static unsigned n_tcbs;
static struct { uint64_t paddr; unsigned level; } tables[MAX_TABLES];
static unsigned n_tables;
static uint64_t irqs[MAX_IRQS];     /* IRQ handlers reached: the notification each signals */
static unsigned n_irqs;

static struct cap cnodes[MAX_CNODES];
static unsigned n_cnodes;
static struct { uint64_t paddr; uint8_t type, size_bits; } objects[MAX_OBJECTS];
static unsigned n_objects;
static bool truncated;

static const char *prefix(enum cap_type t)
{
    switch (t) {
    case CAP_UNTYPED: return "ut";
    case CAP_ENDPOINT: return "ep";
    case CAP_NOTIFICATION: return "notification";
    case CAP_CNODE: return "cnode";
    case CAP_THREAD: return "tcb";
    case CAP_FRAME: return "frame";
    case CAP_PAGE_TABLE: return "pt";
    case CAP_ASID_POOL: return "asid_pool";
    default: return 0;
    }
}

/* Whether the object is new (and now in the table). */
static bool add_object(uint64_t paddr, enum cap_type type, unsigned size_bits)
{
    for (unsigned i = 0; i < n_objects; i++)
        if (objects[i].paddr == paddr && objects[i].type == type)
            return false;
    if (n_objects == MAX_OBJECTS) {
        truncated = true;
        return false;
    }
    objects[n_objects].paddr = paddr;
    objects[n_objects].type = (uint8_t)type;
    objects[n_objects].size_bits = (uint8_t)size_bits;
    n_objects++;
    return true;
}

static void note_tcb(struct tcb *t);

/* A page table at `level` (2 = VSpace root) and what its user entries map. */
static void note_table(uint64_t paddr, unsigned level)
{
    for (unsigned i = 0; i < n_tables; i++)
        if (tables[i].paddr == paddr)
            return;
    if (n_tables == MAX_TABLES) {
        truncated = true;
        return;
    }
    tables[n_tables].paddr = paddr;
    tables[n_tables++].level = level;
    add_object(paddr, CAP_PAGE_TABLE, 12);
    const uint64_t *pte = paddr_to_kptr(paddr);
    for (unsigned i = 0; i < (level == 2 ? USER_ROOT_ENTRIES : 512u); i++) {
        if (!(pte[i] & PTE_V))
            continue;
        uint64_t to = (pte[i] & PTE_PPN_MASK) >> PTE_PPN_SHIFT << 12;
        if (!(pte[i] & (PTE_R | PTE_W | PTE_X)) && level > 0)
            note_table(to, level - 1);
        else
            add_object(to, CAP_FRAME, 12 + 9 * level);
    }
}

static void note_irq(uint64_t irq)
{
    for (unsigned i = 0; i < n_irqs; i++)
        if (irqs[i] == irq)
            return;
    if (n_irqs == MAX_IRQS) {
        truncated = true;
        return;
    }
    irqs[n_irqs++] = irq;
    struct cap n = irq_notification(irq);
    if (cap_type(n) == CAP_NOTIFICATION)
        add_object(cap_object(n), CAP_NOTIFICATION, 0);
}

static void note_object(struct cap c)
{
    if (cap_type(c) == CAP_IRQ_HANDLER)
        note_irq(cap_irq(c));
    if (!prefix(cap_type(c)))
        return;
    if (cap_type(c) == CAP_THREAD) {
        note_tcb(paddr_to_kptr(cap_object(c)));
        return;
    }
    if (!add_object(cap_object(c), cap_type(c), cap_object_size_bits(c)))
        return;
    if (cap_type(c) == CAP_CNODE) {
        if (n_cnodes == MAX_CNODES)
            truncated = true;
        else
            cnodes[n_cnodes++] = c;
    }
}

static void note_tcb(struct tcb *t)
{
    if (!add_object(kptr_to_paddr(t), CAP_THREAD, CND_TCB_BITS))
        return;
    if (n_tcbs == MAX_TCBS) {
        truncated = true;
        return;
    }
    tcbs[n_tcbs++] = t;
    note_object(t->slots[TCB_CTABLE].cap);
    note_object(t->slots[TCB_BUFFER].cap);
    if (t->bound_notification)
        add_object(kptr_to_paddr(t->bound_notification), CAP_NOTIFICATION, 0);
    struct cap vs = t->slots[TCB_VTABLE].cap;
    if (cap_type(vs) == CAP_PAGE_TABLE)
        note_table(cap_object(vs), 2);
}

static void print_object(enum cap_type t, uint64_t paddr, unsigned size_bits)
{
    kprintf("  %s_%lx = ", prefix(t), (unsigned long)paddr);
    for (unsigned i = 0; i < n_cnodes; i++) {
        if (t == CAP_CNODE && cap_object(cnodes[i]) == paddr) {
            kprintf("cnode (%u bits)\n", cap_cnode_radix(cnodes[i]));
            return;
        }
    }
    switch (t) {
    case CAP_UNTYPED: kprintf("ut (%u bits, paddr: 0x%lx)\n", size_bits, (unsigned long)paddr); break;
    case CAP_ENDPOINT: kprintf("ep\n"); break;
    case CAP_NOTIFICATION: kprintf("notification\n"); break;
    case CAP_THREAD: {
        const struct tcb *t = paddr_to_kptr(paddr);
        kprintf("tcb (ip: 0x%lx, sp: 0x%lx, prio: %u, max_prio: %u, fault_ep: %lu)\n",
                (unsigned long)t->ctx.pc, (unsigned long)ctx_get(&t->ctx, REG_SP),
                t->priority, t->mcp, (unsigned long)t->fault_ep);
        break;
    }
    case CAP_PAGE_TABLE: kprintf("pt\n"); break;
    case CAP_ASID_POOL: kprintf("asid_pool\n"); break;
    default:
        kprintf("frame (%s, paddr: 0x%lx)\n",
                size_bits == CND_HUGE_PAGE_BITS ? "1G" : size_bits == CND_LARGE_PAGE_BITS ? "2M" : "4k",
                (unsigned long)paddr);
        break;
    }
}

static void print_rights(unsigned r)
{
    kprintf("%s%s%s%s", r & RIGHT_READ ? "R" : "", r & RIGHT_WRITE ? "W" : "",
            r & RIGHT_GRANT ? "G" : "", r & RIGHT_GRANT_REPLY ? "P" : "");
}

/* One cap as capDL writes it: the object name and its attributes. */
static void print_cap(struct cap c)
{
    enum cap_type t = cap_type(c);
    if (prefix(t))
        kprintf("%s_%lx", prefix(t), (unsigned long)cap_object(c));
    switch (t) {
    case CAP_UNTYPED:
        kprintf(" (%u bits%s)", cap_untyped_size_bits(c), cap_untyped_is_device(c) ? ", device" : "");
        break;
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
        kprintf(" (");
        print_rights(cap_rights(c));
        if (cap_badge(c))
            kprintf(", badge: 0x%lx", (unsigned long)cap_badge(c));
        kprintf(")");
        break;
    case CAP_CNODE:
        kprintf(" (guard: 0x%lx, guard_size: %u)", (unsigned long)cap_cnode_guard(c),
                cap_cnode_guard_size(c));
        break;
    case CAP_FRAME:
        kprintf(" (%s%s)", cap_frame_rights(c) == VM_READ_WRITE ? "RW"
                           : cap_frame_rights(c) == VM_READ_ONLY ? "R" : "",
                cap_frame_is_mapped(c) ? ", mapped" : "");
        break;
    case CAP_IRQ_HANDLER: kprintf("irq_%lu", (unsigned long)cap_irq(c)); break;
    case CAP_IRQ_CONTROL: kprintf("irq_control"); break;
    case CAP_ASID_CONTROL: kprintf("asid_control"); break;
    case CAP_DOMAIN: kprintf("domain"); break;
    case CAP_SYSTEM_CONTROL: kprintf("system_control"); break;
    case CAP_REPLY: kprintf("reply"); break;
    case CAP_ZOMBIE: kprintf("zombie"); break;
    default: break;
    }
}

static void print_tcb(const struct tcb *t)
{
    kprintf("  tcb_%lx {\n    cspace: ", (unsigned long)kptr_to_paddr(t));
    print_cap(t->slots[TCB_CTABLE].cap);
    kprintf("\n    vspace: ");
    print_cap(t->slots[TCB_VTABLE].cap);
    if (!cap_is_null(t->slots[TCB_BUFFER].cap)) {
        kprintf("\n    ipc_buffer_slot: ");
        print_cap(t->slots[TCB_BUFFER].cap);
    }
    if (t->bound_notification)
        kprintf("\n    bound_notification: notification_%lx",
                (unsigned long)kptr_to_paddr(t->bound_notification));
    kprintf("\n  }\n");
}

/* A page table's valid user entries: tables below it, or frames with the
 * rights of the mapping (R, W, X as the PTE has them). */
static void print_table(uint64_t paddr, unsigned level)
{
    const uint64_t *pte = paddr_to_kptr(paddr);
    kprintf("  pt_%lx {\n", (unsigned long)paddr);
    for (unsigned i = 0; i < (level == 2 ? USER_ROOT_ENTRIES : 512u); i++) {
        if (!(pte[i] & PTE_V))
            continue;
        uint64_t to = (pte[i] & PTE_PPN_MASK) >> PTE_PPN_SHIFT << 12;
        if (!(pte[i] & (PTE_R | PTE_W | PTE_X)) && level > 0)
            kprintf("    %u: pt_%lx\n", i, (unsigned long)to);
        else
            kprintf("    %u: frame_%lx (%s%s%s)\n", i, (unsigned long)to, pte[i] & PTE_R ? "R" : "",
                    pte[i] & PTE_W ? "W" : "", pte[i] & PTE_X ? "X" : "");
    }
    kprintf("  }\n");
}

void debug_snapshot(struct tcb *t)
{
    n_cnodes = n_objects = n_tcbs = n_tables = n_irqs = 0;
    truncated = false;
    struct cap root = t->slots[TCB_CTABLE].cap;
    if (cap_type(root) != CAP_CNODE) {
        kprintf("snapshot: %s has no CSpace\n", t->name);
        return;
    }
    note_tcb(t);
    /* Breadth first: the table of CNodes grows while it is walked. */
    for (unsigned i = 0; i < n_cnodes; i++) {
        struct cte *slots = cnode_slot(cnodes[i], 0);
        for (uint64_t s = 0; s < (1ULL << cap_cnode_radix(cnodes[i])); s++)
            note_object(slots[s].cap);
    }
    kprintf("arch riscv\n\nobjects {\n");
    for (unsigned i = 0; i < n_objects; i++)
        print_object((enum cap_type)objects[i].type, objects[i].paddr, objects[i].size_bits);
    kprintf("}\n\ncaps {\n");
    for (unsigned i = 0; i < n_cnodes; i++) {
        kprintf("  cnode_%lx {\n", (unsigned long)cap_object(cnodes[i]));
        struct cte *slots = cnode_slot(cnodes[i], 0);
        for (uint64_t s = 0; s < (1ULL << cap_cnode_radix(cnodes[i])); s++) {
            if (cap_is_null(slots[s].cap))
                continue;
            kprintf("    0x%lx: ", (unsigned long)s);
            print_cap(slots[s].cap);
            kprintf("\n");
        }
        kprintf("  }\n");
    }
    for (unsigned i = 0; i < n_tcbs; i++)
        print_tcb(tcbs[i]);
    for (unsigned i = 0; i < n_tables; i++)
        print_table(tables[i].paddr, tables[i].level);
    for (unsigned i = 0; i < n_irqs; i++) {
        kprintf("  irq_%lu {\n", (unsigned long)irqs[i]);
        struct cap n = irq_notification(irqs[i]);
        if (!cap_is_null(n)) {
            kprintf("    0: ");
            print_cap(n);
            kprintf("\n");
        }
        kprintf("  }\n");
    }
    kprintf("}\n");
    if (truncated)
        kprintf("-- snapshot truncated: more than %d CNodes, %d TCBs, %d page tables, %d IRQs "
                "or %d objects\n", MAX_CNODES, MAX_TCBS, MAX_TABLES, MAX_IRQS, MAX_OBJECTS);
}
