# SPDX-License-Identifier: BSD-2-Clause
# Wires libconductor-cap, its test root tasks (libtest, panictrace) and the tutorial examples into
# the RISC-V build: include this at the end of userland/CMakeLists.txt (after
# conductor_add_root_task and conductor_add_image are defined).
add_subdirectory(${CMAKE_CURRENT_LIST_DIR} ${CMAKE_BINARY_DIR}/userland/lib)
if(EXISTS ${CMAKE_SOURCE_DIR}/tests/qemu/libtest/CMakeLists.txt)
    add_subdirectory(${CMAKE_SOURCE_DIR}/tests/qemu/libtest ${CMAKE_BINARY_DIR}/tests/libtest)
endif()
if(EXISTS ${CMAKE_SOURCE_DIR}/tests/qemu/panictrace/CMakeLists.txt)
    add_subdirectory(${CMAKE_SOURCE_DIR}/tests/qemu/panictrace ${CMAKE_BINARY_DIR}/tests/panictrace)
endif()
if(EXISTS ${CMAKE_SOURCE_DIR}/examples/CMakeLists.txt)
    add_subdirectory(${CMAKE_SOURCE_DIR}/examples ${CMAKE_BINARY_DIR}/examples)
endif()
