# Configures, builds (incrementally: WORK_DIR is kept between runs) and runs the README
# programs of this directory with the compiler CXX under ASan + UBSan. Fails on a build
# error, a sanitizer report (the programs are built to stop at the first one) or a program
# that exits non-zero. LAUNCHER: the build's compiler launcher (ccache), if any.
function(run)
    execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
    endif()
    message(STATUS "${out}")
endfunction()

set(configure ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/readme -B ${WORK_DIR} -G Ninja
    -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER=${CXX} -DASYNCIO_SOURCE_DIR=${SOURCE_DIR})
if(LAUNCHER)
    list(APPEND configure -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
run(${configure})
run(${CMAKE_COMMAND} --build ${WORK_DIR} -j 2)
run(${CMAKE_CTEST_COMMAND} --test-dir ${WORK_DIR} --output-on-failure)
