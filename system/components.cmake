# SPDX-License-Identifier: BSD-2-Clause
# conductor_add_capdl_component(NAME SOURCES...): a component a capDL spec
# builds (high-level form: `component NAME { elf: "NAME.elf" ... }`). It
# enters system/runtime/capdl_start.c, which finds its IPC buffer from the
# compiler's layout and calls cnd_main(a0..a3) with the spec's `args`; its
# cnd_exit (suspend) is linked instead of the root task's (halt) or the
# cnd_create_process one (report to the creator), so the runtime library
# comes first on the link line. RISC-V configure only.
if(NOT TARGET conductor_capdl_runtime)
    add_library(conductor_capdl_runtime STATIC
        ${CMAKE_CURRENT_LIST_DIR}/runtime/capdl_start.c
        ${CMAKE_CURRENT_LIST_DIR}/runtime/strings.c)
    target_include_directories(conductor_capdl_runtime PUBLIC ${CMAKE_CURRENT_LIST_DIR}/runtime)
    target_link_libraries(conductor_capdl_runtime PUBLIC conductor_runtime)
    target_compile_options(conductor_capdl_runtime PRIVATE ${CONDUCTOR_USER_FLAGS})
endif()

function(conductor_add_capdl_component name)
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE conductor_capdl_runtime conductor_cap)
    target_compile_options(${name} PRIVATE ${CONDUCTOR_USER_FLAGS})
    target_link_options(${name} PRIVATE -nostdlib -static -T ${CONDUCTOR_USER_LDSCRIPT}
        -Wl,--build-id=none -Wl,-z,max-page-size=4096
        -Wl,-u,_cnd_capdl_start -Wl,-e,_cnd_capdl_start)
    set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS ${CONDUCTOR_USER_LDSCRIPT})
endfunction()
