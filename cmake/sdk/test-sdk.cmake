# SPDX-License-Identifier: BSD-2-Clause
# Test of the SDK (cmake -P): installs the RISC-V build TARGET_BUILD into
# WORK/sdk and builds PROJECT (a stand-alone example) against it in
# WORK/build with the TOOLCHAIN (gcc or clang) compiler. REQUIRE (optional):
# files the installed SDK must have, relative to its prefix.
foreach(v TARGET_BUILD PROJECT WORK TOOLCHAIN)
    if(NOT DEFINED ${v})
        message(FATAL_ERROR "test-sdk.cmake: -D${v}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE ${WORK})
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGN}")
    endif()
endfunction()
run(${CMAKE_COMMAND} --install ${TARGET_BUILD} --prefix ${WORK}/sdk)
foreach(f bin/conductor-mkpayload ${REQUIRE})
    if(NOT EXISTS ${WORK}/sdk/${f})
        message(FATAL_ERROR "the SDK has no ${f}")
    endif()
endforeach()
run(${CMAKE_COMMAND} -S ${PROJECT} -B ${WORK}/build
    -DCMAKE_TOOLCHAIN_FILE=${WORK}/sdk/share/conductor/toolchain.cmake
    -DCONDUCTOR_TARGET_TOOLCHAIN=${TOOLCHAIN})
run(${CMAKE_COMMAND} --build ${WORK}/build)
