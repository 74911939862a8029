// The build's choices that a program must share with the library it links: they change the
// layout of what the headers define. CMake records them in asyncio/build_config.hpp (in the
// build tree, and installed beside this header); a build without it takes the defaults.
#pragma once

#if __has_include("asyncio/build_config.hpp")
#include "asyncio/build_config.hpp"
#endif

// Every coroutine frame knows its function, its file and the line of the co_await it is
// suspended at, for the call graph (asyncio/core/call_graph.hpp): four stores of constants when
// a coroutine is created, one at each co_await, and three more when it awaits another Coro
// inline (the link the call graph walks). Configure with -DASYNCIO_CALL_GRAPH=OFF to leave them
// out: call graphs then show the tasks and who awaits them, without frames.
#ifndef ASYNCIO_CALL_GRAPH
#define ASYNCIO_CALL_GRAPH 1
#endif
