/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tutorial step 5: handling faults. The root task is the fault handler of a
 * process: each fault arrives as a message on the process's fault endpoint
 * while the process waits. A VM fault is answered by mapping a page where it
 * happened and restarting the access; an illegal instruction is skipped.
 */
#include <conductor/libcap.h>

#define WHERE CND_UL(0x2000000000)

int main(const struct cnd_boot_info *bi)
{
    struct cnd_env *env = cnd_root_env(bi);
    const struct cnd_embedded_file *elf = cnd_embedded_find("fault_child");
    cnd_assert(elf != NULL);

    struct cnd_process p;
    struct cnd_process_options o = { .args = { WHERE } };
    CND_TRY(cnd_create_process(elf->data, elf->size, 100, 0, &o, &p));

    for (;;) {
        struct cnd_fault f;
        char what[160];
        cnd_process_wait(&p, &f);
        cnd_printf("fault handler: %s\n", cnd_fault_string(&f, what, sizeof what));
        if (f.type == CND_FAULT_VM) {
            /* Give it a fresh page there, then let it retry the access. */
            struct cnd_object frame;
            CND_TRY(cnd_ut_alloc(&env->untyped, CND_OBJ_4K_PAGE, 0, &frame));
            CND_TRY(cnd_process_map(&p, frame.cptr, f.addr & ~(CND_PAGE_SIZE - 1),
                                    CND_READ_WRITE, CND_VM_EXECUTE_NEVER));
            cnd_printf("fault handler: mapped a page at %#lx, restarting\n",
                       (unsigned long)(f.addr & ~(CND_PAGE_SIZE - 1)));
            cnd_fault_reply_restart();
        } else if (f.type == CND_FAULT_USER_EXCEPTION) {
            cnd_printf("fault handler: skipping the instruction\n");
            cnd_fault_reply_resume_at(&f, f.ip + 4);
        } else {
            break;  /* its exit (or a fault we do not handle) */
        }
    }
    CND_TRY(cnd_process_destroy(&p));
    cnd_printf("fault: done, powering off\n");
    cnd_power_off(bi);
}
