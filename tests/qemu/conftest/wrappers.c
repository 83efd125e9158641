/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every generated wrapper of <conductor/invocations.h> once on an empty
 * slot: the wrapper's own marshalling reaches the kernel, which answers the
 * generic InvalidCapability (MR0 = 0: the invoked cap). Success through each
 * wrapper comes from the other cases and suites; the coverage report checks
 * both per wrapper.
 */
#include "conftest.h"

void test_wrappers(void)
{
    if (!case_begin("WRAP0001 every wrapper on an empty slot: InvalidCapability 0"))
        return;
    cnd_cptr_t e = empty_slot();
    struct cnd_user_context regs = { 0 };
    cnd_word_t w = 0;
    struct cnd_result r[] = {
        cnd_untyped_retype(e, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, e, 1),
        cnd_tcb_read_registers(e, false, 0, 1, &regs),
        cnd_tcb_write_registers(e, false, 0, 1, &regs),
        cnd_tcb_copy_registers(e, CND_CAP_INIT_THREAD_TCB, false, false, true, true, 0),
        cnd_tcb_configure(e, ROOT, CND_CAP_INIT_THREAD_VSPACE, 0, 0, 0, 0, 0),
        cnd_tcb_set_priority(e, CND_CAP_INIT_THREAD_TCB, 0),
        cnd_tcb_set_mc_priority(e, CND_CAP_INIT_THREAD_TCB, 0),
        cnd_tcb_set_sched_params(e, CND_CAP_INIT_THREAD_TCB, 0, 0),
        cnd_tcb_set_ipc_buffer(e, 0, 0),
        cnd_tcb_set_space(e, ROOT, CND_CAP_INIT_THREAD_VSPACE, 0, 0, 0),
        cnd_tcb_suspend(e),
        cnd_tcb_resume(e),
        cnd_tcb_bind_notification(e, 0),
        cnd_tcb_unbind_notification(e),
        cnd_tcb_set_tls_base(e, 0),
        cnd_tcb_set_flags(e, 0, 0, &w),
        cnd_cnode_revoke(e, 0, DEPTH),
        cnd_cnode_delete(e, 0, DEPTH),
        cnd_cnode_cancel_badged_sends(e, 0, DEPTH),
        cnd_cnode_copy(e, ROOT, 0, DEPTH, 0, DEPTH, CND_ALL_RIGHTS),
        cnd_cnode_mint(e, ROOT, 0, DEPTH, 0, DEPTH, CND_ALL_RIGHTS, 1),
        cnd_cnode_move(e, ROOT, 0, DEPTH, 0, DEPTH),
        cnd_cnode_mutate(e, ROOT, 0, DEPTH, 0, DEPTH, 0),
        cnd_cnode_rotate(e, ROOT, ROOT, 0, DEPTH, 0, 0, DEPTH, 0, 0, DEPTH),
        cnd_cnode_save_caller(e, 0, DEPTH),
        cnd_irq_control_get(e, ROOT, CONF_IRQ, 0, DEPTH),
        cnd_irq_handler_ack(e),
        cnd_irq_handler_set_notification(e, 0),
        cnd_irq_handler_clear(e),
        cnd_domain_set_set(e, CND_CAP_INIT_THREAD_TCB, 0),
        cnd_domain_set_schedule_configure(e, 0, 0, 1),
        cnd_domain_set_schedule_set_start(e, 0),
        cnd_page_table_map(e, CND_CAP_INIT_THREAD_VSPACE, 0, 0),
        cnd_page_table_unmap(e),
        cnd_page_map(e, CND_CAP_INIT_THREAD_VSPACE, 0, CND_ALL_RIGHTS, 0),
        cnd_page_unmap(e),
        cnd_page_get_address(e, &w),
        cnd_asid_control_make_pool(e, scratch, ROOT, 0, DEPTH),
        cnd_asid_pool_assign(e, CND_CAP_INIT_THREAD_VSPACE),
        cnd_irq_control_get_trigger(e, ROOT, CONF_IRQ, 0, 0, DEPTH),
        cnd_system_control_power_off(e),
        cnd_system_control_reboot(e),
    };
    /* One call per method: the table above must grow with the API. */
    EXPECT(sizeof r / sizeof r[0] == CND_NUM_METHODS);
    for (unsigned i = 0; i < sizeof r / sizeof r[0]; i++) {
        EXPECT_ERR(r[i], CND_INVALID_CAPABILITY);
        EXPECT_DETAIL(r[i], 0, 0);
    }
    case_end();
}
