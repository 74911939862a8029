# Installs the built library into a scratch prefix, then builds and runs a consumer project
# against it twice: once with find_package(asyncio), once with pkg-config flags. CXX_FLAGS
# are the build's own (a sanitizer build's library needs its consumers built the same way).
# With LIBRARY_CXX, the library is first built from SOURCE_DIR the way a user or a packager
# builds it (no preset, Release, only the library) by that compiler, and the consumer by CXX.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
set(expected "gather 42\ntask_group 42\necho hello\n")

function(run)
    execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(DEFINED LIBRARY_CXX)
    set(BUILD_DIR ${WORK_DIR}/library)
    run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G ${GENERATOR}
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${LIBRARY_CXX}
        -DASYNCIO_BUILD_TESTS=OFF -DASYNCIO_BUILD_EXAMPLES=OFF -DASYNCIO_BUILD_BENCHMARKS=OFF
        -DASYNCIO_BUILD_APPS=OFF)
    run(${CMAKE_COMMAND} --build ${BUILD_DIR})
endif()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# find_package
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/consumer
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/consumer)
if(NOT last_output STREQUAL expected)
    message(FATAL_ERROR "find_package consumer printed '${last_output}', expected '${expected}'")
endif()

# pkg-config
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
file(GLOB pc_dirs ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
list(JOIN pc_dirs ":" pc_path)
set(ENV{PKG_CONFIG_PATH} "${pc_path}")
run(${PKG_CONFIG} --cflags --libs asyncio)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(build_flags UNIX_COMMAND "${CXX_FLAGS}")
run(${CXX} ${build_flags} ${SOURCE_DIR}/tests/install/consumer/main.cpp ${flags} -o ${WORK_DIR}/pc_consumer)
run(${WORK_DIR}/pc_consumer)
if(NOT last_output STREQUAL expected)
    message(FATAL_ERROR "pkg-config consumer printed '${last_output}', expected '${expected}'")
endif()
# The HTTP component, the same two ways.
set(http_expected "http 200 hello\n")
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/http_consumer -B ${WORK_DIR}/http_consumer
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/http_consumer)
run(${WORK_DIR}/http_consumer/http_consumer)
if(NOT last_output STREQUAL http_expected)
    message(FATAL_ERROR "find_package http consumer printed '${last_output}', expected '${http_expected}'")
endif()
run(${PKG_CONFIG} --cflags --libs asyncio-http)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX} ${build_flags} ${SOURCE_DIR}/tests/install/http_consumer/main.cpp ${flags} -o ${WORK_DIR}/pc_http_consumer)
run(${WORK_DIR}/pc_http_consumer)
if(NOT last_output STREQUAL http_expected)
    message(FATAL_ERROR "pkg-config http consumer printed '${last_output}', expected '${http_expected}'")
endif()
message(STATUS "installed package works with find_package and pkg-config, core and http")
