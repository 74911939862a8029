#include "asyncio/core/debug.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace asyncio::detail {
namespace {

bool from_environment() noexcept {
    const char* value = std::getenv("ASYNCIO_DEBUG");
    return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
}

std::atomic<bool> debug{from_environment()};

}  // namespace

bool debug_mode() noexcept { return debug.load(std::memory_order_relaxed); }
void set_debug_mode(bool on) noexcept { debug.store(on, std::memory_order_relaxed); }

}  // namespace asyncio::detail
