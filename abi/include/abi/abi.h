/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * All of Conductor's user/kernel ABI in one include: the hand-written
 * headers of abi/include/abi and the ones tools/apigen generates from
 * abi/conductor.api (both directories are on the include path of the
 * conductor_abi CMake target).
 */
#ifndef ABI_ABI_H
#define ABI_ABI_H

#include <abi/boot_info.h>
#include <abi/cap_tags.h>
#include <abi/constants.h>
#include <abi/errors.h>
#include <abi/faults.h>
#include <abi/invocation_labels.h>
#include <abi/ipc_buffer.h>
#include <abi/message_info.h>
#include <abi/object_types.h>
#include <abi/rights.h>
#include <abi/syscall_numbers.h>
#include <abi/types.h>
#include <abi/user_context.h>
#include <abi/vm.h>

#endif /* ABI_ABI_H */
