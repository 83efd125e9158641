# SPDX-License-Identifier: BSD-2-Clause
# ctest registrations for the tutorial examples (host configure): include
# from tests/qemu/CMakeLists.txt after QEMU_TEST, QEMU_RISCV64 and DYN are
# set. Each boots its image and checks what the tutorial says it prints
# (no square brackets in the patterns: CMake lists would not split there).
function(conductor_example_test name)
    set(expects)
    foreach(e IN LISTS ARGN)
        list(APPEND expects --expect "${e}")
    endforeach()
    add_test(NAME qemu.example.${name}
        COMMAND ${QEMU_TEST} --timeout 60 --forbid "assertion failed" --forbid "panic:"
                ${expects} --expect "system control: power off requested" --expect-exit
                -- ${QEMU_RISCV64} -nographic -machine virt -m 1G ${DYN}
                   -kernel ${CONDUCTOR_TARGET_BINARY_DIR}/images/example_${name}.elf)
    set_tests_properties(qemu.example.${name} PROPERTIES TIMEOUT 100 LABELS "qemu;examples")
endfunction()

conductor_example_test(hello
    "hello: Conductor root task, boot info at 0x"
    "hello: [0-9]+ untypeds, [0-9]+ MiB of RAM, free slots .[0-9]+, 8192."
    "hello: running on riscv-virtio,qemu"
    "hello: suspending an empty slot: InvalidCapability: the invoked cap"
    "hello: powering off")
conductor_example_test(thread
    "thread: created, stack top 0x"
    "thread: summed 1..100 in my own thread \\(my calls: 1\\)"
    "thread: the thread returned 5050; main's calls: 0")
conductor_example_test(pingpong
    "pingpong: started server and client"
    "pong: got ping 100 from client 7" "ping: pong says 101"
    "ping: pong says 105"
    "pingpong: client exit: status 105"
    "pingpong: server exit: status 5")
conductor_example_test(sharedmem
    "sharedmem: frame at physical 0x[0-9a-f]+ mapped at 0x2000000000 in both processes"
    "reader: found \"hello from the writer, through shared memory\""
    "sharedmem: reader exit: status 44"
    "sharedmem: the root task sees \"hello from the writer, through shared memory\"")
conductor_example_test(fault
    "faulty: writing to 0x2000000000, where nothing is mapped"
    "fault handler: VM fault: write to 0x2000000000"
    "fault handler: mapped a page at 0x2000000000, restarting"
    "fault handler: user exception: illegal instruction \\(scause 2\\)"
    "faulty: skipped it; exiting with 42"
    "fault handler: exit: status 42")

# The SDK: install the RISC-V build into a scratch prefix, build the
# pingpong example against it out of tree (gcc, then clang), boot the result.
set(_sdk_work ${CMAKE_BINARY_DIR}/sdk-test)
foreach(tc gcc clang)
    add_test(NAME sdk.build.pingpong.${tc}
        COMMAND ${CMAKE_COMMAND} -DTARGET_BUILD=${CONDUCTOR_TARGET_BINARY_DIR}
                -DPROJECT=${CMAKE_SOURCE_DIR}/examples/pingpong -DWORK=${_sdk_work}/${tc}
                -DTOOLCHAIN=${tc} -P ${CMAKE_SOURCE_DIR}/cmake/sdk/test-sdk.cmake)
    set_tests_properties(sdk.build.pingpong.${tc} PROPERTIES TIMEOUT 300 FIXTURES_SETUP sdk_${tc}
        LABELS sdk)
    add_test(NAME qemu.sdk.pingpong.${tc}
        COMMAND ${QEMU_TEST} --timeout 60 --expect "pingpong: client exit: status 105"
                --expect "system control: power off requested" --expect-exit
                -- ${QEMU_RISCV64} -nographic -machine virt -m 1G ${DYN}
                   -kernel ${_sdk_work}/${tc}/build/images/pingpong.elf)
    set_tests_properties(qemu.sdk.pingpong.${tc} PROPERTIES TIMEOUT 100 FIXTURES_REQUIRED sdk_${tc}
        LABELS "qemu;sdk")
endforeach()

# The SDK's capDL tools: the same installed SDK builds a system from a spec
# out of tree (examples/capdl-system: conductor_add_system with the SDK's
# conductor-capdl and capDL loader), which boots and runs.
foreach(tc gcc clang)
    add_test(NAME sdk.build.capdl.${tc}
        COMMAND ${CMAKE_COMMAND} -DTARGET_BUILD=${CONDUCTOR_TARGET_BINARY_DIR}
                -DPROJECT=${CMAKE_SOURCE_DIR}/examples/capdl-system -DWORK=${_sdk_work}/capdl-${tc}
                -DTOOLCHAIN=${tc} -DREQUIRE=bin/conductor-capdl\;lib/conductor/capdl-loader/main.c.obj
                -P ${CMAKE_SOURCE_DIR}/cmake/sdk/test-sdk.cmake)
    set_tests_properties(sdk.build.capdl.${tc} PROPERTIES TIMEOUT 300
        FIXTURES_SETUP sdk_capdl_${tc} LABELS sdk)
    add_test(NAME qemu.sdk.capdl.${tc}
        COMMAND ${QEMU_TEST} --timeout 60 --expect "capdl-loader: system started; supervising 2 components"
                --expect "adder server: 41 from badge 7" --expect "adder client: 41 \\+ 1 = 42"
                --expect "supervisor: 'client' exited with status 42"
                -- ${QEMU_RISCV64} -nographic -machine virt -m 1G ${DYN}
                   -kernel ${_sdk_work}/capdl-${tc}/build/images/adder.elf)
    set_tests_properties(qemu.sdk.capdl.${tc} PROPERTIES TIMEOUT 100
        FIXTURES_REQUIRED sdk_capdl_${tc} LABELS "qemu;sdk")
endforeach()
