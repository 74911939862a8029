// Starting and stopping a loop's timeline trace (see trace_writer.hpp for the file).
#include "asyncio/detail/core/task_core.hpp"
#include "asyncio/detail/loop/trace_writer.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio {

void EventLoop::start_trace(const std::string& path) {
    check_open();
    auto session = std::make_unique<detail::TraceSession>(path, scheduler_);
    stop_trace();
    trace_ = std::move(session);
    scheduler_.set_tracer(&trace_->recorder);
    timers_.set_tracer(&trace_->recorder, [this] { return time(); });
    // Tasks already running are named in the trace as they are now.
    for (detail::TaskCore* task : scheduler_.pending_tasks()) {
        scheduler_.trace_named(*task, task->name());
    }
}

void EventLoop::stop_trace() {
    if (!trace_) return;
    scheduler_.set_tracer(nullptr);
    timers_.set_tracer(nullptr, nullptr);
    // Nothing records into it any more (the step loop reads the pointer after each step).
    const std::unique_ptr<detail::TraceSession> session = std::move(trace_);
    session->recorder.flush();
    session->writer.close();
}

}  // namespace asyncio
