#include "asyncio/loop/event_loop.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <string>
#include <system_error>

#include "asyncio/core/debug.hpp"
#include "asyncio/core/exception_group.hpp"

namespace asyncio {

thread_local EventLoop* EventLoop::running_ = nullptr;

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

void report_callback_exception() noexcept {
    std::fprintf(stderr, "asyncio: exception in callback: %s\n",
                 format_exception(std::current_exception()).c_str());
}

}  // namespace

// -- callbacks --

void detail::Callback::run(void* self) noexcept {
    auto& callback = *static_cast<Callback*>(self);
    if (!callback.cancelled) {
        callback.running = true;
        try {
            callback.fn();
        } catch (...) {
            report_callback_exception();
        }
        callback.running = false;
    }
    callback.release();
}

void detail::Callback::fire_timer(TimerNode& node) noexcept {
    // The heap's reference passes to the ready queue.
    EventLoop::running()->scheduler().schedule(&Callback::run, &node);
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

// -- the eventfd that wakes the loop from other threads and from signal handlers --

class EventLoop::Wakeup final : public detail::IoWatcher {
  public:
    explicit Wakeup(EventLoop& loop) : loop_(loop), fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
        if (fd_ < 0) throw std::system_error(errno, std::system_category(), "eventfd");
        loop_.poller_.add(fd_, EPOLLIN, *this);
    }
    ~Wakeup() {
        loop_.poller_.remove(fd_, *this);
        int expected = fd_;
        signal_wakeup_fd.compare_exchange_strong(expected, -1);
        ::close(fd_);
    }
    int fd() const noexcept { return fd_; }
    void notify() noexcept {
        const std::uint64_t one = 1;
        (void)!::write(fd_, &one, sizeof one);
    }
    void on_io(std::uint32_t) noexcept override {
        std::uint64_t count;
        (void)!::read(fd_, &count, sizeof count);
        loop_.drain_threadsafe_calls();
        loop_.dispatch_signals();
    }

  private:
    EventLoop& loop_;
    int fd_;
};

// -- file descriptor callbacks --

struct EventLoop::FdCallbacks final : detail::IoWatcher {
    int fd;
    std::uint32_t events = 0;  // as registered with epoll
    std::function<void()> reader;
    std::function<void()> writer;

    explicit FdCallbacks(int fd) : fd(fd) {}
    void on_io(std::uint32_t happened) noexcept override {
        // Errors and hang-ups wake both sides, as they would select() in Python.
        constexpr std::uint32_t kTrouble = EPOLLERR | EPOLLHUP;
        try {
            if (reader && (happened & (EPOLLIN | kTrouble))) reader();
            if (writer && (happened & (EPOLLOUT | kTrouble))) writer();
        } catch (...) {
            report_callback_exception();
        }
    }
};

EventLoop::EventLoop() : wakeup_(std::make_unique<Wakeup>(*this)) {
    scheduler_.set_debug(detail::debug_environment());
    scheduler_.set_owner(this);
}

EventLoop::~EventLoop() {
    if (!closed_) close();
}

void EventLoop::check_open() const {
    if (closed_) throw RuntimeError("the event loop is closed");
}

void EventLoop::set_debug(bool on) noexcept { scheduler_.set_debug(on); }

// -- running --

int EventLoop::poll_timeout_ms() const noexcept {
    if (scheduler_.has_ready() || stopping_) return 0;
    if (timers_.empty()) return -1;
    const auto wait = timers_.next_deadline() - Clock::now();
    if (wait <= Clock::duration::zero()) return 0;
    // Round up: waking before the deadline would only spin.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
    return ms > 1 << 30 ? 1 << 30 : static_cast<int>(ms);
}

void EventLoop::run_once() {
    const int timeout = poll_timeout_ms();
    // With work ready and nothing but the wake-up fd to watch, skip the system call unless
    // another thread or a signal has knocked.
    const bool knocked = wakeup_pending_.load(std::memory_order_acquire) ||
                         pending_signals.load(std::memory_order_relaxed) != 0;
    if (timeout != 0 || poller_.watched() > 1 || knocked) poller_.poll(timeout);
    if (!timers_.empty()) timers_.fire_due(Clock::now());
    scheduler_.run_ready();
    retired_callbacks_.clear();
}

// Makes this loop the thread's running loop for a scope. Public entry points refuse to nest
// (as Python does); the teardown in close() may run inside another loop's task, when a loop
// is destroyed there, and restores that loop afterwards.
class EventLoop::RunningScope {
  public:
    explicit RunningScope(EventLoop& loop) noexcept
        : loop_(loop), previous_(std::exchange(running_, &loop)), guard_(loop.scheduler_) {}
    ~RunningScope() {
        loop_.stopping_ = false;
        running_ = previous_;
    }
    RunningScope(const RunningScope&) = delete;
    RunningScope& operator=(const RunningScope&) = delete;

  private:
    EventLoop& loop_;
    EventLoop* previous_;
    detail::Scheduler::RunningGuard guard_;
};

void EventLoop::check_can_run() const {
    check_open();
    if (running_) throw RuntimeError("cannot run an event loop while another loop is running");
}

void EventLoop::run_forever() {
    check_can_run();
    RunningScope scope(*this);
    do {
        run_once();
    } while (!stopping_);
}

void EventLoop::run_until_done(const AnyTask& task) {
    check_can_run();
    RunningScope scope(*this);
    while (!task.done()) {
        run_once();
        if (stopping_ && !task.done()) {
            throw RuntimeError("the event loop stopped before the task completed");
        }
    }
}

std::vector<AnyTask> EventLoop::cancel_all_tasks() {
    check_can_run();
    RunningScope scope(*this);
    return cancel_and_finish_tasks();
}

std::vector<AnyTask> EventLoop::cancel_and_finish_tasks() {
    std::vector<AnyTask> tasks;
    for (detail::TaskCore* core : scheduler_.pending_tasks()) {
        tasks.emplace_back(*core);
        core->cancel();
    }
    std::vector<AnyTask> failed;
    for (const AnyTask& task : tasks) {
        while (!task.done()) {
            run_once();
            stopping_ = false;  // shutting down: a stop() request has nothing left to stop
        }
        if (!task.cancelled() && task.core().failed()) failed.push_back(task);
    }
    return failed;
}

void EventLoop::close() {
    if (is_running()) throw RuntimeError("cannot close a running event loop");
    if (closed_) return;
    {
        // Tasks hold timers and fds: finish them while the loop can still run them. Then
        // callbacks already scheduled get their turn, as the loop's last turns.
        // (Cancelled tasks may start others while they unwind: those are cancelled in turn.)
        RunningScope scope(*this);
        auto finish_work = [this] {
            for (int turn = 0; turn < 64; ++turn) {
                if (scheduler_.pending_task_count() > 0) {
                    cancel_and_finish_tasks();
                } else if (scheduler_.has_ready()) {
                    scheduler_.run_ready();
                } else {
                    break;
                }
            }
        };
        finish_work();
        // Calls still running on the default executor finish (as Python's
        // shutdown_default_executor waits for them); what they hand back is delivered.
        if (executor_) executor_->shutdown();
        drain_threadsafe_calls();
        finish_work();
    }
    if (scheduler_.pending_task_count() > 0) {
        std::fprintf(stderr, "asyncio: event loop closed with %zu tasks that would not finish\n",
                     scheduler_.pending_task_count());
    }
    // What is still scheduled now never runs (a callback that keeps rescheduling itself).
    timers_.clear([](detail::TimerNode& node) {
        if (node.fire == &detail::Callback::fire_timer)
            static_cast<detail::Callback&>(node).release();
    });
    scheduler_.discard_ready([](detail::Scheduler::Entry entry) {
        if (entry.run == &detail::Callback::run)
            static_cast<detail::Callback*>(entry.arg)->release();
    });
    while (!signal_handlers_.empty()) remove_signal_handler(signal_handlers_.begin()->first);
    for (auto& [fd, callbacks] : fds_) {
        if (callbacks->events != 0) poller_.remove(fd, *callbacks);
    }
    fds_.clear();
    retired_callbacks_.clear();
    closed_ = true;
}

ThreadPool& EventLoop::default_executor() {
    check_open();
    if (!executor_) executor_ = std::make_unique<ThreadPool>();
    return *executor_;
}

void EventLoop::set_default_executor(std::unique_ptr<ThreadPool> pool) {
    check_open();
    if (executor_) executor_->shutdown();
    executor_ = std::move(pool);
}

// -- callbacks --

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
    callback->fire = &detail::Callback::fire_timer;
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

// -- file descriptors --

EventLoop::FdCallbacks& EventLoop::fd_callbacks(int fd) {
    auto& slot = fds_[fd];
    if (!slot) slot = std::make_unique<FdCallbacks>(fd);
    return *slot;
}

void EventLoop::add_reader(int fd, std::function<void()> fn) {
    check_open();
    FdCallbacks& callbacks = fd_callbacks(fd);
    const std::uint32_t events = callbacks.events | EPOLLIN;
    if (callbacks.events == 0) {
        poller_.add(fd, events, callbacks);
    } else if (events != callbacks.events) {
        poller_.modify(fd, events, callbacks);
    }
    callbacks.events = events;
    callbacks.reader = std::move(fn);
}

void EventLoop::add_writer(int fd, std::function<void()> fn) {
    check_open();
    FdCallbacks& callbacks = fd_callbacks(fd);
    const std::uint32_t events = callbacks.events | EPOLLOUT;
    if (callbacks.events == 0) {
        poller_.add(fd, events, callbacks);
    } else if (events != callbacks.events) {
        poller_.modify(fd, events, callbacks);
    }
    callbacks.events = events;
    callbacks.writer = std::move(fn);
}

bool EventLoop::drop_fd_callback(int fd, bool reader) {
    auto it = fds_.find(fd);
    if (it == fds_.end()) return false;
    FdCallbacks& callbacks = *it->second;
    const std::uint32_t side = reader ? EPOLLIN : EPOLLOUT;
    if (!(callbacks.events & side)) return false;
    callbacks.events &= ~side;
    if (callbacks.events != 0) {
        poller_.modify(fd, callbacks.events, callbacks);
    } else {
        poller_.remove(fd, callbacks);
    }
    // The callback may be the one running now: keep it alive until the end of the turn.
    retired_callbacks_.push_back(std::move(reader ? callbacks.reader : callbacks.writer));
    (reader ? callbacks.reader : callbacks.writer) = nullptr;
    return true;
}

bool EventLoop::remove_reader(int fd) { return drop_fd_callback(fd, true); }
bool EventLoop::remove_writer(int fd) { return drop_fd_callback(fd, false); }

// -- signals --

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

EventLoop& get_running_loop() {
    EventLoop* loop = EventLoop::running();
    if (!loop) throw RuntimeError("no running event loop");
    return *loop;
}

}  // namespace asyncio
