/* SPDX-License-Identifier: BSD-2-Clause */
/* The root task's initial CSpace and boot info (see boot_cspace.h). */
#include <abi/boot_info.h>
#include <arch/vm_layout.h>
#include <kernel/boot.h>
#include <kernel/boot_cspace.h>
#include <kernel/printf.h>
#include <kernel/string.h>

/* Physical addresses below this are candidates for device untypeds
 * (seL4's CONFIG_PADDR_USER_DEVICE_TOP). */
#define DEVICE_UNTYPED_TOP (1ULL << 39)

static struct cte *slot(struct root_layout *l, uint64_t index)
{
    if (index >> l->cnode_bits)
        boot_fail("root CNode (2^%u slots) is too small for the initial caps; raise the "
                  "root CNode size image option", l->cnode_bits);
    return &l->cnode[index];
}

static struct cnd_boot_info *boot_info(struct root_layout *l)
{
    return paddr_to_kptr(l->boot_info);
}

void boot_cspace_create(struct root_layout *l)
{
    l->cnode_bits = l->options.root_cnode_bits;
    uint64_t cnode_size = 1ULL << (l->cnode_bits + CND_SLOT_BITS);
    l->cnode = paddr_to_kptr(boot_alloc(cnode_size, cnode_size, "root CNode"));
    l->tcb = paddr_to_kptr(boot_alloc(1UL << CND_TCB_BITS, 1UL << CND_TCB_BITS, "root TCB"));
    l->asid_pool = paddr_to_kptr(boot_alloc(1UL << CND_ASID_POOL_BITS, 1UL << CND_ASID_POOL_BITS,
                                            "root ASID pool"));

    /* Slot plan, in seL4's order. The page tables cover the whole region,
     * one per GiB (level 1) and one per 2 MiB (level 0) it touches. */
    l->first_giga = l->image_start >> GIGA_PAGE_BITS;
    l->first_mega = l->image_start >> MEGA_PAGE_BITS;
    l->n_giga_tables = ((l->region_end - 1) >> GIGA_PAGE_BITS) - l->first_giga + 1;
    l->n_mega_tables = ((l->region_end - 1) >> MEGA_PAGE_BITS) - l->first_mega + 1;
    l->paging_start = CND_CAP_SYSTEM_CONTROL + 1;
    l->extra_start = l->paging_start + l->n_giga_tables + l->n_mega_tables;
    l->frames_start = l->extra_start + l->extra_pages;
    l->untyped_start =
        l->frames_start + ((l->image_end - l->image_start) >> PAGE_BITS);
    (void)slot(l, l->untyped_start);   /* fails boot early if the plan does not fit */
}

static struct cap mapped_frame_cap(paddr_t frame, vaddr_t va)
{
    return cap_set_mapping(cap_frame(frame, FRAME_4K, VM_READ_WRITE, false), true,
                           ROOT_TASK_ASID, va);
}

void boot_cspace_add_page_table(struct root_layout *l, paddr_t table, vaddr_t va, unsigned level)
{
    uint64_t index = level == 1 ? l->paging_start + ((va >> GIGA_PAGE_BITS) - l->first_giga)
                                : l->paging_start + l->n_giga_tables +
                                      ((va >> MEGA_PAGE_BITS) - l->first_mega);
    /* The table's mapped address is the base of what it covers. */
    vaddr_t base = va & ~((level == 1 ? GIGA_PAGE_SIZE : MEGA_PAGE_SIZE) - 1);
    struct cap c = cap_set_mapping(cap_page_table(table), true, ROOT_TASK_ASID, base);
    cdt_insert_root(c, slot(l, index));
}

void boot_cspace_add_image_frame(struct root_layout *l, paddr_t frame, vaddr_t va)
{
    uint64_t index = l->frames_start + ((va - l->image_start) >> PAGE_BITS);
    cdt_insert_root(mapped_frame_cap(frame, va), slot(l, index));
}

void boot_cspace_add_extra_frame(struct root_layout *l, paddr_t frame, vaddr_t va)
{
    uint64_t index = l->extra_start + ((va - l->extra_va) >> PAGE_BITS);
    cdt_insert_root(mapped_frame_cap(frame, va), slot(l, index));
}

/* The largest naturally aligned block at `base` that fits below `end`. */
static unsigned block_bits(uint64_t base, uint64_t end)
{
    /* The alignment of base (rv64imac has no count-trailing-zeros). */
    unsigned bits = 0;
    while (bits < 63 && !(base & (1ULL << bits)))
        bits++;
    while (bits > 0 && (bits >= 64 || (1ULL << bits) > end - base))
        bits--;
    return bits > CND_MAX_UNTYPED_BITS ? CND_MAX_UNTYPED_BITS : bits;
}

struct untyped_builder {
    struct root_layout *l;
    uint64_t next_slot;
    unsigned count;
    unsigned dropped;
};

/* Covers [base, end) with untyped caps of aligned power-of-two blocks. */
static void add_untypeds(struct untyped_builder *u, uint64_t base, uint64_t end, bool device)
{
    struct cnd_boot_info *bi = boot_info(u->l);
    while (base < end) {
        unsigned bits = block_bits(base, end);
        if (bits < CND_MIN_UNTYPED_BITS) {
            base += 1ULL << bits;   /* too small to be an untyped: unusable */
            continue;
        }
        if (u->count == CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS) {
            u->dropped++;
        } else {
            /* Full until first use: the first Retype resets (zeroes) it,
             * preemptibly, rather than boot zeroing all of memory. */
            struct cap c = cap_untyped(base, bits, device, 1ULL << bits);
            cdt_insert_root(c, slot(u->l, u->next_slot));
            bi->untyped_list[u->count] = (struct cnd_untyped_desc){
                .paddr = base, .size_bits = (uint8_t)bits, .is_device = device };
            u->next_slot++;
            u->count++;
        }
        base += 1ULL << bits;
    }
}

/* Device untypeds: everything below DEVICE_UNTYPED_TOP that is not RAM and
 * not a device the kernel keeps for itself (the PLIC). */
static void add_device_untypeds(struct untyped_builder *u)
{
    static struct region_list devices;
    const struct platform_info *p = &boot_state.platform;
    bool ok = region_list_add(&devices, 0, DEVICE_UNTYPED_TOP);
    for (uint32_t i = 0; i < p->n_memory; i++)
        ok &= region_list_remove(&devices, p->memory[i].base,
                                 p->memory[i].base + p->memory[i].size);
    if (p->plic.present)
        ok &= region_list_remove(&devices, p->plic.base, p->plic.base + p->plic.size);
    if (!ok)
        boot_fail("too many device regions");
    for (uint32_t i = 0; i < devices.n; i++)
        add_untypeds(u, devices.r[i].base, devices.r[i].end, true);
}

void boot_cspace_finish(struct root_layout *l)
{
    struct cnd_boot_info *bi = boot_info(l);
    struct cap cnode_cap = cap_cnode(kptr_to_paddr(l->cnode), l->cnode_bits,
                                     CND_WORD_BITS - l->cnode_bits, 0);
    struct cap vspace_cap = cap_set_mapping(cap_page_table(l->vspace_root), true,
                                            ROOT_TASK_ASID, 0);
    struct cap ipc_cap = mapped_frame_cap(l->ipc_buffer, l->ipc_buffer_va);

    cdt_insert_root(cap_thread(kptr_to_paddr(l->tcb)), slot(l, CND_CAP_INIT_THREAD_TCB));
    cdt_insert_root(cnode_cap, slot(l, CND_CAP_INIT_THREAD_CNODE));
    cdt_insert_root(vspace_cap, slot(l, CND_CAP_INIT_THREAD_VSPACE));
    cdt_insert_root(cap_simple(CAP_IRQ_CONTROL), slot(l, CND_CAP_IRQ_CONTROL));
    cdt_insert_root(cap_simple(CAP_ASID_CONTROL), slot(l, CND_CAP_ASID_CONTROL));
    cdt_insert_root(cap_asid_pool(kptr_to_paddr(l->asid_pool), 0), slot(l, CND_CAP_INIT_THREAD_ASID_POOL));
    cdt_insert_root(mapped_frame_cap(l->boot_info, l->boot_info_va), slot(l, CND_CAP_BOOT_INFO_FRAME));
    cdt_insert_root(ipc_cap, slot(l, CND_CAP_INIT_THREAD_IPC_BUFFER));
    cdt_insert_root(cap_simple(CAP_DOMAIN), slot(l, CND_CAP_DOMAIN));
    cdt_insert_root(cap_simple(CAP_SYSTEM_CONTROL), slot(l, CND_CAP_SYSTEM_CONTROL));

    /* The thread runs with copies of its CSpace, VSpace and IPC buffer caps
     * in its own slots (a derived frame cap is unmapped, as in seL4). */
    struct tcb *t = l->tcb;
    cdt_insert_derived(cnode_cap, slot(l, CND_CAP_INIT_THREAD_CNODE), &t->slots[TCB_CTABLE]);
    cdt_insert_derived(vspace_cap, slot(l, CND_CAP_INIT_THREAD_VSPACE), &t->slots[TCB_VTABLE]);
    cdt_insert_derived(cap_set_mapping(ipc_cap, false, 0, 0),
                       slot(l, CND_CAP_INIT_THREAD_IPC_BUFFER), &t->slots[TCB_BUFFER]);
    cdt_insert_root(cap_reply(kptr_to_paddr(t), true, true), &t->slots[TCB_REPLY]);

    asid_table[0] = l->asid_pool;
    l->asid_pool->vspace_root[ROOT_TASK_ASID] = l->vspace_root;

    struct untyped_builder u = { .l = l, .next_slot = l->untyped_start };
    add_device_untypeds(&u);
    const struct region_list *f = &boot_state.free_memory;
    for (uint32_t i = 0; i < f->n; i++)
        add_untypeds(&u, f->r[i].base, f->r[i].end, false);
    if (u.dropped)
        kprintf("warning: %u untyped regions dropped (boot info holds %d)\n", u.dropped,
                CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    l->empty_start = u.next_slot;

    bi->extra_len = l->extra_len;
    bi->node_id = 0;
    bi->num_nodes = 1;
    bi->num_iopt_levels = 0;
    bi->ipc_buffer = l->ipc_buffer_va;
    bi->empty = (struct cnd_slot_region){ l->empty_start, 1ULL << l->cnode_bits };
    bi->shared_frames = (struct cnd_slot_region){ 0, 0 };
    bi->user_image_frames = (struct cnd_slot_region){ l->frames_start, l->untyped_start };
    bi->user_image_paging = (struct cnd_slot_region){ l->paging_start, l->extra_start };
    bi->io_space_caps = (struct cnd_slot_region){ 0, 0 };
    bi->extra_bi_pages = (struct cnd_slot_region){ l->extra_start, l->frames_start };
    bi->init_thread_cnode_size_bits = l->cnode_bits;
    bi->init_thread_domain = 0;
    bi->untyped = (struct cnd_slot_region){ l->untyped_start, l->empty_start };
    kprintf("root cspace: 2^%u slots; paging [%lu, %lu), extra [%lu, %lu), frames [%lu, %lu), "
            "untyped [%lu, %lu) (%u), empty [%lu, %lu)\n",
            l->cnode_bits, (unsigned long)l->paging_start, (unsigned long)l->extra_start,
            (unsigned long)l->extra_start, (unsigned long)l->frames_start,
            (unsigned long)l->frames_start, (unsigned long)l->untyped_start,
            (unsigned long)l->untyped_start, (unsigned long)l->empty_start, u.count,
            (unsigned long)l->empty_start, (unsigned long)(1ULL << l->cnode_bits));
}
