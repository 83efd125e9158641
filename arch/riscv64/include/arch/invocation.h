/* SPDX-License-Identifier: BSD-2-Clause */
/* Decoding of the architecture's capability types (frames, page tables,
 * ASID control and pools), called by the generic invocation dispatcher. */
#ifndef ARCH_INVOCATION_H
#define ARCH_INVOCATION_H

#include <kernel/error.h>
#include <kernel/invocation.h>

enum invoke_status decode_page_table_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_frame_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_asid_control_invocation(struct invocation *inv, struct syscall_error *err);
enum invoke_status decode_asid_pool_invocation(struct invocation *inv, struct syscall_error *err);

#endif
