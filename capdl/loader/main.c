/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capDL loader root task: finds the binary spec linked into it
 * (conductor_embed_files(... capdl=FILE)), checks it completely before
 * touching anything (cdlb_check), builds the system in FORMAT.md's order and
 * then supervises it (supervise.c).
 */
#include "loader.h"

#include <stdarg.h>

uint32_t ld_cap[LD_MAX_OBJECTS];
uint64_t ld_paddr[LD_MAX_OBJECTS];
uint64_t ld_wm[LD_MAX_OBJECTS];

static struct loader the_loader;

bool ld_ok(struct cnd_result r, const char *fmt, ...)
{
    if (cnd_result_ok(r))
        return true;
    char what[160], why[200];
    va_list ap;
    va_start(ap, fmt);
    cnd_vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    cnd_printf("capdl-loader: %s: %s\n", what, cnd_error_string(r, why, sizeof why));
    return false;
}

bool ld_alloc_slot(struct loader *ld, cnd_cptr_t *slot)
{
    if (ld->next_slot >= ld->end_slot) {
        cnd_printf("capdl-loader: the loader's CNode is full (slots up to %llu used): the spec "
                   "has too many objects and mappings for one 2^%llu-slot CNode\n",
                   (unsigned long long)ld->end_slot,
                   (unsigned long long)ld->bi->init_thread_cnode_size_bits);
        return false;
    }
    *slot = ld->next_slot++;
    return true;
}

const char *ld_name(const struct loader *ld, uint32_t obj)
{
    struct cdlb_object o;
    cdlb_object_at(&ld->v, obj, &o);
    return cdlb_string(&ld->v, o.name);
}

const char *ld_type_name(uint8_t type)
{
    switch (type) {
    case CDLB_OBJ_UNTYPED: return "untyped";
    case CDLB_OBJ_TCB: return "TCB";
    case CDLB_OBJ_ENDPOINT: return "endpoint";
    case CDLB_OBJ_NOTIFICATION: return "notification";
    case CDLB_OBJ_CNODE: return "CNode";
    case CDLB_OBJ_FRAME_1G: return "1 GiB frame";
    case CDLB_OBJ_FRAME_4K: return "4 KiB frame";
    case CDLB_OBJ_FRAME_2M: return "2 MiB frame";
    case CDLB_OBJ_PAGE_TABLE: return "page table";
    case CDLB_OBJ_ASID_POOL: return "ASID pool";
    case CDLB_OBJ_IRQ: return "IRQ handler";
    default: return "object";
    }
}

static void fail(const char *phase) __attribute__((noreturn));
static void fail(const char *phase)
{
    cnd_printf("capdl-loader: stopped while %s; the system was not started\n", phase);
    cnd_exit(1);
    for (;;)
        ;
}

int main(const struct cnd_boot_info *bi)
{
    struct loader *ld = &the_loader;
    ld->bi = bi;
    const struct cnd_embedded_file *f = cnd_embedded_find("capdl");
    if (f == NULL) {
        cnd_printf("capdl-loader: no spec embedded (conductor_embed_files(... capdl=FILE))\n");
        fail("looking for the spec");
    }
    char err[160];
    if (!cdlb_check(f->data, f->size, &ld->v, err, sizeof err)) {
        cnd_printf("capdl-loader: the embedded spec (%llu bytes) is invalid: %s\n",
                   (unsigned long long)f->size, err);
        fail("checking the spec");
    }
    ld->n_objects = (uint32_t)ld->v.count[CDLB_SEC_OBJECTS];
    if (ld->n_objects > LD_MAX_OBJECTS) {
        cnd_printf("capdl-loader: the spec has %u objects, the loader takes at most %u\n",
                   ld->n_objects, LD_MAX_OBJECTS);
        fail("checking the spec");
    }
    struct cnd_slot_region empty = cnd_bootinfo_empty(bi);
    ld->next_slot = empty.start;
    ld->end_slot = empty.end;
    ld->system_control = cnd_bootinfo_system_control(bi);
    cnd_printf("capdl-loader: spec of %llu bytes: %u objects, %llu caps, %llu mappings, %llu "
               "threads\n", (unsigned long long)f->size, ld->n_objects,
               (unsigned long long)ld->v.count[CDLB_SEC_CAPS],
               (unsigned long long)ld->v.count[CDLB_SEC_MAPPINGS],
               (unsigned long long)ld->v.count[CDLB_SEC_TCBS]);
    if (!ld_init_untypeds(ld) || !ld_create_objects(ld))
        fail("creating objects");
    cnd_printf("capdl-loader: created %u objects, %llu KiB of %llu KiB RAM untypeds\n",
               ld->n_objects, (unsigned long long)(ld->ram_used >> 10),
               (unsigned long long)(ld->ram_total >> 10));
    if (!ld_map_scratch_tables(ld) || !ld_fill_frames(ld))
        fail("filling frames");
    /* Address spaces before CNodes: the kernel derives (copies) a page-table
     * cap only once the table is mapped or has an ASID, as seL4 does. */
    if (!ld_build_vspaces(ld))
        fail("building address spaces");
    if (!ld_build_cnodes(ld))
        fail("filling CNodes");
    if (!ld_build_tcbs(ld))
        fail("configuring threads");
    if (!ld_build_irqs(ld))
        fail("attaching interrupts");
    ld_supervise(ld);
}
