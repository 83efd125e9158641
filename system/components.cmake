# SPDX-License-Identifier: BSD-2-Clause
# conductor_add_capdl_component(NAME SOURCES...): a component of a capDL
# spec (high-level form: `component NAME { elf: "NAME.elf" ... }`). It is an
# ordinary libconductor-cap component (conductor_add_component): the
# compiler starts it with the registers that runtime reads (a0..a3 the
# spec's `args`, a4 the IPC buffer, a6 the CNode size), it enters
# cnd_main(a0..a3), and ending it (return, cnd_exit) reports the exit to its
# fault handler, the supervisor. Added here: system/runtime (the slots every
# component has, strings in message registers). RISC-V configure only.
if(NOT TARGET conductor_system_runtime)
    add_library(conductor_system_runtime STATIC ${CMAKE_CURRENT_LIST_DIR}/runtime/strings.c)
    target_include_directories(conductor_system_runtime PUBLIC ${CMAKE_CURRENT_LIST_DIR}/runtime)
    target_link_libraries(conductor_system_runtime PUBLIC conductor_cap)
    target_compile_options(conductor_system_runtime PRIVATE ${CONDUCTOR_USER_FLAGS})
endif()

function(conductor_add_capdl_component name)
    conductor_add_component(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE conductor_system_runtime)
endfunction()
