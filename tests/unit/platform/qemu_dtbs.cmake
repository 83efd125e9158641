# SPDX-License-Identifier: BSD-2-Clause
# unit.platform.qemu_dtbs: dumps the device trees QEMU builds for virt and
# sifive_u in several shapes and checks each with test_platform_dtbs
# (libfdt cross-check, hart count, memory size, PLIC context layout).
# Run as: cmake -DQEMU=... -DCHECKER=... -DWORK_DIR=... -P qemu_dtbs.cmake
if(NOT QEMU OR NOT EXISTS "${QEMU}")
    message(FATAL_ERROR "qemu-system-riscv64 not found (QEMU='${QEMU}'). This "
        "test needs it: apt-get install qemu-system-misc, then reconfigure.")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# check(NAME MACHINE_ARGS USABLE_HARTS MEMORY_BYTES CONTEXT_MULT,ADD)
function(check name machine_args harts memory context)
    set(dtb "${WORK_DIR}/${name}.dtb")
    list(GET machine_args 0 machine)
    list(REMOVE_AT machine_args 0)
    execute_process(
        COMMAND "${QEMU}" -machine "${machine},dumpdtb=${dtb}" ${machine_args}
                -nographic -monitor none
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out TIMEOUT 60)
    if(NOT rc EQUAL 0 OR NOT EXISTS "${dtb}")
        message(FATAL_ERROR "${name}: QEMU failed to dump its tree (${rc}):\n${out}")
    endif()
    execute_process(
        COMMAND "${CHECKER}" --expect-harts ${harts} --expect-memory ${memory}
                --expect-context ${context} "${dtb}"
        RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${name}: check failed")
    endif()
endfunction()

math(EXPR M128 "128 << 20")
math(EXPR G2 "2 << 30")
math(EXPR G8 "8 << 30")
# virt: harts 0..N-1, contexts M,S per hart (S = 2N+1).
check(virt-smp1-128M "virt;-smp;1;-m;128M" 1 ${M128} 2,1)
check(virt-smp4-2G "virt;-smp;4;-m;2G" 4 ${G2} 2,1)
check(virt-smp8-8G "virt;-smp;8;-m;8G" 8 ${G8} 2,1)
# sifive_u: hart 0 is the E51 (no MMU, M-mode context only), so S = 2N.
check(sifive_u-default "sifive_u" 1 ${M128} 2,0)
check(sifive_u-smp5-8G "sifive_u;-smp;5;-m;8G" 4 ${G8} 2,0)
