// The loop's callbacks: call_soon, call_later, call_at, and call_soon_threadsafe with the
// eventfd that wakes the loop.
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "asyncio/core/exception_group.hpp"
#include "event_loop_internals.hpp"

namespace asyncio {

void detail::report_callback_exception() noexcept {
    std::fprintf(stderr, "asyncio: exception in callback: %s\n",
                 format_exception(std::current_exception()).c_str());
}

void detail::Callback::run(void* self, Action action) noexcept {
    auto& callback = *static_cast<Callback*>(self);
    if (!callback.cancelled && action == Action::run) {
        callback.running = true;
        try {
            callback.fn();
        } catch (...) {
            detail::report_callback_exception();
        }
        callback.running = false;
    }
    callback.release();
}

void detail::Callback::fire_timer(TimerNode& node) noexcept {
    // The heap's reference passes to the ready queue.
    detail::LoopAccess::scheduler(*EventLoop::running()).schedule(&Callback::run, &node);
}

void Handle::cancel() noexcept {
    if (!callback_ || callback_->cancelled) return;
    callback_->cancelled = true;
    if (callback_->armed()) {  // still in the timer heap: leave it now
        callback_->timers->remove(*callback_);
        callback_->release();
    }
    if (!callback_->running) callback_->fn = nullptr;  // free what it captured, unless it runs
}

Handle EventLoop::call_soon(std::function<void()> fn) {
    check_open();
    auto* callback = new detail::Callback();
    callback->fn = std::move(fn);
    Handle handle(*callback);
    scheduler_.schedule(&detail::Callback::run, callback);  // the loop's reference
    return handle;
}

TimerHandle EventLoop::call_at(Clock::time_point when, std::function<void()> fn) {
    check_open();
    auto* callback = new detail::Callback();
    callback->fn = std::move(fn);
    callback->timers = &timers_;
    callback->set_fire(&detail::Callback::fire_timer);
    TimerHandle handle(*callback);
    timers_.push(*callback, when);
    return handle;
}

TimerHandle EventLoop::call_later(Clock::duration delay, std::function<void()> fn) {
    return call_at(time() + delay, std::move(fn));
}

void EventLoop::call_soon_threadsafe(std::function<void()> fn) {
    {
        std::lock_guard lock(threadsafe_mutex_);
        threadsafe_calls_.push_back(std::move(fn));
    }
    wakeup_pending_.store(true, std::memory_order_release);
    wakeup_->notify();
}

void EventLoop::drain_threadsafe_calls() {
    wakeup_pending_.store(false, std::memory_order_relaxed);
    std::vector<std::function<void()>> calls;
    {
        std::lock_guard lock(threadsafe_mutex_);
        calls.swap(threadsafe_calls_);
    }
    for (auto& fn : calls) call_soon(std::move(fn));
}

// -- the eventfd that wakes the loop from other threads and from signal handlers --

EventLoop::Wakeup::Wakeup(EventLoop& loop)
    : loop_(loop), fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (fd_ < 0) throw std::system_error(errno, std::system_category(), "eventfd");
    loop_.poller_.add(fd_, EPOLLIN, *this);
}

EventLoop::Wakeup::~Wakeup() {
    loop_.poller_.remove(fd_, *this);
    detail::forget_signal_wakeup_fd(fd_);
    ::close(fd_);
}

void EventLoop::Wakeup::notify() noexcept {
    const std::uint64_t one = 1;
    (void)!::write(fd_, &one, sizeof one);
}

void EventLoop::Wakeup::on_io(std::uint32_t) noexcept {
    std::uint64_t count;
    (void)!::read(fd_, &count, sizeof count);
    loop_.drain_threadsafe_calls();
    loop_.dispatch_signals();
}

}  // namespace asyncio
