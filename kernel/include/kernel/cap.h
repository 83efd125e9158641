/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capabilities: two words, a 5-bit type tag (seL4's kernel cap tags, which
 * DebugCapIdentify reports) and type-specific fields. With the two words of
 * derivation-tree links a slot is 32 bytes, seL4's slot size.
 *
 * Word 0: [63:59] type, [58:0] per type. Word 1: per type.
 * Every object reference is a physical address stored as bits [47:4] (objects
 * are at least 16-byte aligned): one form for kernel objects, frames and
 * device memory alike, so derivation-tree region checks compare like with
 * like. The kernel reaches an object through paddr_to_kptr(). (Host unit
 * tests map physical to host addresses one to one; bit 47 sign-extends.)
 */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/cap_tags.h>

struct cap {
    uint64_t w0;
    uint64_t w1;
};

enum cap_type {
    CAP_NULL = CND_CAP_TAG_NULL,
    CAP_FRAME = CND_CAP_TAG_FRAME,
    CAP_UNTYPED = CND_CAP_TAG_UNTYPED,
    CAP_PAGE_TABLE = CND_CAP_TAG_PAGE_TABLE,
    CAP_ENDPOINT = CND_CAP_TAG_ENDPOINT,
    CAP_NOTIFICATION = CND_CAP_TAG_NOTIFICATION,
    CAP_REPLY = CND_CAP_TAG_REPLY,
    CAP_CNODE = CND_CAP_TAG_CNODE,
    CAP_ASID_CONTROL = CND_CAP_TAG_ASID_CONTROL,
    CAP_THREAD = CND_CAP_TAG_THREAD,
    CAP_ASID_POOL = CND_CAP_TAG_ASID_POOL,
    CAP_IRQ_CONTROL = CND_CAP_TAG_IRQ_CONTROL,
    CAP_IRQ_HANDLER = CND_CAP_TAG_IRQ_HANDLER,
    CAP_ZOMBIE = CND_CAP_TAG_ZOMBIE,
    CAP_DOMAIN = CND_CAP_TAG_DOMAIN,
    CAP_SYSTEM_CONTROL = CND_CAP_TAG_SYSTEM_CONTROL,
};

/* Rights bits, as in seL4's cap rights word. */
#define RIGHT_WRITE (1u << 0)
#define RIGHT_READ (1u << 1)
#define RIGHT_GRANT (1u << 2)
#define RIGHT_GRANT_REPLY (1u << 3)
#define RIGHTS_ALL 0xfu

/* Frame mapping rights (seL4's VM rights). */
enum vm_rights {
    VM_KERNEL_ONLY = 1,
    VM_READ_ONLY = 2,
    VM_READ_WRITE = 3,
};

/* Frame sizes. */
enum frame_size {
    FRAME_4K = 0,
    FRAME_2M = 1,
    FRAME_1G = 2,
};

/* ---- field helpers ---------------------------------------------------- */

#define CAP_TYPE_SHIFT 59
#define CAP_PTR_BITS 44

static inline uint64_t bits(uint64_t w, unsigned lo, unsigned n)
{
    return (w >> lo) & ((n == 64) ? ~0ULL : ((1ULL << n) - 1));
}

static inline uint64_t put_bits(uint64_t w, unsigned lo, unsigned n, uint64_t v)
{
    uint64_t mask = ((n == 64) ? ~0ULL : ((1ULL << n) - 1)) << lo;
    /* Masking v before the shift keeps every shifted bit inside the field,
     * which is also what clang's analyzer needs to see no overflow. */
    return (w & ~mask) | ((v & (mask >> lo)) << lo);
}

static inline uint64_t cap_ptr_encode(uint64_t p)
{
    return (p >> 4) & ((1ULL << CAP_PTR_BITS) - 1);
}

static inline uint64_t cap_ptr_decode(uint64_t field)
{
    /* Sign-extend bit 47 of the reconstructed address. */
    return (uint64_t)(((int64_t)(field << 20)) >> 16);
}

static inline enum cap_type cap_type(struct cap c)
{
    return (enum cap_type)(c.w0 >> CAP_TYPE_SHIFT);
}

static inline struct cap cap_make(enum cap_type t, uint64_t w0_rest, uint64_t w1)
{
    return (struct cap){ .w0 = ((uint64_t)t << CAP_TYPE_SHIFT) | (w0_rest & ((1ULL << CAP_TYPE_SHIFT) - 1)),
                         .w1 = w1 };
}

static inline struct cap cap_null(void)
{
    return (struct cap){ 0, 0 };
}

static inline bool cap_is_null(struct cap c)
{
    return cap_type(c) == CAP_NULL;
}

/* The object pointer (bits [43:0] of word 0) shared by most types. */
static inline uint64_t cap_object(struct cap c)
{
    return cap_ptr_decode(bits(c.w0, 0, CAP_PTR_BITS));
}

/* ---- untyped: w0 [43:0] paddr, [49:44] size_bits, [50] device;
 *      w1 free index in bytes (watermark) ------------------------------- */

static inline struct cap cap_untyped(uint64_t paddr, unsigned size_bits, bool device,
                                     uint64_t free_index)
{
    uint64_t w0 = cap_ptr_encode(paddr);
    w0 = put_bits(w0, 44, 6, size_bits);
    w0 = put_bits(w0, 50, 1, device);
    return cap_make(CAP_UNTYPED, w0, free_index);
}
static inline unsigned cap_untyped_size_bits(struct cap c) { return (unsigned)bits(c.w0, 44, 6); }
static inline bool cap_untyped_is_device(struct cap c) { return bits(c.w0, 50, 1); }
static inline uint64_t cap_untyped_free_index(struct cap c) { return c.w1; }
static inline struct cap cap_untyped_set_free_index(struct cap c, uint64_t f)
{
    c.w1 = f;
    return c;
}

/* ---- endpoint / notification: w0 [43:0] object, [47:44] rights;
 *      w1 badge -------------------------------------------------------- */

static inline struct cap cap_endpoint(uint64_t ep, uint64_t badge, unsigned rights)
{
    return cap_make(CAP_ENDPOINT, put_bits(cap_ptr_encode(ep), 44, 4, rights), badge);
}
static inline struct cap cap_notification(uint64_t ntfn, uint64_t badge, unsigned rights)
{
    return cap_make(CAP_NOTIFICATION, put_bits(cap_ptr_encode(ntfn), 44, 4, rights), badge);
}
static inline unsigned cap_rights(struct cap c) { return (unsigned)bits(c.w0, 44, 4); }
static inline struct cap cap_set_rights(struct cap c, unsigned r)
{
    c.w0 = put_bits(c.w0, 44, 4, r);
    return c;
}
static inline uint64_t cap_badge(struct cap c) { return c.w1; }
static inline struct cap cap_set_badge(struct cap c, uint64_t badge)
{
    c.w1 = badge;
    return c;
}

/* ---- reply: w0 [43:0] tcb, [44] master, [45] can grant --------------- */

static inline struct cap cap_reply(uint64_t tcb, bool master, bool can_grant)
{
    uint64_t w0 = put_bits(cap_ptr_encode(tcb), 44, 1, master);
    return cap_make(CAP_REPLY, put_bits(w0, 45, 1, can_grant), 0);
}
/* The reply cap a Call derives from the caller's master reply cap: the same
 * thread, not master, with the receiver's grant. */
static inline struct cap cap_reply_derived(struct cap master, bool can_grant)
{
    uint64_t w0 = put_bits(master.w0, 44, 1, 0);
    return (struct cap){ .w0 = put_bits(w0, 45, 1, can_grant), .w1 = 0 };
}
static inline bool cap_reply_is_master(struct cap c) { return bits(c.w0, 44, 1); }
static inline bool cap_reply_can_grant(struct cap c) { return bits(c.w0, 45, 1); }

/* ---- cnode: w0 [43:0] object, [49:44] radix, [55:50] guard size;
 *      w1 guard ---------------------------------------------------------- */

static inline struct cap cap_cnode(uint64_t cnode, unsigned radix, unsigned guard_size,
                                   uint64_t guard)
{
    uint64_t w0 = put_bits(cap_ptr_encode(cnode), 44, 6, radix);
    return cap_make(CAP_CNODE, put_bits(w0, 50, 6, guard_size), guard);
}
static inline unsigned cap_cnode_radix(struct cap c) { return (unsigned)bits(c.w0, 44, 6); }
static inline unsigned cap_cnode_guard_size(struct cap c) { return (unsigned)bits(c.w0, 50, 6); }
static inline uint64_t cap_cnode_guard(struct cap c) { return c.w1; }

/* ---- thread: w0 [43:0] tcb ------------------------------------------- */

static inline struct cap cap_thread(uint64_t tcb)
{
    return cap_make(CAP_THREAD, cap_ptr_encode(tcb), 0);
}

/* ---- zombie (a CNode or TCB being destroyed, possibly over several
 *      preemptible steps): w0 [43:0] object, [49:44] radix (CNode) or 0x3f
 *      for a TCB; w1 number of slots still to clear ---------------------- */

#define ZOMBIE_TCB 0x3f
static inline struct cap cap_zombie(uint64_t obj, unsigned radix_or_tcb, uint64_t remaining)
{
    return cap_make(CAP_ZOMBIE, put_bits(cap_ptr_encode(obj), 44, 6, radix_or_tcb), remaining);
}
static inline unsigned cap_zombie_kind(struct cap c) { return (unsigned)bits(c.w0, 44, 6); }
static inline uint64_t cap_zombie_remaining(struct cap c) { return c.w1; }

/* ---- irq handler: w1 irq number --------------------------------------- */

static inline struct cap cap_irq_handler(uint64_t irq)
{
    return cap_make(CAP_IRQ_HANDLER, 0, irq);
}
static inline uint64_t cap_irq(struct cap c) { return c.w1; }

/* ---- frame: w0 [43:0] paddr, [45:44] size, [47:46] vm rights, [48] device,
 *      [49] mapped; w1 [15:0] mapped ASID, [63:16] mapped vaddr >> 12 ---- */

static inline struct cap cap_frame(uint64_t paddr, enum frame_size size, enum vm_rights rights,
                                   bool device)
{
    uint64_t w0 = put_bits(cap_ptr_encode(paddr), 44, 2, size);
    w0 = put_bits(w0, 46, 2, rights);
    return cap_make(CAP_FRAME, put_bits(w0, 48, 1, device), 0);
}
static inline enum frame_size cap_frame_size(struct cap c) { return (enum frame_size)bits(c.w0, 44, 2); }
static inline enum vm_rights cap_frame_rights(struct cap c) { return (enum vm_rights)bits(c.w0, 46, 2); }
static inline bool cap_frame_is_device(struct cap c) { return bits(c.w0, 48, 1); }
static inline bool cap_frame_is_mapped(struct cap c) { return bits(c.w0, 49, 1); }
static inline uint16_t cap_mapped_asid(struct cap c) { return (uint16_t)bits(c.w1, 0, 16); }
static inline uint64_t cap_mapped_vaddr(struct cap c) { return bits(c.w1, 16, 48) << 12; }
static inline struct cap cap_frame_set_rights(struct cap c, enum vm_rights r)
{
    c.w0 = put_bits(c.w0, 46, 2, r);
    return c;
}
static inline struct cap cap_set_mapping(struct cap c, bool mapped, uint16_t asid, uint64_t va)
{
    c.w0 = put_bits(c.w0, 49, 1, mapped);
    c.w1 = mapped ? ((uint64_t)asid | ((va >> 12) << 16)) : 0;
    return c;
}

/* ---- page table: w0 [43:0] paddr, [49] mapped; w1 as for frames ------- */

static inline struct cap cap_page_table(uint64_t paddr)
{
    return cap_make(CAP_PAGE_TABLE, cap_ptr_encode(paddr), 0);
}
static inline bool cap_page_table_is_mapped(struct cap c) { return bits(c.w0, 49, 1); }

/* ---- asid pool: w0 [43:0] pool, [50:44] pool index (ASID >> 9) -------- */

static inline struct cap cap_asid_pool(uint64_t pool, unsigned base_index)
{
    return cap_make(CAP_ASID_POOL, put_bits(cap_ptr_encode(pool), 44, 7, base_index), 0);
}
static inline unsigned cap_asid_pool_index(struct cap c) { return (unsigned)bits(c.w0, 44, 7); }

/* ---- caps without fields ---------------------------------------------- */

static inline struct cap cap_simple(enum cap_type t)
{
    return cap_make(t, 0, 0);
}

/* Size in bytes of the object a cap names (for region comparisons). */
uint64_t cap_object_size_bits(struct cap c);

#endif
