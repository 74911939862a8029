#include "asyncio/detail/core/future_core.hpp"

#include <cstdio>
#include <string>

#include "asyncio/core/errors.hpp"
#include "asyncio/core/exception_group.hpp"
#include "asyncio/detail/core/task_core.hpp"

namespace asyncio::detail {

bool FutureCore::cancel(std::string_view message) {
    if (is_task_) return static_cast<TaskCore&>(*this).cancel(message);
    if (done()) return false;
    set_cancelled(message);
    notify_completion();
    return true;
}

void FutureCore::destroy() noexcept {
    if (is_task_) return static_cast<TaskCore&>(*this).destroy_frame();
    auto& state = static_cast<FutureStateBase&>(*this);
    state.destroy_(state);
}

void FutureCore::capture_current_exception() noexcept {
    Status status = Status::failed;
    try {
        throw;
    } catch (const CancelledError&) {
        status = Status::cancelled;
    } catch (...) {
    }
    set_exception(std::current_exception(), status);
}

void FutureCore::set_cancelled(std::string_view message) noexcept {
    set_exception(std::make_exception_ptr(CancelledError(std::string(message))), Status::cancelled);
}

void FutureCore::report_unretrieved(std::string_view what, std::string_view name) const noexcept {
    if (status_ != Status::failed || retrieved_) return;
    const std::string reason = format_exception(exception_);
    std::fprintf(stderr, "asyncio: %.*s exception was never retrieved%s%.*s%s: %s\n",
                 static_cast<int>(what.size()), what.data(), name.empty() ? "" : " (",
                 static_cast<int>(name.size()), name.data(), name.empty() ? "" : ")",
                 reason.c_str());
}

}  // namespace asyncio::detail
