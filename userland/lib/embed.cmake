# SPDX-License-Identifier: BSD-2-Clause
# conductor_embed_files(TARGET target FILES item...)
#
# Links files into `target` (a root task or component) and registers each in
# the table cnd_embedded_find() reads. An item is one of:
#   other_target      an executable target of this project: its output file,
#                     stripped (only its segments are ever loaded), under the
#                     target's name. The usual way to embed a component's ELF
#                     image into the root task that starts it; the unstripped
#                     file stays in the build tree for the debugger.
#   NAME=path         a file under NAME (path may be a generator expression)
#   path              a file under its file name
# Relative paths are taken from the current source directory. The target is
# rebuilt whenever an embedded file changes. Used in-tree and from the SDK
# (ConductorConfig.cmake includes this file).

# A global property: the function is called from other directories.
set_property(GLOBAL PROPERTY CND_EMBED_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/embed.c.in)

function(conductor_embed_files)
    cmake_parse_arguments(E "" "TARGET" "FILES" ${ARGN})
    if(NOT E_TARGET OR NOT E_FILES)
        message(FATAL_ERROR "conductor_embed_files: TARGET and FILES are required")
    endif()
    get_property(count TARGET ${E_TARGET} PROPERTY CND_EMBED_COUNT)
    if(NOT count)
        set(count 0)
    endif()
    set(entries "")
    set(deps "")
    foreach(item IN LISTS E_FILES)
        math(EXPR count "${count} + 1")
        if(TARGET ${item})
            set(name ${item})
            set(path ${CMAKE_CURRENT_BINARY_DIR}/${E_TARGET}_embed_${item}.elf)
            add_custom_command(OUTPUT ${path}
                COMMAND ${CMAKE_OBJCOPY} --strip-all $<TARGET_FILE:${item}> ${path}
                DEPENDS ${item}
                COMMENT "Stripping ${item} for embedding"
                VERBATIM)
        elseif(item MATCHES "^([^=]+)=(.+)$")
            set(name ${CMAKE_MATCH_1})
            set(path ${CMAKE_MATCH_2})
        else()
            get_filename_component(name ${item} NAME)
            set(path ${item})
        endif()
        if(NOT path MATCHES "^\\$<" AND NOT IS_ABSOLUTE ${path})
            set(path ${CMAKE_CURRENT_SOURCE_DIR}/${path})
        endif()
        if(NOT path MATCHES "^\\$<")
            list(APPEND deps ${path})
        endif()
        set(l ".Lcnd_embed_${count}")
        string(APPEND entries
            "__asm__(\"    .pushsection .rodata.cnd_embedded, \\\"a\\\", @progbits\\n\"\n"
            "        \"    .balign 16\\n\"\n"
            "        \"${l}_data:\\n\"\n"
            "        \"    .incbin \\\"${path}\\\"\\n\"\n"
            "        \"${l}_end:\\n\"\n"
            "        \"${l}_name:\\n\"\n"
            "        \"    .asciz \\\"${name}\\\"\\n\"\n"
            "        \"    .popsection\\n\"\n"
            "        \"    .pushsection cnd_embedded, \\\"a\\\", @progbits\\n\"\n"
            "        \"    .balign 8\\n\"\n"
            "        \"    .dword ${l}_name, ${l}_data, ${l}_end - ${l}_data\\n\"\n"
            "        \"    .popsection\\n\");\n")
    endforeach()
    set_property(TARGET ${E_TARGET} PROPERTY CND_EMBED_COUNT ${count})
    set(CND_EMBED_TARGET ${E_TARGET})
    set(CND_EMBED_ENTRIES "${entries}")
    set(base ${CMAKE_CURRENT_BINARY_DIR}/${E_TARGET}_embed_${count})
    get_property(template GLOBAL PROPERTY CND_EMBED_TEMPLATE)
    configure_file(${template} ${base}.c.gen @ONLY)
    # Generator expressions (target files) are resolved here.
    file(GENERATE OUTPUT ${base}.c.in INPUT ${base}.c.gen)
    # Copy and touch whenever an embedded file changes, so the object (and
    # the program) is rebuilt: the .incbin is invisible to dependency scans.
    add_custom_command(OUTPUT ${base}.c
        COMMAND ${CMAKE_COMMAND} -E copy ${base}.c.in ${base}.c
        COMMAND ${CMAKE_COMMAND} -E touch ${base}.c
        DEPENDS ${base}.c.in ${deps}
        COMMENT "Embedding files into ${E_TARGET}"
        VERBATIM)
    target_sources(${E_TARGET} PRIVATE ${base}.c)
endfunction()
