/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libtest: in-QEMU tests of libconductor-cap. Every library function runs
 * at least once, with success and with an error; the allocators are driven
 * to exhaustion and back; processes are made from an embedded ELF. Each
 * case prints "NAME pass" or "NAME FAIL", then "N passed, N failed", then
 * the machine powers off through the system-control cap.
 */
#include "libtest.h"

const struct cnd_boot_info *bi;
struct cnd_env *env;

int main(const struct cnd_boot_info *boot_info)
{
    bi = boot_info;
    put_str("libtest: libconductor-cap tests\n");
    case_begin("ENV0001 the root task's environment");
    struct cnd_env scratch;
    EXPECT_LIB(cnd_env_init_root(&scratch, NULL), CND_ERR_BAD_ARGUMENT);
    env = cnd_root_env(bi);
    EXPECT(env != NULL && cnd_env() == env && env->bi == bi);
    EXPECT(env->system_control == CND_CAP_SYSTEM_CONTROL && env->tcb == CND_CAP_INIT_THREAD_TCB);
    EXPECT(env->untyped.count == cnd_bootinfo_untyped_count(bi));
    cnd_cptr_t slot = 0, copy = 0, minted = 0;
    EXPECT_ERR(cnd_slot_alloc(&slot), CND_NO_ERROR);
    cnd_slot_free(slot);
    EXPECT_ERR(cnd_copy(CND_CAP_INIT_THREAD_TCB, CND_ALL_RIGHTS, &copy), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(copy) == CND_CAP_TAG_THREAD);
    EXPECT_ERR(cnd_delete(copy), CND_NO_ERROR);
    EXPECT_ERR(cnd_copy(copy, CND_ALL_RIGHTS, &copy), CND_FAILED_LOOKUP);
    EXPECT_ERR(cnd_mint(CND_CAP_INIT_THREAD_CNODE, CND_ALL_RIGHTS, cnd_cnode_cap_data_new(0, 51),
                        &minted), CND_NO_ERROR);
    EXPECT_ERR(cnd_delete(minted), CND_NO_ERROR);
    EXPECT_ERR(cnd_mint(minted, CND_ALL_RIGHTS, 1, &minted), CND_FAILED_LOOKUP);
    case_end();

    test_format();
    test_bootinfo();
    test_cspace();   /* ends with the root CSpace grown to two levels */
    test_untyped();
    test_vspace();
    test_threads();
    test_concurrent();
    test_ipc();
    test_irq();
    test_process();
    harness_summary();
    cnd_power_off(bi);
}
