# SPDX-License-Identifier: BSD-2-Clause
# The toolchain file of a Conductor SDK: use it as CMAKE_TOOLCHAIN_FILE for a
# project that builds root tasks and components against the SDK,
#   cmake -S app -B build -DCMAKE_TOOLCHAIN_FILE=<sdk>/share/conductor/toolchain.cmake
# It selects the RISC-V compiler (-DCONDUCTOR_TARGET_TOOLCHAIN=gcc, the
# default, or clang) and lets find_package(Conductor) find this SDK.
get_filename_component(_cnd_sdk_prefix "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
if(NOT CONDUCTOR_TARGET_TOOLCHAIN)
    set(CONDUCTOR_TARGET_TOOLCHAIN gcc)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/riscv64-${CONDUCTOR_TARGET_TOOLCHAIN}.cmake)
list(APPEND CMAKE_PREFIX_PATH ${_cnd_sdk_prefix})
# Try-compiles see the choice too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CONDUCTOR_TARGET_TOOLCHAIN)
