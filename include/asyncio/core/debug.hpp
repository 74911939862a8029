// Debug mode, Python's `asyncio` debug mode for C++.
//
// On when the environment has ASYNCIO_DEBUG=1, or when a program asks for it
// (`run(coro, {.debug = true})`, `loop.set_debug(true)`). It reports a coroutine that was
// created and destroyed without ever being awaited, and a task step that holds the loop
// longer than 100 ms. Off, it costs nothing on the hot paths but a flag test where a report
// would be made.
#pragma once

namespace asyncio::detail {

bool debug_mode() noexcept;
void set_debug_mode(bool on) noexcept;

}  // namespace asyncio::detail
