#include "asyncio/detail/core/debug.hpp"

#include <cstdlib>
#include <cstring>

#include "asyncio/detail/core/scheduler.hpp"

namespace asyncio::detail {

bool debug_environment() noexcept {
    static const bool on = [] {
        const char* value = std::getenv("ASYNCIO_DEBUG");
        return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
    }();
    return on;
}

bool debug_mode() noexcept {
    if (debug_environment()) return true;
    const Scheduler* running = Scheduler::running();
    return running != nullptr && running->debug();
}

}  // namespace asyncio::detail
