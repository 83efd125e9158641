/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * After loading: start the system, give up the caps the system holds
 * itself, then stay out of the way.
 */
#include "loader.h"

void ld_supervise(struct loader *ld)
{
    static bool keep[LD_MAX_OBJECTS];
    for (uint32_t i = 0; i < ld->n_objects; i++) {
        struct cdlb_object o;
        cdlb_object_at(&ld->v, i, &o);
        keep[i] = o.type == CDLB_OBJ_TCB || o.type == CDLB_OBJ_CNODE;
    }
    if (!ld_start(ld) || !ld_drop_surplus(ld, keep)) {
        cnd_printf("capdl-loader: stopped while starting the system\n");
        cnd_exit(1);
    }
    cnd_printf("capdl-loader: system started\n");
    cnd_tcb_suspend(CND_CAP_INIT_THREAD_TCB);
    for (;;)
        ;
}
