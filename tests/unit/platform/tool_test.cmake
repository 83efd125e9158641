# SPDX-License-Identifier: BSD-2-Clause
# unit.platform.tool: conductor-platform on real trees (--json output parsed
# with string(JSON), keys and values checked), on a tree without console or
# PLIC (nulls), on a truncated file (exit 1 and a message) and without
# arguments (exit 2). The last two trees are written by unit.platform.cases.
# Run as: cmake -DTOOL=... -DDTB_DIR=... -DWORK_DIR=... -P tool_test.cmake
function(fail what)
    message(FATAL_ERROR "conductor-platform: ${what}")
endfunction()

function(run_json file out_var)
    execute_process(COMMAND "${TOOL}" --json "${file}" RESULT_VARIABLE rc
                    OUTPUT_VARIABLE json ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        fail("--json ${file} exited ${rc}: ${err}")
    endif()
    set(${out_var} "${json}" PARENT_SCOPE)
endfunction()

# expect(JSON VALUE [LENGTH|TYPE] PATH...): the value (or its length or
# type) at PATH equals VALUE.
function(expect json value)
    set(mode GET)
    set(path ${ARGN})
    list(GET path 0 first)
    if(first STREQUAL "LENGTH" OR first STREQUAL "TYPE")
        set(mode ${first})
        list(REMOVE_AT path 0)
    endif()
    string(JSON got ERROR_VARIABLE error ${mode} "${json}" ${path})
    if(error OR NOT got STREQUAL value)
        fail("${ARGN}: got '${got}' ${error}, expected '${value}'")
    endif()
endfunction()

# expect_keys(JSON "k1;k2;..." PATH...): the object at PATH has exactly these keys.
function(expect_keys json keys)
    string(JSON n LENGTH "${json}" ${ARGN})
    set(found "")
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
        string(JSON key MEMBER "${json}" ${ARGN} ${i})
        list(APPEND found ${key})
    endforeach()
    list(SORT found)
    list(SORT keys)
    if(NOT found STREQUAL keys)
        fail("keys at '${ARGN}': got '${found}', expected '${keys}'")
    endif()
endfunction()

run_json("${DTB_DIR}/opensbi-handoff-virt-smp4-2G.dtb" j)
expect_keys("${j}" "model;memory;reserved;console;plic;timebase;harts")
expect("${j}" "riscv-virtio,qemu" model)
expect("${j}" 1 LENGTH memory)
expect_keys("${j}" "base;size" memory 0)
expect("${j}" 2147483648 memory 0 base)
expect("${j}" 2147483648 memory 0 size)
expect("${j}" 2147483648 reserved 0 base)
expect("${j}" 524288 reserved 0 size)
expect_keys("${j}" "compatible;base;reg_shift;reg_io_width;irq" console)
expect("${j}" ns16550a console compatible)
expect("${j}" 268435456 console base)
expect("${j}" 0 console reg_shift)
expect("${j}" 1 console reg_io_width)
expect("${j}" 10 console irq)
expect_keys("${j}" "base;ndev;contexts" plic)
expect("${j}" 201326592 plic base)
expect("${j}" 96 plic ndev)
expect_keys("${j}" "0;1;2;3" plic contexts)
expect("${j}" 1 plic contexts 0)
expect("${j}" 7 plic contexts 3)
expect("${j}" 10000000 timebase)
expect("${j}" 4 LENGTH harts)
expect("${j}" 0 harts 0)
expect("${j}" 3 harts 3)

run_json("${DTB_DIR}/jh7110-starfive-visionfive-2-v1.3b.dtb" j)
expect("${j}" 4294967296 memory 0 size)
expect("${j}" 0 LENGTH reserved)
expect("${j}" snps,dw-apb-uart console compatible)
expect("${j}" 2 console reg_shift)
expect("${j}" 4 console reg_io_width)
expect_keys("${j}" "1;2;3;4" plic contexts)
expect("${j}" 8 plic contexts 4)
expect("${j}" 4000000 timebase)
expect("${j}" 1 harts 0)

run_json("${WORK_DIR}/bare.dtb" j)
expect("${j}" NULL TYPE console)
expect("${j}" NULL TYPE plic)

execute_process(COMMAND "${TOOL}" "${DTB_DIR}/hifive-unleashed-a00.dtb"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "SiFive HiFive Unleashed A00" OR
   NOT out MATCHES "hart 4->8" OR NOT out MATCHES "timebase: 1000000 Hz")
    fail("human summary (${rc}):\n${out}")
endif()

execute_process(COMMAND "${TOOL}" --json "${WORK_DIR}/truncated.dtb"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES
   "^conductor-platform: [^\n]*truncated.dtb: truncated: totalsize [0-9]+ is larger than the blob \\(at offset 4\\)")
    fail("truncated file: exit ${rc}, stderr '${err}'")
endif()
if(NOT out STREQUAL "")
    fail("truncated file: unexpected output '${out}'")
endif()

execute_process(COMMAND "${TOOL}" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "usage: conductor-platform")
    fail("no arguments: exit ${rc}, stderr '${err}'")
endif()
execute_process(COMMAND "${TOOL}" --bogus x.dtb RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
    fail("bad option: exit ${rc}")
endif()
execute_process(COMMAND "${TOOL}" "${WORK_DIR}/no-such-file.dtb" RESULT_VARIABLE rc
                ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "no-such-file.dtb")
    fail("missing file: exit ${rc}, stderr '${err}'")
endif()
message(STATUS "conductor-platform: all checks passed")
