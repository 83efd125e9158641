/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The C half of the runtime: the root task gets the boot-info address from
 * the kernel (crt0.S passes it on); the IPC buffer address is in it.
 */
#include <abi/boot_info.h>
#include <conductor/runtime.h>
#include <conductor/ipc_buffer.h>
#include <conductor/syscalls.h>

int main(const struct cnd_boot_info *boot_info);

static const struct cnd_boot_info *boot_info_ptr;

const struct cnd_boot_info *cnd_boot_info(void)
{
    return boot_info_ptr;
}

void cnd_runtime_start(const struct cnd_boot_info *bi);
void cnd_runtime_start(const struct cnd_boot_info *bi)
{
    cnd_tls_init_main();
    boot_info_ptr = bi;
    if (bi)
        cnd_set_ipc_buffer((struct cnd_ipc_buffer *)bi->ipc_buffer);
    int status = main(bi);
    cnd_exit(status);
}
