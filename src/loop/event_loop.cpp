// The event loop itself: its turns, running and stopping, and closing.
#include "asyncio/loop/event_loop.hpp"

#include <algorithm>
#include <cstdio>

#include "asyncio/detail/core/debug.hpp"
#include "asyncio/detail/loop/trace_writer.hpp"
#include "event_loop_internals.hpp"

namespace asyncio {

thread_local EventLoop* EventLoop::running_ = nullptr;

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

void EventLoop::set_clock(std::optional<VirtualClock> clock) {
    if (is_running()) throw RuntimeError("cannot change the clock of a running event loop");
    clock_ = std::move(clock);
}

int EventLoop::poll_timeout_ms() const noexcept {
    if (scheduler_.has_ready() || stopping_) return 0;
    if (timers_.empty()) return -1;
    // On a virtual clock the wait for the next timer is no real time at all: only the
    // threshold, for I/O and other threads, before the clock jumps.
    const auto wait =
        clock_ ? std::min(timers_.next_deadline() - clock_->now(), clock_->autojump_threshold())
               : timers_.next_deadline() - Clock::now();
    if (wait <= Clock::duration::zero()) return 0;
    // Round up: waking before the deadline would only spin.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
    return ms > 1 << 30 ? 1 << 30 : static_cast<int>(ms);
}

void EventLoop::run_once() {
    const int timeout = poll_timeout_ms();
    const bool idle = !scheduler_.has_ready() && !stopping_;
    // With work ready and nothing but the wake-up fd to watch, skip the system call unless
    // another thread or a signal has knocked.
    const bool knocked =
        wakeup_pending_.load(std::memory_order_acquire) || detail::signals_pending();
    if (timeout != 0 || poller_.watched() > 1 || knocked) poller_.poll(timeout);
    if (clock_ && idle && !scheduler_.has_ready() && !timers_.empty())
        clock_->advance_to(timers_.next_deadline());  // nothing else can happen first
    if (!timers_.empty()) timers_.fire_due(time());
    scheduler_.run_ready();
    turn_end_.run();
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
        tasks.push_back(detail::TaskAccess::handle(*core));
        core->cancel();
    }
    std::vector<AnyTask> failed;
    for (const AnyTask& task : tasks) {
        while (!task.done()) {
            run_once();
            stopping_ = false;  // shutting down: a stop() request has nothing left to stop
        }
        if (!task.cancelled() && detail::TaskAccess::core(task).failed()) failed.push_back(task);
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
                    turn_end_.run();
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
    // What is still scheduled now never runs (a callback that keeps rescheduling itself):
    // each entry releases what it holds. Of the timers, only call_later's own anything.
    timers_.clear([](detail::TimerNode& node) {
        if (node.fires(&detail::Callback::fire_timer))
            static_cast<detail::Callback&>(node).release();
    });
    scheduler_.discard_ready();
    while (!signal_handlers_.empty()) remove_signal_handler(signal_handlers_.begin()->first);
    for (auto& [fd, callbacks] : fds_) {
        if (callbacks->events != 0) poller_.remove(fd, *callbacks);
    }
    fds_.clear();
    retired_callbacks_.clear();
    stop_trace();  // the teardown is in the trace too
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

EventLoop& get_running_loop() {
    EventLoop* loop = EventLoop::running();
    if (!loop) throw RuntimeError("no running event loop");
    return *loop;
}

}  // namespace asyncio
