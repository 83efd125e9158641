# SPDX-License-Identifier: BSD-2-Clause
# RISC-V side: the kernel (debug and release flavours), user land, and the
# bootable images that pack a root task behind a kernel.
set(CONDUCTOR_VERSION "0.1.0")
set(CONDUCTOR_MARCH rv64imac_zicsr_zifencei)
if(CONDUCTOR_TARGET_COMPILER_ID STREQUAL "clang")
    set(CONDUCTOR_MARCH rv64imac)
endif()

# For the few assembly files that save, restore or test the FPU.
if(CONDUCTOR_TARGET_COMPILER_ID STREQUAL "clang")
    set(CONDUCTOR_FPU_MARCH -march=rv64imafdc)
else()
    set(CONDUCTOR_FPU_MARCH -march=rv64imafdc_zicsr_zifencei)
endif()

set(CONDUCTOR_COMMON_FLAGS
    -march=${CONDUCTOR_MARCH} -mabi=lp64 -mcmodel=medany
    -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fno-pic
    -fno-omit-frame-pointer -fno-common
    -Wall -Wextra -Werror -g)

add_subdirectory(abi)
add_subdirectory(kernel)
add_subdirectory(userland)
