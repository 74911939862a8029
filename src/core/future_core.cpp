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
    exception_ = std::current_exception();
    try {
        throw;
    } catch (const CancelledError&) {
        status_ = Status::cancelled;
        return;
    } catch (...) {
    }
    status_ = Status::failed;
}

void FutureCore::set_cancelled(std::string_view message) noexcept {
    exception_ = std::make_exception_ptr(CancelledError(std::string(message)));
    status_ = Status::cancelled;
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
