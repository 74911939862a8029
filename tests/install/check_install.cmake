# Installs the built library into a scratch prefix, then builds and runs a consumer project
# against it twice: once with find_package(asyncio), once with pkg-config flags. CXX_FLAGS
# are the build's own (a sanitizer build's library needs its consumers built the same way).
# With LIBRARY_CXX, the library is first built from SOURCE_DIR the way a user or a packager
# builds it (no preset, Release, only the library) by that compiler, and the consumer by CXX;
# with LIBRARY_BUILD too, that build is already made there (scripts/test.sh's own).
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
    execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(LIBRARY_BUILD)  # a plain build by LIBRARY_CXX made already
    set(BUILD_DIR ${LIBRARY_BUILD})
elseif(DEFINED LIBRARY_CXX)
    set(BUILD_DIR ${WORK_DIR}/library)
    run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G ${GENERATOR}
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${LIBRARY_CXX}
        -DASYNCIO_BUILD_TESTS=OFF -DASYNCIO_BUILD_EXAMPLES=OFF -DASYNCIO_BUILD_BENCHMARKS=OFF
        -DASYNCIO_BUILD_APPS=OFF)
    run(${CMAKE_COMMAND} --build ${BUILD_DIR})
endif()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB pc_dirs ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
list(JOIN pc_dirs ":" pc_path)
set(ENV{PKG_CONFIG_PATH} "${pc_path}")
separate_arguments(build_flags UNIX_COMMAND "${CXX_FLAGS}")

# check_consumer(<project> <pkg-config module> <expected output>): the program of
# tests/install/<project> (whose target has the project's name) built against the install with
# find_package, and again with pkg-config's flags; each must print what is expected.
function(check_consumer project module expected)
    run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/${project} -B ${WORK_DIR}/${project}
        -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
    run(${CMAKE_COMMAND} --build ${WORK_DIR}/${project})
    run(${WORK_DIR}/${project}/${project})
    if(NOT last_output STREQUAL expected)
        message(FATAL_ERROR "find_package ${project} printed '${last_output}', expected '${expected}'")
    endif()
    run(${PKG_CONFIG} --cflags --libs ${module})
    string(STRIP "${last_output}" flags)
    separate_arguments(flags UNIX_COMMAND "${flags}")
    run(${CXX} ${build_flags} ${SOURCE_DIR}/tests/install/${project}/main.cpp ${flags}
        -o ${WORK_DIR}/pc_${project})
    run(${WORK_DIR}/pc_${project})
    if(NOT last_output STREQUAL expected)
        message(FATAL_ERROR "pkg-config ${project} printed '${last_output}', expected '${expected}'")
    endif()
endfunction()

check_consumer(consumer asyncio "gather 42\ntask_group 42\necho hello\n")
check_consumer(http_consumer asyncio-http "http 200 hello\n")  # the HTTP component
message(STATUS "installed package works with find_package and pkg-config, core and http")
