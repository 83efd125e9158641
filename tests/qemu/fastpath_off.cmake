# SPDX-License-Identifier: BSD-2-Clause
# The conformance root tasks (captest, vmtest, ipctest, irqtest, libtest,
# conftest) again under the image option fastpath=off, where every system
# call takes the general path (trap_entry_general), on the same machine as
# their fastpath runs. Each run must pass on its own, and
# conformance.fastpath_identical then checks that it gave the same results as
# the fastpath run: the same case lines in the same order, the same summary
# and the same COVER lines (every system call made and every invocation
# result reached), so the fastpaths change nothing but instruction counts.
# Included from tests/qemu/CMakeLists.txt (QEMU_TEST, DYN, COVERAGE_LOGS).

set(_fp_images ${CONDUCTOR_TARGET_BINARY_DIR}/images)
set(_fp_pairs)
set(_fp_fixtures)
# task: the test name part; image: <image>_nofastpath.elf; header: the task's
# first line; on_test/on_log: the fastpath run and its transcript; the rest:
# the end expectations (EXIT: QEMU must exit) and QEMU's machine arguments,
# as the fastpath run has them.
function(conductor_fastpath_off task image header on_test on_log)
    cmake_parse_arguments(F "EXIT" "" "END;MACHINE" ${ARGN})
    set(name qemu.conf.${task}_nofastpath.virt)
    if(task STREQUAL "ipctest")
        set(name qemu.ipc.ipctest_nofastpath.virt)   # the name it always had
    endif()
    set(log ${COVERAGE_LOGS}/${task}.nofastpath.log)
    set(ends)
    foreach(e IN LISTS F_END)
        list(APPEND ends --expect "${e}")
    endforeach()
    if(F_EXIT)
        list(APPEND ends --expect-exit)
    endif()
    add_test(NAME ${name}
        COMMAND ${QEMU_TEST} --timeout 240 --forbid " FAIL" --log ${log}
                --expect "syscalls: fastpath off" --expect "${header}"
                --expect "[0-9]+ passed, 0 failed" ${ends}
                -- ${QEMU_RISCV64} -nographic ${F_MACHINE} ${DYN}
                   -kernel ${_fp_images}/${image}_nofastpath.elf)
    set_tests_properties(${name} PROPERTIES TIMEOUT 300 LABELS qemu
        FIXTURES_SETUP fastpath_off_logs)
    set_property(TEST ${on_test} APPEND PROPERTY FIXTURES_SETUP fastpath_off_logs)
    set(_fp_pairs ${_fp_pairs} --pair ${COVERAGE_LOGS}/${on_log} ${log} PARENT_SCOPE)
endfunction()

set(_fp_power_off "system control: power off requested")
conductor_fastpath_off(captest captest "captest: capability core tests"
    qemu.cap.captest.virt captest.log
    END "${_fp_power_off}" EXIT MACHINE -machine virt -smp 2 -m 1G)
conductor_fastpath_off(vmtest vmtest "vmtest: address space tests"
    qemu.vm.vmtest.write_readonly.virt vmtest.virt.log
    END "COVER end" "VM fault at 0x2000005000 .data access, FSR 7" MACHINE -machine virt -m 4G)
conductor_fastpath_off(ipctest ipctest "ipctest: threads, IPC and faults"
    qemu.ipc.ipctest.virt ipctest.log
    END "${_fp_power_off}" EXIT MACHINE -machine virt -smp 2 -m 1G)
conductor_fastpath_off(irqtest irqtest "irqtest: interrupts as capabilities"
    qemu.irq.irqtest.virt irqtest.log
    END "${_fp_power_off}" EXIT MACHINE -machine virt -smp 2 -m 1G)
conductor_fastpath_off(libtest libtest "libtest: libconductor-cap tests"
    qemu.lib.libtest.virt libtest.log
    END "${_fp_power_off}" EXIT MACHINE -machine virt -smp 2 -m 1G)
conductor_fastpath_off(conftest conftest "conftest: conformance cases"
    qemu.conf.conftest.virt conftest.log
    END "COVER end" "debug halt requested" EXIT MACHINE -machine virt -smp 2 -m 1G)

set(_fp_compare ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/conformance/compare_runs.py)
add_test(NAME conformance.fastpath_identical COMMAND ${_fp_compare} ${_fp_pairs})
set_tests_properties(conformance.fastpath_identical PROPERTIES
    FIXTURES_REQUIRED fastpath_off_logs TIMEOUT 60)
# The comparison itself: identical transcripts pass, each kind of
# difference (a case result, a missing case, the order, the summary, a COVER
# line, a run not really off) fails.
add_test(NAME conformance.fastpath_identical.selftest COMMAND ${_fp_compare} --selftest)
set_tests_properties(conformance.fastpath_identical.selftest PROPERTIES TIMEOUT 60)
