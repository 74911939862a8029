// Debug mode, Python's `asyncio` debug mode for C++.
//
// On when the environment has ASYNCIO_DEBUG=1 (for every loop), or for one loop when a
// program asks for it (`run(coro, {.debug = true})`, `loop.set_debug(true)`). It reports a
// coroutine that was created and destroyed without ever being awaited, and a task step that holds
// the loop longer than 100 ms. Off, it costs nothing on the hot paths but a flag test where a
// report would be made.
#pragma once

namespace asyncio::detail {

// ASYNCIO_DEBUG is set in the environment.
bool debug_environment() noexcept;
// Debug mode is on here: by the environment, or because the loop running on this thread
// is in debug mode.
bool debug_mode() noexcept;

}  // namespace asyncio::detail
