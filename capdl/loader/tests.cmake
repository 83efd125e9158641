# SPDX-License-Identifier: BSD-2-Clause
# Boot tests of the capDL loader (host configure; included from
# tests/qemu/CMakeLists.txt after QEMU_TEST, QEMU_RISCV64 and DYN are set).
# Each boots images/capdl_NAME.elf (capdl/loader/CMakeLists.txt) and checks
# what the loader and the components print, in order.
# capdl_boot_test(NAME [EXIT] [MEMORY size] [SEND regex text] EXPECT regex...)
function(capdl_boot_test name)
    cmake_parse_arguments(T "EXIT" "MEMORY;IMAGE" "EXPECT;SEND;FORBID" ${ARGN})
    set(mem 1G)
    if(T_MEMORY)
        set(mem ${T_MEMORY})
    endif()
    set(image ${name})
    if(T_IMAGE)
        set(image ${T_IMAGE})
    endif()
    set(args --forbid "assertion failed" --forbid "panic:" --forbid "FAIL")
    foreach(f IN LISTS T_FORBID)
        list(APPEND args --forbid "${f}")
    endforeach()
    foreach(e IN LISTS T_EXPECT)
        list(APPEND args --expect "${e}")
    endforeach()
    if(T_SEND)
        list(GET T_SEND 0 on)
        list(GET T_SEND 1 text)
        list(APPEND args --send-on "${on}" "${text}")
    endif()
    if(T_EXIT)
        list(APPEND args --expect-exit)
    endif()
    add_test(NAME qemu.capdl.${name}
        COMMAND ${QEMU_TEST} --timeout 90 ${args}
                -- ${QEMU_RISCV64} -nographic -machine virt -smp 1 -m ${mem} ${DYN}
                   -kernel ${CONDUCTOR_TARGET_BINARY_DIR}/images/capdl_${image}.elf)
    set_tests_properties(qemu.capdl.${name} PROPERTIES TIMEOUT 150 LABELS "qemu;capdl")
endfunction()

capdl_boot_test(hello EXIT EXPECT
    "capdl-loader: spec of [0-9]+ bytes: [0-9]+ objects"
    "capdl-loader: created [0-9]+ objects"
    "hello: running as a capDL component, IPC buffer at 0x[0-9a-f]+, CNode of 2.8 slots"
    "hello: slot 1 tag 12 .thread., 2 tag 10 .cnode., 3 tag 3 .page table."
    "hello: powering off" "system control: power off requested")
capdl_boot_test(channel EXIT EXPECT
    "server: request label 1 value 10 from badge 1" "client: call 1: reply label 2, value 11"
    "server: request label 1 value 30 from badge 1" "client: call 3: reply label 2, value 31"
    "client: now faulting on purpose"
    "server: fault from badge 255: VM fault: write to 0x10 at pc 0x"
    "server: powering off" "system control: power off requested")
capdl_boot_test(shared EXIT EXPECT
    "producer: wrote the message at 0x40000000"
    "consumer: badge 1, read \"hello through shared memory\" and 'Z' at 0x50000000"
    "consumer: powering off" "system control: power off requested")
capdl_boot_test(device EXIT MEMORY 2G
    SEND "driver: waiting for a key" "x"
    EXPECT "driver: this line went through the UART registers mapped at 0x60000000"
    "driver: waiting for a key"
    "driver: interrupt .badge [0-9]+.: received 'x'"
    "driver: powering off" "system control: power off requested")
capdl_boot_test(many EXIT EXPECT
    "capdl-loader: spec of [0-9]+ bytes: [0-9]+ objects, [0-9]+ caps, [0-9]+ mappings, 20 threads"
    "server: request label 1 value 10 from badge 118"
    "server: request label 1 value 10 from badge 100"
    "server: powering off" "system control: power off requested")
capdl_boot_test(oom MEMORY 128M FORBID "system started" EXPECT
    "capdl-loader: not enough memory: untyped 'big_[ab]' .67108864 bytes. finds no room in the boot untypeds .largest free run [0-9]+ bytes."
    "capdl-loader: the [0-9]+ objects still to create need [0-9]+ bytes, [0-9]+ are free: [0-9]+ bytes missing"
    "capdl-loader: stopped while creating objects; the system was not started")
