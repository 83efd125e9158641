/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DebugSnapshot (debug builds): prints the system as the calling thread's
 * CSpace reaches it, in capDL's textual form -- every object named by a cap
 * (objects section) and every CNode's and TCB's caps (caps section). Walks
 * CNodes breadth first with a bounded table of the ones seen, so cycles and
 * huge spaces cannot hang the kernel (what does not fit is reported).
 */
#include <abi/constants.h>
#include <kernel/cspace.h>
#include <kernel/printf.h>
#include <kernel/snapshot.h>

#define MAX_CNODES 256
#define MAX_OBJECTS 2048

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

static void note_object(struct cap c)
{
    if (!prefix(cap_type(c)))
        return;
    for (unsigned i = 0; i < n_objects; i++)
        if (objects[i].paddr == cap_object(c) && objects[i].type == cap_type(c))
            return;
    if (n_objects == MAX_OBJECTS) {
        truncated = true;
        return;
    }
    objects[n_objects].paddr = cap_object(c);
    objects[n_objects].type = (uint8_t)cap_type(c);
    objects[n_objects].size_bits = (uint8_t)cap_object_size_bits(c);
    n_objects++;
    if (cap_type(c) == CAP_CNODE) {
        if (n_cnodes == MAX_CNODES)
            truncated = true;
        else
            cnodes[n_cnodes++] = c;
    }
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
    case CAP_THREAD: kprintf("tcb\n"); break;
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

void debug_snapshot(struct tcb *t)
{
    n_cnodes = n_objects = 0;
    truncated = false;
    struct cap root = t->slots[TCB_CTABLE].cap;
    if (cap_type(root) != CAP_CNODE) {
        kprintf("snapshot: %s has no CSpace\n", t->name);
        return;
    }
    note_object(root);
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
    kprintf("  tcb_%lx {\n    cspace: ", (unsigned long)kptr_to_paddr(t));
    print_cap(t->slots[TCB_CTABLE].cap);
    kprintf("\n    vspace: ");
    print_cap(t->slots[TCB_VTABLE].cap);
    kprintf("\n    ipc_buffer_slot: ");
    print_cap(t->slots[TCB_BUFFER].cap);
    kprintf("\n  }\n}\n");
    if (truncated)
        kprintf("-- snapshot truncated: more than %d CNodes or %d objects\n", MAX_CNODES, MAX_OBJECTS);
}
