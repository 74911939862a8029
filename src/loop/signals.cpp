// Signal handlers that run on the loop (Python's add_signal_handler): the C handler only
// records the signal and wakes the loop, which then runs the handler as a callback.
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <string>
#include <system_error>

#include "event_loop_internals.hpp"

namespace asyncio {
namespace {

// What a signal handler may touch: which signals arrived, and the fd that wakes their loop.
std::atomic<std::uint64_t> pending_signals{0};
std::atomic<int> signal_wakeup_fd{-1};

void on_signal(int signal) {
    const int saved_errno = errno;  // a handler must not disturb the code it interrupted
    pending_signals.fetch_or(std::uint64_t{1} << signal);
    const std::uint64_t one = 1;
    if (const int fd = signal_wakeup_fd.load(); fd >= 0) (void)!::write(fd, &one, sizeof one);
    errno = saved_errno;
}

}  // namespace

bool detail::signals_pending() noexcept {
    return pending_signals.load(std::memory_order_relaxed) != 0;
}

void detail::forget_signal_wakeup_fd(int fd) noexcept {
    signal_wakeup_fd.compare_exchange_strong(fd, -1);
}

void EventLoop::add_signal_handler(int signal, std::function<void()> fn) {
    check_open();
    if (signal <= 0 || signal >= 64 || signal == SIGKILL || signal == SIGSTOP) {
        throw RuntimeError("add_signal_handler(): invalid signal " + std::to_string(signal));
    }
    signal_wakeup_fd.store(wakeup_->fd());
    struct sigaction action {};
    action.sa_handler = &on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    struct sigaction previous {};
    if (::sigaction(signal, &action, &previous) < 0) {
        throw std::system_error(errno, std::system_category(), "sigaction");
    }
    if (auto it = signal_handlers_.find(signal); it != signal_handlers_.end()) {
        it->second.fn = std::move(fn);  // keep the disposition from before the first handler
    } else {
        signal_handlers_.emplace(signal, SignalHandler{std::move(fn), previous});
    }
}

bool EventLoop::remove_signal_handler(int signal) {
    auto it = signal_handlers_.find(signal);
    if (it == signal_handlers_.end()) return false;
    ::sigaction(signal, &it->second.previous, nullptr);
    signal_handlers_.erase(it);
    return true;
}

void EventLoop::dispatch_signals() {
    std::uint64_t arrived = pending_signals.exchange(0);
    for (int signal = 1; arrived != 0; ++signal) {
        const std::uint64_t bit = std::uint64_t{1} << signal;
        if (!(arrived & bit)) continue;
        arrived &= ~bit;
        if (auto it = signal_handlers_.find(signal); it != signal_handlers_.end()) {
            call_soon(it->second.fn);
        }
    }
}

}  // namespace asyncio
