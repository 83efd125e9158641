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
    "hello: running as a capDL component, IPC buffer at 0x[0-9a-f]+, CNode of 2.8 slots, first free slot 6"
    "hello: slot 1: tag 12" "hello: slot 2: tag 10" "hello: slot 3: tag 3"
    "hello: slot 4: tag 26" "hello: slot 5: tag 4"
    "hello: powering off" "system control: power off requested")
# Plain capDL: hello's expansion plus untypeds covering objects (a child
# untyped with a frame inside, a frame), an ASID pool of the spec's own and a
# cap derived from another through the cdt.
# (The object count follows hello's size: its image frames are in the spec.)
capdl_boot_test(plain EXIT EXPECT
    "capdl-loader: spec of [0-9]+ bytes: [0-9]+ objects"
    "hello: slot 4: tag 26" "hello: slot 6: tag 2" "hello: slot 7: tag 1"
    "hello: slot 9: tag 4" "hello: slot 10: tag 4"
    "hello: powering off" "system control: power off requested")
capdl_boot_test(channel EXIT EXPECT
    "server: request label 1 value 10 from badge 1" "client: call 1: reply label 2, value 11"
    "server: request label 1 value 30 from badge 1" "client: call 3: reply label 2, value 31"
    "client: now faulting on purpose"
    "server: fault from badge 255: VM fault: write to 0x10 at pc 0x"
    "server: powering off" "system control: power off requested")
capdl_boot_test(shared EXIT EXPECT
    "producer: wrote the message at 0x40000000"
    "supervisor: 'producer' exited with status 0"
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
capdl_boot_test(supervisor EXIT EXPECT
    "capdl-loader: system started; supervising 4 components"
    "faulter: start 1, faulting now"
    "supervisor: 'faulter' faulted: VM fault: write to 0x10 at pc 0x[0-9a-f]+"
    "supervisor: restarting 'faulter' .restart 1 of at most 3.: [0-9]+ writable frames re-filled"
    "faulter: start 1, faulting now"
    "supervisor: restarting 'faulter' .restart 3 of at most 3."
    "faulter: start 1, faulting now"
    "supervisor: 'faulter' stopped: it faulted again after 3 restarts"
    "client: now faulting on purpose"
    "supervisor: 'stopper' faulted: VM fault: write to 0x10"
    "supervisor: 'stopper' stopped .on_fault: stop."
    "ctl: asking the supervisor"
    "NAME +STATE +PRIO RESTARTS FAULTS ON_FAULT"
    "faulter +stopped +200 +3 +4 restart"
    "stopper +stopped +190 +0 +1 stop"
    "worker +running +100 +0 +0 stop"
    "caps of 'worker' .CNode 'worker_cnode', 256 slots."
    "  1 tcb +worker"
    "  2 cnode +worker_cnode .guard 0x0, guard size 56."
    "  4 notification +stop_worker .R."
    "  5 endpoint +supervisor_ep .WP, badge 0x2."
    "  6 endpoint +supervisor_ep .WG, badge 0x4000000000000002."
    "caps: no component named 'nobody'"
    "ctl: op 2 failed with 2"
    "memory: RAM untypeds [0-9]+ KiB, used by the system [0-9]+ KiB, free [0-9]+ KiB"
    "  worker +[0-9]+ KiB"
    "unknown operation 99"
    "ctl: op 99 failed with 1"
    "ctl: requesting shutdown"
    "supervisor: shutdown requested .badge 1.: notifying 1 component[^s]"
    "shutdown: notifying 1 component[^s]"
    "shutdown: already in progress"
    "ctl: op 4 failed with 3"
    "worker: running, waiting for the shutdown signal"
    "worker: shutdown signal .badge 1., saying done"
    "supervisor: 'worker' finished its shutdown"
    "supervisor: every notified component is done: powering off"
    "system control: power off requested")
capdl_boot_test(badversion FORBID "system started" EXPECT
    "capdl-loader: the embedded spec .[0-9]+ bytes. is invalid: header: unsupported version"
    "capdl-loader: stopped while checking the spec; the system was not started")

# Round trip: the loader (LD_ROUNDTRIP build) dumps what it built; every CNode
# of the spec must equal the compiler's expansion, slot by slot, and every
# object must sit where the compiler's allocation check placed it. The second
# test changes one expected badge and must see the difference.
foreach(mode plain mutate)
    # plain also checks every object's address against the compiler's
    # allocation check (the loader without spec gives its image layout).
    set(extra --loader ${CONDUCTOR_TARGET_BINARY_DIR}/capdl-loader/capdl_loader_bare.elf)
    if(mode STREQUAL "mutate")
        set(extra --mutate)
    endif()
    add_test(NAME qemu.capdl.roundtrip.${mode}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/capdl/roundtrip.py ${extra}
                --compiler $<TARGET_FILE:conductor-capdl>
                --spec ${CMAKE_SOURCE_DIR}/tests/capdl/boot/roundtrip.cdl
                -L ${CONDUCTOR_TARGET_BINARY_DIR}/capdl-components
                --dtb ${CMAKE_SOURCE_DIR}/tests/data/dtbs/opensbi-handoff-virt-smp1-2G.dtb
                --timeout 90
                -- ${QEMU_RISCV64} -nographic -machine virt -smp 1 -m 2G ${DYN}
                   -kernel ${CONDUCTOR_TARGET_BINARY_DIR}/images/capdl_roundtrip.elf)
    set_tests_properties(qemu.capdl.roundtrip.${mode} PROPERTIES TIMEOUT 150 LABELS "qemu;capdl")
endforeach()

# The same comparison for the plain-capDL spec (untyped caps, a frame cap).
add_test(NAME qemu.capdl.roundtrip.untyped
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/capdl/roundtrip.py
            --compiler $<TARGET_FILE:conductor-capdl>
            --spec ${CONDUCTOR_TARGET_BINARY_DIR}/capdl-loader/plain.cdl
            -L ${CONDUCTOR_TARGET_BINARY_DIR}/capdl-components --timeout 90
            -- ${QEMU_RISCV64} -nographic -machine virt -smp 1 -m 1G ${DYN}
               -kernel ${CONDUCTOR_TARGET_BINARY_DIR}/images/capdl_plain_roundtrip.elf)
set_tests_properties(qemu.capdl.roundtrip.untyped PROPERTIES TIMEOUT 150 LABELS "qemu;capdl")

# Boot-info fill: the device tree's header as hello reads it where the spec
# mapped the frame (0xd00dfeed is the flattened-tree magic).
capdl_boot_test(fdt EXIT EXPECT
    "hello: at 0x64000: magic 0xd00dfeed, total size [1-9][0-9]+"
    "hello: powering off" "system control: power off requested")
