# SPDX-License-Identifier: BSD-2-Clause
# Host side: tools, unit tests (ASan + UBSan), fuzzers (clang only), QEMU tests,
# and the RISC-V side as an ExternalProject of this same source tree.
include(ExternalProject)
enable_testing()

add_compile_options(-Wall -Wextra -Werror)

# Sanitizer flags for host unit tests of kernel logic.
set(CONDUCTOR_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)

set(CONDUCTOR_TARGET_TOOLCHAIN "gcc" CACHE STRING "RISC-V compiler: gcc or clang")
set(CONDUCTOR_TARGET_BINARY_DIR ${CMAKE_BINARY_DIR}/target)

add_subdirectory(abi)
add_subdirectory(platform)
include(kernel/host.cmake)
add_subdirectory(tools)
add_subdirectory(capdl)
add_subdirectory(tests)

ExternalProject_Add(conductor_target
    SOURCE_DIR ${CMAKE_SOURCE_DIR}
    BINARY_DIR ${CONDUCTOR_TARGET_BINARY_DIR}
    CMAKE_ARGS
        -DCONDUCTOR_TARGET_BUILD=ON
        -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/riscv64-${CONDUCTOR_TARGET_TOOLCHAIN}.cmake
        -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
        -DCONDUCTOR_HOST_BINARY_DIR=${CMAKE_BINARY_DIR}
        # The kernel build's compile commands drive clang-tidy and cppcheck.
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    DEPENDS conductor-mkpayload conductor-capdl
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    USES_TERMINAL_BUILD ON)
