#include "asyncio/detail/loop/timer_queue.hpp"

#include "asyncio/detail/core/task_core.hpp"
#include "asyncio/detail/core/trace_recorder.hpp"

namespace asyncio::detail {

void TimerQueue::arm(TimerNode& node, Clock::time_point when) {
    node.when = when;
    node.sequence = next_sequence_++;
    heap_.push_back(&node);
    sift_up(heap_.size() - 1);
}

void TimerQueue::unlink(TimerNode& node) noexcept {
    if (!node.armed()) return;
    const std::size_t index = node.index;
    node.index = TimerNode::npos;
    TimerNode* last = heap_.back();
    heap_.pop_back();
    if (last == &node) return;
    place(last, index);
    // The moved node may belong above or below its new place.
    if (index > 0 && before(last, heap_[(index - 1) / 2])) {
        sift_up(index);
    } else {
        sift_down(index);
    }
}

void TimerQueue::fire_due(Clock::time_point now) {
    while (!heap_.empty() && heap_.front()->when <= now) {
        TimerNode& node = *heap_.front();
        unlink(node);
        if (tracer_) [[unlikely]] {
            fire_traced(node);
        } else {
            fire_one(node);
        }
    }
}

void TimerQueue::fire_one(TimerNode& node) {
    if (node.wakes_task) {
        node.task->wake();
    } else {
        node.fire(node);
    }
}

// -- tracing --

namespace {
std::uint32_t task_of(const TimerNode& node, const TraceRecorder& tracer) noexcept {
    return node.wakes_task ? Scheduler::serial_of(node.task) : tracer.current_serial();
}
}  // namespace

void TimerQueue::trace_push(const TimerNode& node, Clock::time_point when) noexcept {
    const auto delay = std::chrono::duration_cast<std::chrono::nanoseconds>(when - now_());
    // The node's number once armed: the next sequence.
    tracer_->record(TraceKind::timer_scheduled, TraceRecorder::now(), next_sequence_ & 0x7fffffff,
                    task_of(node, *tracer_), static_cast<std::uint64_t>(delay.count()));
}

void TimerQueue::trace_cancel(const TimerNode& node) noexcept {
    tracer_->record(TraceKind::timer_cancelled, TraceRecorder::now(), node.sequence,
                    tracer_->current_serial());
}

// A firing is a slice of its own, so that the task it wakes is linked to it.
void TimerQueue::fire_traced(TimerNode& node) {
    TraceRecorder& tracer = *tracer_;
    Scheduler& scheduler = tracer.scheduler();
    tracer.record(TraceKind::slice_begin, TraceRecorder::now(),
                  static_cast<std::uint32_t>(TraceSlice::timer), node.sequence);
    const std::size_t mark = scheduler.ready_count();
    struct End {  // a callback that throws still ends its slice
        TraceRecorder& tracer;
        Scheduler& scheduler;
        std::size_t mark;
        ~End() {
            const std::int64_t now = TraceRecorder::now();
            scheduler.trace_wakes_since(mark, now);
            tracer.record(TraceKind::slice_end, now);
        }
    } end{tracer, scheduler, mark};
    fire_one(node);
}

void TimerQueue::sift_up(std::size_t index) noexcept {
    TimerNode* node = heap_[index];
    while (index > 0) {
        const std::size_t parent = (index - 1) / 2;
        if (!before(node, heap_[parent])) break;
        place(heap_[parent], index);
        index = parent;
    }
    place(node, index);
}

void TimerQueue::sift_down(std::size_t index) noexcept {
    TimerNode* node = heap_[index];
    const std::size_t size = heap_.size();
    for (;;) {
        std::size_t child = 2 * index + 1;
        if (child >= size) break;
        if (child + 1 < size && before(heap_[child + 1], heap_[child])) ++child;
        if (!before(heap_[child], node)) break;
        place(heap_[child], index);
        index = child;
    }
    place(node, index);
}

}  // namespace asyncio::detail
