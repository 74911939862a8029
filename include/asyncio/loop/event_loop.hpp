// `EventLoop`: the reactor. One per thread.
//
// Each turn of the loop (1) waits for I/O, no longer than until the next timer is due and not
// at all when work is ready, (2) fires the timers that are due, (3) runs the callbacks and
// task steps that were ready when the turn began, (4) sends what was written to streams
// during the turn, one system call per stream. File descriptors are watched with epoll;
// timers live in a heap; other threads hand work over with `call_soon_threadsafe`, which
// wakes the loop through an eventfd. Signal handlers run on the loop, as ordinary callbacks.
//
// Most programs never touch the loop: `asyncio::run(main())` makes one, runs it and tears it
// down. Destroying a loop cancels the tasks still pending on it and runs them to their end,
// so nothing leaks.
#pragma once

#include <signal.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/detail/loop/epoll_poller.hpp"
#include "asyncio/detail/loop/timer_queue.hpp"
#include "asyncio/detail/loop/turn_end.hpp"
#include "asyncio/loop/clock.hpp"
#include "asyncio/loop/handle.hpp"
#include "asyncio/loop/thread_pool.hpp"
#include "asyncio/loop/virtual_clock.hpp"

namespace asyncio {

namespace detail {
struct LoopAccess;
struct TraceSession;
}  // namespace detail

class EventLoop {
  public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // -- running --
    // Runs until stop() is called.
    void run_forever();
    // Runs until the task is done; returns its value or throws its exception.
    template <class T>
    T run_until_complete(Task<T> task) {
        run_until_done(task);
        return std::move(task).result();
    }
    template <class T>
    T run_until_complete(Coro<T> coro) {
        check_can_run();  // before making a task that could then never run
        return run_until_complete(create_task(std::move(coro)));
    }
    // Runs until the task is done, leaving its outcome to the caller.
    void run_until_done(const AnyTask& task);
    // Ends run_forever() after the current turn.
    void stop() noexcept { stopping_ = true; }
    bool is_running() const noexcept { return running_ == this; }
    // Cancels every pending task and runs the loop until they have all finished (what
    // asyncio.run() does before closing). Returns the tasks that ended with an exception.
    std::vector<AnyTask> cancel_all_tasks();
    void close();
    bool is_closed() const noexcept { return closed_; }

    // -- tasks --
    template <class T>
    Task<T> create_task(Coro<T> coro, std::string_view name = {}) {
        check_open();
        return detail::spawn(scheduler_, std::move(coro), name);
    }

    // -- callbacks and time --
    Handle call_soon(std::function<void()> fn);
    TimerHandle call_later(Clock::duration delay, std::function<void()> fn);
    TimerHandle call_at(Clock::time_point when, std::function<void()> fn);
    // The only method that may be called from another thread: runs `fn` on the loop soon.
    void call_soon_threadsafe(std::function<void()> fn);
    // The loop's clock (monotonic): steady_clock, or the virtual clock it was given.
    Clock::time_point time() const noexcept { return clock_ ? clock_->now() : Clock::now(); }
    // Runs the loop on a virtual clock (virtual_clock.hpp), or on steady_clock again with
    // nullopt. Only while the loop is not running.
    void set_clock(std::optional<VirtualClock> clock);
    const std::optional<VirtualClock>& clock() const noexcept { return clock_; }

    // -- file descriptors (level-triggered, as in Python) --
    void add_reader(int fd, std::function<void()> fn);
    bool remove_reader(int fd);
    void add_writer(int fd, std::function<void()> fn);
    bool remove_writer(int fd);

    // -- threads --
    // The pool `to_thread` runs calls on: made on first use, one thread per core; shut down
    // (its queued calls finished) when the loop closes.
    ThreadPool& default_executor();
    void set_default_executor(std::unique_ptr<ThreadPool> pool);

    // -- signals (at most one loop handles a given signal) --
    void add_signal_handler(int signal, std::function<void()> fn);
    bool remove_signal_handler(int signal);

    // -- debug mode (see detail/core/debug.hpp) --
    bool get_debug() const noexcept { return scheduler_.debug(); }
    void set_debug(bool on) noexcept;

    // -- the timeline trace (README: "A timeline trace") --
    // Starts writing Chrome/Perfetto trace events to `path` (created or truncated;
    // std::system_error if it cannot be), stopping a trace already running. Each task step
    // is a slice named after the task; task creation and completion, cancellations, timers
    // and socket waits are events. `asyncio::run` starts one for RunOptions::trace or the
    // ASYNCIO_TRACE environment variable. May be called from a task.
    void start_trace(const std::string& path);
    // Writes what is left and closes the file; close() does it too.
    void stop_trace();
    bool is_tracing() const noexcept { return trace_ != nullptr; }

    // The loop running on this thread, or null.
    static EventLoop* running() noexcept { return running_; }

  private:
    friend struct detail::LoopAccess;

    struct FdCallbacks;
    class Wakeup;
    class RunningScope;

    void run_once();
    void check_open() const;
    void check_can_run() const;
    std::vector<AnyTask> cancel_and_finish_tasks();
    int poll_timeout_ms() const noexcept;
    FdCallbacks& fd_callbacks(int fd);
    void add_fd_callback(int fd, bool reader, std::function<void()> fn);
    bool drop_fd_callback(int fd, bool reader);
    void drain_threadsafe_calls();
    void dispatch_signals();

    static thread_local EventLoop* running_;

    detail::Scheduler scheduler_;
    detail::TimerQueue timers_;
    detail::EpollPoller poller_;
    detail::TurnEndList turn_end_;
    std::unique_ptr<Wakeup> wakeup_;
    std::unordered_map<int, std::unique_ptr<FdCallbacks>> fds_;
    std::vector<std::function<void()>> retired_callbacks_;  // freed after the turn
    struct SignalHandler {
        std::function<void()> fn;
        struct sigaction previous;
    };
    std::unordered_map<int, SignalHandler> signal_handlers_;
    std::mutex threadsafe_mutex_;
    std::vector<std::function<void()>> threadsafe_calls_;
    std::atomic<bool> wakeup_pending_{false};
    std::unique_ptr<ThreadPool> executor_;
    std::unique_ptr<detail::TraceSession> trace_;
    std::optional<VirtualClock> clock_;
    bool stopping_ = false;
    bool closed_ = false;
};

// The loop running on this thread; RuntimeError outside one.
EventLoop& get_running_loop();

namespace detail {

// The library's way to a loop's machinery (its awaiters, its tests); not for users.
struct LoopAccess {
    static Scheduler& scheduler(EventLoop& loop) noexcept { return loop.scheduler_; }
    static TimerQueue& timers(EventLoop& loop) noexcept { return loop.timers_; }
    static EpollPoller& poller(EventLoop& loop) noexcept { return loop.poller_; }
    static TurnEndList& turn_end(EventLoop& loop) noexcept { return loop.turn_end_; }
};

// The loop a task belongs to (for awaiters, which may be cancelled while no loop runs).
inline EventLoop& loop_of(const TaskCore& task) noexcept {
    return *static_cast<EventLoop*>(task.scheduler().owner());
}
}  // namespace detail

}  // namespace asyncio
