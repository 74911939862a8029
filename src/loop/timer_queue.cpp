#include "asyncio/detail/loop/timer_queue.hpp"

#include "asyncio/detail/core/task_core.hpp"

namespace asyncio::detail {

void TimerQueue::push(TimerNode& node, Clock::time_point when) {
    node.when = when;
    node.sequence = next_sequence_++;
    heap_.push_back(&node);
    sift_up(heap_.size() - 1);
}

void TimerQueue::remove(TimerNode& node) noexcept {
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
        remove(node);
        if (node.wakes_task) {
            node.task->wake();
        } else {
            node.fire(node);
        }
    }
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
