# SPDX-License-Identifier: BSD-2-Clause
# ctest registrations for libtest (host configure): include from
# tests/qemu/CMakeLists.txt after QEMU_TEST, QEMU_RISCV64 and DYN are set.
add_test(NAME qemu.lib.libtest.virt
    COMMAND ${QEMU_TEST} --timeout 150 --forbid " FAIL" --log ${COVERAGE_LOGS}/libtest.log
            --expect "libtest: libconductor-cap tests" --expect "LIBPROC0008 .* pass"
            --expect "[0-9]+ passed, 0 failed"
            --expect "system control: power off requested" --expect-exit
            -- ${QEMU_RISCV64} -nographic -machine virt -smp 2 -m 1G ${DYN}
               -kernel ${CONDUCTOR_TARGET_BINARY_DIR}/images/libtest.elf)
set_tests_properties(qemu.lib.libtest.virt PROPERTIES TIMEOUT 200 LABELS qemu)
