# SPDX-License-Identifier: BSD-2-Clause
# QEMU tests of interrupts and the user-level drivers, for inclusion from
# tests/qemu/CMakeLists.txt (host configure) after QEMU_TEST, QEMU_RISCV64
# and DYN are set:
#   include(${CMAKE_SOURCE_DIR}/tests/qemu/irqtest/ctest.cmake)
set(DRV_IMAGES ${CONDUCTOR_TARGET_BINARY_DIR}/images)

# Interrupts as capabilities (needs virt's goldfish RTC).
add_test(NAME qemu.irq.irqtest.virt
    COMMAND ${QEMU_TEST} --timeout 200 --forbid " FAIL" --log ${COVERAGE_LOGS}/irqtest.log
            --expect "irqtest: interrupts as capabilities" --expect "[0-9]+ passed, 0 failed"
            --expect "system control: power off requested" --expect-exit
            -- ${QEMU_RISCV64} -nographic -machine virt -smp 2 -m 1G ${DYN}
               -kernel ${DRV_IMAGES}/irqtest.elf)
set_tests_properties(qemu.irq.irqtest.virt PROPERTIES TIMEOUT 260 LABELS qemu)

# The serial driver: the harness types two lines, the client echoes them.
set(SERIAL_ARGS --timeout 120 --forbid " FAIL"
    --send-on "serialtest: type a line" "hello conductor"
    --send-on "serialtest: type another line" "second line"
    --expect "serialtest: user-level serial driver"
    --expect "echo: hello conductor" --expect "echo: second line" --expect "serialtest: done")
add_test(NAME qemu.drivers.serialtest.virt
    COMMAND ${QEMU_TEST} ${SERIAL_ARGS}
            --expect "system control: power off requested" --expect-exit
            -- ${QEMU_RISCV64} -nographic -machine virt -m 1G ${DYN}
               -kernel ${DRV_IMAGES}/serialtest.elf)
add_test(NAME qemu.drivers.serialtest.sifive_u
    COMMAND ${QEMU_TEST} ${SERIAL_ARGS} --contains "console sifive,uart0 at 0x10010000, irq 4"
            --expect "power off: the firmware refused"
            -- ${QEMU_RISCV64} -nographic -machine sifive_u ${DYN}
               -kernel ${DRV_IMAGES}/serialtest.elf)
set_tests_properties(qemu.drivers.serialtest.virt qemu.drivers.serialtest.sifive_u
    PROPERTIES TIMEOUT 180 LABELS qemu)

# The virtio-blk driver on a fresh 1 MiB zero disk, legacy and modern
# virtio-mmio. `sh -c` makes the disk, then runs the rest of the line.
foreach(legacy true false)
    set(disk ${CMAKE_CURRENT_BINARY_DIR}/blktest-${legacy}.img)
    add_test(NAME qemu.drivers.blktest.virt.legacy_${legacy}
        COMMAND sh -c "rm -f '${disk}' && truncate -s 1M '${disk}' && exec \"$@\"" sh
                ${QEMU_TEST} --timeout 120 --forbid " FAIL"
                --expect "blktest: virtio-blk driver" --expect "blktest: 16 sectors verified"
                --expect "[0-9]+ passed, 0 failed"
                --expect "system control: power off requested" --expect-exit
                -- ${QEMU_RISCV64} -nographic -machine virt -m 1G ${DYN}
                   -kernel ${DRV_IMAGES}/blktest.elf -global virtio-mmio.force-legacy=${legacy}
                   -drive file=${disk},if=none,format=raw,id=hd0
                   -device virtio-blk-device,drive=hd0)
    set_tests_properties(qemu.drivers.blktest.virt.legacy_${legacy}
        PROPERTIES TIMEOUT 180 LABELS qemu)
endforeach()
