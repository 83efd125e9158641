/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Steps 3 to 8 of FORMAT.md's "Loading": fill frames, mint caps into CNodes,
 * assign ASIDs and map, configure TCBs, attach IRQ notifications, start.
 * Every cap the loader invokes is its own original (ld_cap[]) or a fresh
 * copy of it; component CNodes are reached through the loader's original
 * CNode cap, which has no guard, so (cnode, slot, radix) names a slot.
 */
#include "loader.h"

#define ROOT CND_CAP_INIT_THREAD_CNODE

static uint8_t obj_type(const struct loader *ld, uint32_t i)
{
    struct cdlb_object o;
    cdlb_object_at(&ld->v, i, &o);
    return o.type;
}

bool ld_map_scratch_tables(struct loader *ld)
{
    /* Two tables: the level-1 table of the scratch GiB and the level-0 table
     * of its first 2 MiB. PageTable_Map puts each at the first missing level. */
    for (int k = 0; k < 2; k++) {
        cnd_cptr_t pt;
        if (!ld_create_extra(ld, CDLB_OBJ_PAGE_TABLE, 0, 12, &pt))
            return false;
        struct cnd_result r = cnd_page_table_map(pt, CND_CAP_INIT_THREAD_VSPACE, LD_SCRATCH, 0);
        if (!ld_ok(r, "mapping the loader's scratch page table %d", k))
            return false;
    }
    return ld_alloc_slot(ld, &ld->scratch);
}

static void zero_bytes(uint8_t *p, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        p[i] = 0;
}

bool ld_fill_frame(struct loader *ld, uint32_t obj, bool zero)
{
    struct cdlb_object o;
    cdlb_object_at(&ld->v, obj, &o);
    if (o.fill_count == 0 && !zero)
        return true;
    uint64_t va = o.type == CDLB_OBJ_FRAME_4K ? LD_SCRATCH
                  : o.type == CDLB_OBJ_FRAME_2M ? LD_SCRATCH_2M : LD_SCRATCH_1G;
    struct cnd_result r = cnd_cnode_copy(ROOT, ROOT, ld->scratch, 64, ld_cap[obj], 64,
                                         CND_ALL_RIGHTS);
    if (!ld_ok(r, "copying frame '%s' to fill it", ld_name(ld, obj)))
        return false;
    r = cnd_page_map(ld->scratch, CND_CAP_INIT_THREAD_VSPACE, va, CND_ALL_RIGHTS,
                     CND_VM_EXECUTE_NEVER);
    bool ok = ld_ok(r, "mapping frame '%s' into the loader to fill it", ld_name(ld, obj));
    uint8_t *dst = (uint8_t *)(uintptr_t)va;
    if (ok && zero)
        zero_bytes(dst, 1ULL << o.mem_bits);
    for (uint32_t k = 0; ok && k < o.fill_count; k++) {
        struct cdlb_fill f;
        cdlb_fill_at(&ld->v, o.fill_first + k, &f);
        const uint8_t *src;
        uint64_t len = f.length;
        if (f.kind == CDLB_FILL_DATA) {
            src = ld->v.sec[CDLB_SEC_DATA] + f.source;   /* checked inside DATA */
        } else {
            size_t chunk_len = 0;
            const uint8_t *chunk = cnd_bootinfo_chunk(ld->bi, f.bootinfo_id, &chunk_len);
            if (chunk == NULL) {
                cnd_printf("capdl-loader: frame '%s': boot-info chunk %llu is not there\n",
                           ld_name(ld, obj), (unsigned long long)f.bootinfo_id);
                ok = false;
                break;
            }
            /* The spec sizes the fill for the largest tree (a devicetree
             * region is several frames, each filling its 4k of it); copy
             * what there is: the rest of a fresh frame is zero. */
            if (f.source >= chunk_len)
                continue;
            src = chunk + f.source;
            if (len > chunk_len - f.source)
                len = chunk_len - f.source;
        }
        for (uint64_t b = 0; b < len; b++)
            dst[f.dest_offset + b] = src[b];
    }
    /* Deleting the copy unmaps it. */
    r = cnd_cnode_delete(ROOT, ld->scratch, 64);
    return ld_ok(r, "unmapping frame '%s' from the loader", ld_name(ld, obj)) && ok;
}

bool ld_fill_frames(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->n_objects; i++)
        if (!ld_fill_frame(ld, i, false))
            return false;
    /* Code was written through the data side: make this hart's fetches see
     * it (the kernel fences on every hart a component is started on). */
    __asm__ volatile("fence.i" ::: "memory");
    return true;
}

/* Whether spec untyped `obj` covers other objects. */
static bool has_children(const struct loader *ld, uint32_t obj)
{
    if (obj_type(ld, obj) != CDLB_OBJ_UNTYPED)
        return false;
    for (uint32_t i = obj + 1; i < ld->n_objects; i++) {
        struct cdlb_object o;
        cdlb_object_at(&ld->v, i, &o);
        if (o.parent == obj)
            return true;
    }
    return false;
}

/* The source of a cap record: the control cap, the cdt parent once placed,
 * or the loader's original. */
static bool cap_source(struct loader *ld, uint32_t idx, const struct cdlb_cap *c,
                       cnd_cptr_t *root, cnd_word_t *index, uint8_t *depth)
{
    *root = ROOT;
    *depth = 64;
    switch (c->kind) {
    case CDLB_CAP_IRQ_CONTROL: *index = CND_CAP_IRQ_CONTROL; return true;
    case CDLB_CAP_ASID_CONTROL: *index = CND_CAP_ASID_CONTROL; return true;
    case CDLB_CAP_DOMAIN: *index = CND_CAP_DOMAIN; return true;
    case CDLB_CAP_SYSTEM_CONTROL:
        if (ld->system_control == 0) {
            cnd_printf("capdl-loader: the spec hands out the system-control cap, but the kernel "
                       "gave the loader none\n");
            return false;
        }
        *index = ld->system_control;
        return true;
    default: break;
    }
    *index = ld_cap[c->object];
    if (c->cdt_parent != CDLB_NONE && c->cdt_parent < idx) {
        struct cdlb_cap p;
        cdlb_cap_at(&ld->v, c->cdt_parent, &p);
        struct cdlb_object po;
        cdlb_object_at(&ld->v, p.container, &po);
        if (po.type == CDLB_OBJ_CNODE) {
            *root = ld_cap[p.container];
            *index = p.slot;
            *depth = po.size_bits;
        }
    }
    return true;
}

bool ld_build_cnodes(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_CAPS]; i++) {
        struct cdlb_cap c;
        cdlb_cap_at(&ld->v, i, &c);
        struct cdlb_object co;
        cdlb_object_at(&ld->v, c.container, &co);
        if (co.type != CDLB_OBJ_CNODE)
            continue;
        cnd_cptr_t src_root;
        cnd_word_t src_index;
        uint8_t src_depth;
        if (!cap_source(ld, i, &c, &src_root, &src_index, &src_depth))
            return false;
        cnd_word_t data = 0;
        if (c.kind == CDLB_CAP_OBJECT) {
            uint8_t t = obj_type(ld, c.object);
            if (t == CDLB_OBJ_CNODE)
                data = cnd_cnode_cap_data_new(c.data, c.guard_size);
            else if (t == CDLB_OBJ_ENDPOINT || t == CDLB_OBJ_NOTIFICATION)
                data = c.data;
        }
        struct cnd_result r;
        if (c.kind == CDLB_CAP_OBJECT && has_children(ld, c.object)) {
            /* The kernel derives no cap from an untyped with children (seL4's
             * rule): the one cap the spec gives is the loader's, moved. */
            if (ld_cap[c.object] == 0) {
                cnd_printf("capdl-loader: slot %llu of CNode '%s': untyped '%s' covers objects, so "
                           "the kernel allows only one cap to it, and it is given already\n",
                           (unsigned long long)c.slot, ld_name(ld, c.container),
                           ld_name(ld, c.object));
                return false;
            }
            r = cnd_cnode_move(ld_cap[c.container], ROOT, c.slot, co.size_bits, src_index, 64);
            if (cnd_result_ok(r))
                ld_cap[c.object] = 0;
        } else if (c.kind == CDLB_CAP_OBJECT && src_root != ROOT && data != 0 &&
                   (obj_type(ld, c.object) == CDLB_OBJ_ENDPOINT ||
                    obj_type(ld, c.object) == CDLB_OBJ_NOTIFICATION)) {
            /* Derived from a badged cdt parent: the kernel never rebadges
             * (seL4's rule), so the child is a copy with fewer rights. */
            struct cdlb_cap p;
            cdlb_cap_at(&ld->v, c.cdt_parent, &p);
            if (p.data != c.data) {
                cnd_printf("capdl-loader: slot %llu of CNode '%s': badge 0x%llx cannot be derived "
                           "from its cdt parent's badge 0x%llx\n", (unsigned long long)c.slot,
                           ld_name(ld, c.container), (unsigned long long)c.data,
                           (unsigned long long)p.data);
                return false;
            }
            r = cnd_cnode_copy(ld_cap[c.container], src_root, c.slot, co.size_bits, src_index,
                               src_depth, c.rights);
        } else if (c.kind == CDLB_CAP_OBJECT)
            r = cnd_cnode_mint(ld_cap[c.container], src_root, c.slot, co.size_bits, src_index,
                               src_depth, c.rights, data);
        else
            r = cnd_cnode_copy(ld_cap[c.container], src_root, c.slot, co.size_bits, src_index,
                               src_depth, CND_ALL_RIGHTS);
        if (!ld_ok(r, "slot %llu of CNode '%s' (a cap to '%s')", (unsigned long long)c.slot,
                   ld_name(ld, c.container),
                   c.kind == CDLB_CAP_OBJECT ? ld_name(ld, c.object) : "a control cap"))
            return false;
    }
    return true;
}

bool ld_build_vspaces(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_VSPACES]; i++) {
        struct cdlb_vspace vs;
        cdlb_vspace_at(&ld->v, i, &vs);
        cnd_cptr_t pool = vs.asid_pool == CDLB_NONE ? CND_CAP_INIT_THREAD_ASID_POOL
                                                    : ld_cap[vs.asid_pool];
        if (!ld_ok(cnd_asid_pool_assign(pool, ld_cap[vs.root]), "assigning an ASID to '%s'",
                   ld_name(ld, vs.root)))
            return false;
    }
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_MAPPINGS]; i++) {
        struct cdlb_mapping m;
        cdlb_mapping_at(&ld->v, i, &m);
        struct cnd_result r;
        if (m.kind == CDLB_MAP_PAGE_TABLE) {
            r = cnd_page_table_map(ld_cap[m.object], ld_cap[m.vspace], m.vaddr, 0);
        } else {
            /* A frame cap maps once: each mapping gets its own copy. */
            cnd_cptr_t copy;
            if (!ld_alloc_slot(ld, &copy))
                return false;
            r = cnd_cnode_copy(ROOT, ROOT, copy, 64, ld_cap[m.object], 64, CND_ALL_RIGHTS);
            if (cnd_result_ok(r))
                r = cnd_page_map(copy, ld_cap[m.vspace], m.vaddr, m.rights,
                                 (m.flags & CDLB_CAP_EXECUTE_NEVER) ? CND_VM_EXECUTE_NEVER : 0);
        }
        if (!ld_ok(r, "mapping '%s' at 0x%llx in '%s'", ld_name(ld, m.object),
                   (unsigned long long)m.vaddr, ld_name(ld, m.vspace)))
            return false;
    }
    return true;
}

/* The cap in TCB slot `slot` (capDL numbering), or false. */
static bool tcb_slot(const struct loader *ld, const struct cdlb_object *t, uint64_t slot,
                     struct cdlb_cap *out)
{
    for (uint32_t k = 0; k < t->cap_count; k++) {
        cdlb_cap_at(&ld->v, t->cap_first + k, out);
        if (out->slot == slot)
            return true;
    }
    return false;
}

void ld_initial_registers(const struct loader *ld, uint32_t ti, struct cnd_user_context *regs)
{
    struct cdlb_tcb t;
    cdlb_tcb_at(&ld->v, ti, &t);
    *regs = (struct cnd_user_context){ 0 };
    regs->pc = t.ip;
    regs->sp = t.sp;
    cnd_word_t *a = &regs->a0;
    for (unsigned k = 0; k < t.n_init; k++)
        a[k] = t.init[k];
}

bool ld_configure_tcb(struct loader *ld, uint32_t ti)
{
    struct cdlb_tcb t;
    cdlb_tcb_at(&ld->v, ti, &t);
    struct cdlb_object o;
    cdlb_object_at(&ld->v, t.object, &o);
    const char *name = ld_name(ld, t.object);
    struct cdlb_cap cs, vs, buf, ntfn;
    bool has_cs = tcb_slot(ld, &o, 0, &cs), has_vs = tcb_slot(ld, &o, 1, &vs);
    bool has_buf = tcb_slot(ld, &o, 4, &buf), has_ntfn = tcb_slot(ld, &o, 8, &ntfn);
    cnd_cptr_t tcb = ld_cap[t.object];
    struct cnd_result r = cnd_tcb_configure(
        tcb, has_cs ? ld_cap[cs.object] : 0, has_vs ? ld_cap[vs.object] : 0,
        has_buf ? ld_cap[buf.object] : 0, t.fault_ep,
        has_cs ? cnd_cnode_cap_data_new(cs.data, cs.guard_size) : 0, 0,
        has_buf ? t.ipc_buffer : 0);
    if (!ld_ok(r, "configuring TCB '%s'", name))
        return false;
    if (t.affinity != 0)
        /* The kernel has no per-TCB affinity call: say so rather than pretend. */
        cnd_printf("capdl-loader: TCB '%s': affinity %u is not applied (the kernel has no "
                   "affinity call)\n", name, t.affinity);
    if (t.domain != 0 &&
        !ld_ok(cnd_domain_set_set(CND_CAP_DOMAIN, tcb, (uint8_t)t.domain), "domain %u of TCB '%s'",
               t.domain, name))
        return false;
    r = cnd_tcb_set_sched_params(tcb, CND_CAP_INIT_THREAD_TCB, t.max_prio, t.prio);
    if (!ld_ok(r, "priority %u (max %u) of TCB '%s'", t.prio, t.max_prio, name))
        return false;
    struct cnd_user_context regs;
    ld_initial_registers(ld, ti, &regs);
    r = cnd_tcb_write_registers(tcb, false, 0, CND_USER_CONTEXT_WORDS, &regs);
    if (!ld_ok(r, "registers of TCB '%s'", name))
        return false;
    if (has_ntfn)
        return ld_ok(cnd_tcb_bind_notification(tcb, ld_cap[ntfn.object]),
                     "binding notification '%s' to TCB '%s'", ld_name(ld, ntfn.object), name);
    return true;
}

bool ld_build_tcbs(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_TCBS]; i++)
        if (!ld_configure_tcb(ld, i))
            return false;
    return true;
}

bool ld_build_irqs(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_IRQS]; i++) {
        struct cdlb_irq q;
        cdlb_irq_at(&ld->v, i, &q);
        struct cdlb_object o;
        cdlb_object_at(&ld->v, q.object, &o);
        if (o.cap_count == 0)
            continue;   /* an IRQ nobody is told about */
        struct cdlb_cap c;
        cdlb_cap_at(&ld->v, o.cap_first, &c);
        /* The kernel keeps a copy of the cap it signals through: mint one
         * with the spec's rights and badge (the round trip compares both). */
        cnd_cptr_t ntfn;
        if (!ld_alloc_slot(ld, &ntfn))
            return false;
        struct cnd_result m = cnd_cnode_mint(ROOT, ROOT, ntfn, 64, ld_cap[c.object], 64, c.rights,
                                             c.data);
        if (!ld_ok(m, "minting notification '%s' for IRQ %llu", ld_name(ld, c.object),
                   (unsigned long long)q.number))
            return false;
        struct cnd_result r = cnd_irq_handler_set_notification(ld_cap[q.object], ntfn);
        if (!ld_ok(r, "IRQ %llu ('%s') to notification '%s'", (unsigned long long)q.number,
                   ld_name(ld, q.object), ld_name(ld, c.object)))
            return false;
    }
    return true;
}

bool ld_start(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_TCBS]; i++) {
        struct cdlb_tcb t;
        cdlb_tcb_at(&ld->v, i, &t);
        if ((t.flags & CDLB_TCB_RESUME) &&
            !ld_ok(cnd_tcb_resume(ld_cap[t.object]), "starting '%s'", ld_name(ld, t.object)))
            return false;
    }
    return true;
}

/* Deletes the originals the system does not need the loader to hold. An
 * object whose only cap is the loader's would die with it, so a cap goes
 * only when a CNode of the spec or a mapping holds another one; page tables
 * and VSpace roots are mapped through the loader's cap itself and stay. */
bool ld_drop_surplus(struct loader *ld, const bool *keep)
{
    static bool held[LD_MAX_OBJECTS];
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_CAPS]; i++) {
        struct cdlb_cap c;
        cdlb_cap_at(&ld->v, i, &c);
        if (c.kind == CDLB_CAP_OBJECT && obj_type(ld, c.container) == CDLB_OBJ_CNODE)
            held[c.object] = true;
    }
    for (uint32_t i = 0; i < ld->v.count[CDLB_SEC_MAPPINGS]; i++) {
        struct cdlb_mapping m;
        cdlb_mapping_at(&ld->v, i, &m);
        if (m.kind == CDLB_MAP_FRAME)
            held[m.object] = true;
    }
    uint32_t dropped = 0;
    for (uint32_t i = 0; i < ld->n_objects; i++) {
        uint8_t t = obj_type(ld, i);
        if (keep[i] || !held[i] || t == CDLB_OBJ_PAGE_TABLE || t == CDLB_OBJ_ASID_POOL ||
            ld_cap[i] == 0)
            continue;   /* ld_cap 0: moved into a CNode already */
        if (!ld_ok(cnd_cnode_delete(ROOT, ld_cap[i], 64), "deleting the loader's cap to '%s'",
                   ld_name(ld, i)))
            return false;
        ld_cap[i] = 0;
        dropped++;
    }
    cnd_printf("capdl-loader: dropped %u caps the system holds itself\n", dropped);
    return true;
}
