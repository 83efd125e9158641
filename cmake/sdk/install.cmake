# SPDX-License-Identifier: BSD-2-Clause
# SDK install rules of the RISC-V configure, included by
# userland/lib/CMakeLists.txt. `cmake --install <build>/target --prefix DIR`
# then gives a self-contained SDK:
#   DIR/include/{abi,conductor,platform}      headers (generated ones included)
#   DIR/lib/libconductor_{runtime,cap}.a      user libraries
#   DIR/lib/conductor/libconductor_kernel_{debug,release}.a
#   DIR/share/conductor/{kernel.ld,user.ld,link-image.sh}
#   DIR/share/conductor/{toolchain.cmake,riscv64-gcc.cmake,riscv64-clang.cmake}
#   DIR/lib/cmake/Conductor/                  find_package(Conductor)
#   DIR/bin/conductor-mkpayload               image packer (host build)
#   DIR/bin/conductor-capdl                   capDL compiler (host build)
#   DIR/lib/conductor/capdl-loader/           the capDL loader's objects
#                                             (capdl/loader/CMakeLists.txt)
set(_sdk ${CMAKE_CURRENT_LIST_DIR})

install(DIRECTORY ${CMAKE_SOURCE_DIR}/abi/include/abi DESTINATION include FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${CONDUCTOR_ABI_GENERATED_DIR}/abi ${CONDUCTOR_ABI_GENERATED_DIR}/conductor
        DESTINATION include FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/userland/include/conductor DESTINATION include
        FILES_MATCHING PATTERN "*.h")
install(FILES ${CMAKE_SOURCE_DIR}/platform/include/platform/fdt.h
              ${CMAKE_SOURCE_DIR}/platform/include/platform/platform_info.h
        DESTINATION include/platform)

install(TARGETS conductor_runtime conductor_cap ARCHIVE DESTINATION lib)
install(TARGETS conductor_kernel_debug conductor_kernel_release ARCHIVE DESTINATION lib/conductor)

install(FILES ${CONDUCTOR_KERNEL_LDSCRIPT} ${CONDUCTOR_USER_LDSCRIPT}
              ${CMAKE_SOURCE_DIR}/cmake/riscv64-gcc.cmake ${CMAKE_SOURCE_DIR}/cmake/riscv64-clang.cmake
              ${_sdk}/toolchain.cmake
        DESTINATION share/conductor)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/tools/image/link-image.sh DESTINATION share/conductor)

include(CMakePackageConfigHelpers)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/ConductorConfigVersion.cmake
    VERSION ${CONDUCTOR_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${_sdk}/ConductorConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/ConductorConfigVersion.cmake
              ${CMAKE_SOURCE_DIR}/userland/lib/embed.cmake ${CMAKE_SOURCE_DIR}/userland/lib/embed.c.in
        DESTINATION lib/cmake/Conductor)

# The image packer is a host program, built by the host configure before
# this one; installed from there when present (the host build owns it).
install(PROGRAMS ${CONDUCTOR_HOST_BINARY_DIR}/tools/mkpayload/conductor-mkpayload
        DESTINATION bin OPTIONAL)
install(PROGRAMS ${CONDUCTOR_HOST_BINARY_DIR}/capdl/conductor-capdl DESTINATION bin OPTIONAL)
