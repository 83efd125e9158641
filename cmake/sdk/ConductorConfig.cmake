# SPDX-License-Identifier: BSD-2-Clause
# find_package(Conductor): building Conductor root tasks, components and
# bootable images outside the Conductor tree, against an installed SDK.
#
#   cmake_minimum_required(VERSION 3.20)
#   project(app C)                  # with -DCMAKE_TOOLCHAIN_FILE=<sdk>/share/conductor/toolchain.cmake
#   find_package(Conductor REQUIRED)
#   conductor_add_component(server server.c)                 # started by the root task
#   conductor_add_root_task(app main.c)                      # links Conductor::cap
#   conductor_embed_files(TARGET app FILES server)
#   conductor_add_image(NAME app ROOT_TASK app)              # images/app.elf and .bin
#
# Provides: the imported libraries Conductor::runtime and Conductor::cap
# (headers included), CONDUCTOR_USER_FLAGS, and the functions
#   conductor_add_root_task(NAME SOURCES...)
#   conductor_add_component(NAME SOURCES...)
#   conductor_embed_files(TARGET t FILES items...)           (see embed.cmake)
#   conductor_add_image(NAME n ROOT_TASK t [FLAVOUR debug|release]
#                       [OPTIONS key=value...] [LOAD_ADDRESS addr])
#   conductor_add_system(NAME n SPEC file.cdl COMPONENTS targets... [DTB file]
#                        [FLAVOUR debug|release] [ARGS compiler-args...])
#       a capDL system (docs/capdl.md): the spec compiled by conductor-capdl
#       against the components' ELFs, embedded into the capDL loader, as the
#       image images/n.elf (and .bin)
cmake_minimum_required(VERSION 3.20)
get_filename_component(_cnd_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT CMAKE_SYSTEM_PROCESSOR STREQUAL "riscv64")
    set(Conductor_FOUND FALSE)
    set(Conductor_NOT_FOUND_MESSAGE "Conductor programs need the RISC-V toolchain: configure with "
        "-DCMAKE_TOOLCHAIN_FILE=${_cnd_prefix}/share/conductor/toolchain.cmake")
    return()
endif()

set(CONDUCTOR_SDK_PREFIX ${_cnd_prefix})
set(CONDUCTOR_USER_LDSCRIPT ${_cnd_prefix}/share/conductor/user.ld)
set(CONDUCTOR_KERNEL_LDSCRIPT ${_cnd_prefix}/share/conductor/kernel.ld)
set(CONDUCTOR_LINK_IMAGE ${_cnd_prefix}/share/conductor/link-image.sh)
find_program(CONDUCTOR_MKPAYLOAD conductor-mkpayload HINTS ${_cnd_prefix}/bin NO_CMAKE_FIND_ROOT_PATH)
if(NOT CONDUCTOR_MKPAYLOAD)
    message(WARNING "Conductor SDK: conductor-mkpayload not found in ${_cnd_prefix}/bin or PATH; "
        "conductor_add_image will fail until it is installed")
endif()

find_program(CONDUCTOR_CAPDL conductor-capdl HINTS ${_cnd_prefix}/bin NO_CMAKE_FIND_ROOT_PATH)
file(GLOB CONDUCTOR_CAPDL_LOADER_OBJECTS ${_cnd_prefix}/lib/conductor/capdl-loader/*.o
    ${_cnd_prefix}/lib/conductor/capdl-loader/*.obj)

# The flags the SDK's libraries were built with (cmake/target.cmake).
if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
    set(_cnd_march rv64imac)
else()
    set(_cnd_march rv64imac_zicsr_zifencei)
endif()
set(CONDUCTOR_USER_FLAGS -march=${_cnd_march} -mabi=lp64 -mcmodel=medany
    -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fno-pic
    -fno-omit-frame-pointer -fno-common -Wall -Wextra -g -O2)

foreach(_lib runtime cap)
    if(NOT TARGET Conductor::${_lib})
        add_library(Conductor::${_lib} STATIC IMPORTED)
        set_target_properties(Conductor::${_lib} PROPERTIES
            IMPORTED_LOCATION ${_cnd_prefix}/lib/libconductor_${_lib}.a
            INTERFACE_INCLUDE_DIRECTORIES ${_cnd_prefix}/include)
    endif()
endforeach()
set_target_properties(Conductor::cap PROPERTIES INTERFACE_LINK_LIBRARIES Conductor::runtime)

include(${CMAKE_CURRENT_LIST_DIR}/embed.cmake)

function(_conductor_program name)
    target_compile_options(${name} PRIVATE ${CONDUCTOR_USER_FLAGS})
    target_link_options(${name} PRIVATE -nostdlib -static -T ${CONDUCTOR_USER_LDSCRIPT}
        -Wl,--build-id=none -Wl,-z,max-page-size=4096)
    set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS ${CONDUCTOR_USER_LDSCRIPT})
endfunction()

# A root task: started by the kernel with main(boot_info).
function(conductor_add_root_task name)
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE Conductor::runtime Conductor::cap)
    _conductor_program(${name})
endfunction()

# A component: started by cnd_create_process, enters cnd_main(a0..a3). The
# library comes first on the link line so its cnd_exit (report to the
# creator) is linked instead of the root task's.
function(conductor_add_component name)
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE Conductor::cap)
    _conductor_program(${name})
    target_link_options(${name} PRIVATE -Wl,-u,_cnd_component_start -Wl,-e,_cnd_component_start)
endfunction()

# A bootable image: the kernel (debug by default) with the root task as its
# boot payload: ${CMAKE_BINARY_DIR}/images/NAME.elf (QEMU -kernel) and .bin
# (U-Boot booti).
function(conductor_add_image)
    cmake_parse_arguments(I "" "NAME;ROOT_TASK;FLAVOUR;LOAD_ADDRESS" "OPTIONS" ${ARGN})
    if(NOT I_NAME OR NOT I_ROOT_TASK)
        message(FATAL_ERROR "conductor_add_image: NAME and ROOT_TASK are required")
    endif()
    if(NOT I_FLAVOUR)
        set(I_FLAVOUR debug)
    endif()
    set(kernel ${_cnd_prefix}/lib/conductor/libconductor_kernel_${I_FLAVOUR}.a)
    set(out ${CMAKE_BINARY_DIR}/images/${I_NAME}.elf)
    set(payload ${CMAKE_BINARY_DIR}/images/${I_NAME}.payload)
    set(option_args)
    foreach(o IN LISTS I_OPTIONS)
        list(APPEND option_args --option ${o})
    endforeach()
    add_custom_command(OUTPUT ${out} ${CMAKE_BINARY_DIR}/images/${I_NAME}.bin
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/images
        COMMAND ${CONDUCTOR_MKPAYLOAD} -o ${payload} ${option_args}
                roottask=$<TARGET_FILE:${I_ROOT_TASK}>
        COMMAND ${CONDUCTOR_LINK_IMAGE} riscv64-unknown-elf-gcc ${CMAKE_OBJCOPY}
                ${CONDUCTOR_KERNEL_LDSCRIPT} ${kernel} ${payload} ${out} ${I_LOAD_ADDRESS}
        DEPENDS ${I_ROOT_TASK} ${kernel} ${CONDUCTOR_KERNEL_LDSCRIPT}
        COMMENT "Linking image ${I_NAME}"
        VERBATIM)
    add_custom_target(image_${I_NAME} ALL DEPENDS ${out})
endfunction()

# A capDL system: SPEC compiled (with the components' ELFs, found in their
# build directories, and DTB for device-tree paths) into a binary spec that
# the capDL loader, the root task, embeds and builds at boot.
function(conductor_add_system)
    cmake_parse_arguments(S "" "NAME;SPEC;DTB;FLAVOUR" "COMPONENTS;ARGS" ${ARGN})
    if(NOT S_NAME OR NOT S_SPEC)
        message(FATAL_ERROR "conductor_add_system: NAME and SPEC are required")
    endif()
    if(NOT CONDUCTOR_CAPDL OR NOT CONDUCTOR_CAPDL_LOADER_OBJECTS)
        message(FATAL_ERROR "conductor_add_system: the SDK in ${_cnd_prefix} has no capDL "
            "compiler (bin/conductor-capdl) or loader (lib/conductor/capdl-loader)")
    endif()
    get_filename_component(spec ${S_SPEC} ABSOLUTE)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${S_NAME}.capdl)
    set(args)
    foreach(c IN LISTS S_COMPONENTS)
        list(APPEND args -L $<TARGET_FILE_DIR:${c}>)
    endforeach()
    if(S_DTB)
        get_filename_component(dtb ${S_DTB} ABSOLUTE)
        list(APPEND args --dtb ${dtb})
    endif()
    add_custom_command(OUTPUT ${out}
        COMMAND ${CONDUCTOR_CAPDL} ${spec} ${args} ${S_ARGS} -o ${out}
        DEPENDS ${spec} ${S_COMPONENTS} ${CONDUCTOR_CAPDL} ${dtb}
        COMMENT "Compiling capDL spec ${S_NAME}"
        VERBATIM)
    conductor_add_root_task(${S_NAME}_loader ${CONDUCTOR_CAPDL_LOADER_OBJECTS})
    set_target_properties(${S_NAME}_loader PROPERTIES LINKER_LANGUAGE C)
    conductor_embed_files(TARGET ${S_NAME}_loader FILES capdl=${out})
    set(flavour)
    if(S_FLAVOUR)
        set(flavour FLAVOUR ${S_FLAVOUR})
    endif()
    conductor_add_image(NAME ${S_NAME} ROOT_TASK ${S_NAME}_loader ${flavour})
endfunction()
