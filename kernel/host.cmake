# SPDX-License-Identifier: BSD-2-Clause
# Kernel logic that touches no hardware, built for the host: used by the host
# tools (the image packer validates root tasks with the kernel's own ELF
# checks) and, sanitized, by the unit tests and fuzzers.
set(CONDUCTOR_KERNEL_LOGIC_SOURCES
    ${CMAKE_SOURCE_DIR}/kernel/boot/elf.c
    ${CMAKE_SOURCE_DIR}/kernel/boot/options.c
    ${CMAKE_SOURCE_DIR}/kernel/boot/payload.c
    ${CMAKE_SOURCE_DIR}/kernel/boot/region.c
    ${CMAKE_SOURCE_DIR}/kernel/cap/cdt.c
    ${CMAKE_SOURCE_DIR}/kernel/cap/cspace.c
    ${CMAKE_SOURCE_DIR}/kernel/cap/error.c
    ${CMAKE_SOURCE_DIR}/kernel/object/untyped_plan.c
    ${CMAKE_SOURCE_DIR}/kernel/lib/printf.c
    ${CMAKE_SOURCE_DIR}/kernel/host/console_host.c
    ${CMAKE_SOURCE_DIR}/kernel/host/arch_host.c)

function(conductor_kernel_logic_library name)
    add_library(${name} STATIC ${CONDUCTOR_KERNEL_LOGIC_SOURCES})
    target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR}/kernel/include
        ${CMAKE_SOURCE_DIR}/arch/riscv64/include ${CMAKE_SOURCE_DIR}/platform/include)
    target_compile_definitions(${name} PUBLIC CONDUCTOR_HOST_BUILD=1 CONDUCTOR_DEBUG=1)
    target_link_libraries(${name} PUBLIC conductor_abi)
endfunction()

conductor_kernel_logic_library(conductor_kernel_logic)
conductor_kernel_logic_library(conductor_kernel_logic_sanitized)
target_compile_options(conductor_kernel_logic_sanitized PUBLIC ${CONDUCTOR_SANITIZE_FLAGS})
target_link_options(conductor_kernel_logic_sanitized PUBLIC ${CONDUCTOR_SANITIZE_FLAGS})
