// The scheduler's step loop for a loop in debug mode (each step timed, a slow one reported)
// or traced (each step a slice of the timeline, with the wake-ups it caused). A loop that is
// neither never comes here: run_ready() tests one flag per turn.
#include <chrono>
#include <cstdio>
#include <string>

#include "asyncio/core/exception_group.hpp"
#include "asyncio/detail/core/scheduler.hpp"
#include "asyncio/detail/core/task_core.hpp"
#include "asyncio/detail/core/trace_recorder.hpp"

namespace asyncio::detail {
namespace {

void report_slow_step(const std::string& name, std::chrono::nanoseconds took) {
    std::fprintf(stderr, "asyncio: %s%s%s held the loop for %.3f seconds\n",
                 name.empty() ? "a callback" : "task '", name.c_str(), name.empty() ? "" : "'",
                 std::chrono::duration<double>(took).count());
}

}  // namespace

std::uint32_t Scheduler::serial_of(const TaskCore* task) noexcept {
    return task ? task->serial_ : 0;
}

void Scheduler::schedule_start_instrumented(TaskCore& task) {
    if (tracer_)
        tracer_->record(TraceKind::task_created, TraceRecorder::now(), task.serial_,
                        serial_of(current_));
    schedule(&TaskCore::step, &task);
}

void Scheduler::run_ready_instrumented() noexcept {
    // Between turns: the JSON is written off the steps.
    if (tracer_) tracer_->flush_if_due();
    // One clock reading per step for each use: a step ends when the next begins.
    std::int64_t start = tracer_ ? TraceRecorder::now() : 0;
    std::int64_t timed_start = debug_ ? TraceRecorder::steady_ns() : 0;
    for (std::size_t n = size_; n > 0; --n) {
        const Entry entry = pop();
        TraceSlice slice = TraceSlice::callback;
        std::uint32_t serial = 0;
        if (entry.run == &TaskCore::step || entry.run == &TaskCore::wake_step) {
            slice = entry.run == &TaskCore::step ? TraceSlice::step : TraceSlice::wake_turn;
            serial = static_cast<TaskCore*>(entry.arg)->serial_;
        } else if (entry.run == &TaskCore::start_batch) {
            slice = TraceSlice::start_batch;
        }
        // Name the task before it runs: it may be gone when the step returns.
        std::string name;
        if (debug_ && slice == TraceSlice::step) name = static_cast<TaskCore*>(entry.arg)->name();
        if (tracer_) {
            tracer_->record(TraceKind::slice_begin, start, static_cast<std::uint32_t>(slice),
                            serial);
        }
        const std::size_t mark = size_;
        entry.run(entry.arg, Action::run);
        // Read again: a step may start or stop the trace.
        if (tracer_) {
            const std::int64_t end = TraceRecorder::now();
            trace_wakes_since(mark, end, slice == TraceSlice::step ? serial : 0);
            tracer_->record(TraceKind::slice_end, end);
            start = end;
        }
        if (debug_) {
            const std::int64_t end = TraceRecorder::steady_ns();
            const std::chrono::nanoseconds took(end - timed_start);
            if (took >= slow_step_threshold) report_slow_step(name, took);
            timed_start = end;
        }
    }
}

void Scheduler::trace_wakes_since(std::size_t mark, std::int64_t ts, std::uint32_t waker) noexcept {
    for (std::size_t i = mark; i < size_; ++i) {
        const Entry& entry = ring_[(head_ + i) & (capacity_ - 1)];
        if (entry.run != &TaskCore::step) continue;
        const auto& task = *static_cast<const TaskCore*>(entry.arg);
        if (task.serial_ == waker) continue;  // a task that yields (sleep(0)) needs no arrow
        tracer_->record(TraceKind::wake, ts, task.serial_, task.started_ ? 0 : 1);
    }
}

void Scheduler::trace_task_done(TaskCore& task) noexcept {
    std::uint64_t text = 0;
    if (task.status_ == Status::cancelled) {
        text = tracer_->intern(task.cancel_message());
    } else if (task.status_ == Status::failed) {
        try {
            text = tracer_->intern(format_exception(task.exception_));
        } catch (...) {
            text = tracer_->intern("(an exception that could not be described)");
        }
    }
    tracer_->record(TraceKind::task_done, TraceRecorder::now(), task.serial_,
                    static_cast<std::uint32_t>(task.status_), text);
}

void Scheduler::trace_cancel(TaskCore& task, std::string_view message) noexcept {
    tracer_->record(TraceKind::task_cancelled, TraceRecorder::now(), task.serial_,
                    serial_of(current_), tracer_->intern(message));
}

void Scheduler::trace_named(TaskCore& task, std::string_view name) noexcept {
    tracer_->record(TraceKind::task_named, TraceRecorder::now(), task.serial_, 0,
                    tracer_->intern(name));
}

}  // namespace asyncio::detail
