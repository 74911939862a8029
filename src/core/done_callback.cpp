#include "asyncio/detail/core/done_callback.hpp"

#include <cstdio>
#include <memory>

#include "asyncio/core/errors.hpp"

namespace asyncio::detail {
namespace {

struct DoneCallback : CompletionNode {
    FutureCore* future;
    Scheduler* scheduler;
    std::function<void(FutureCore&)> fn;

    static void on_future_done(CompletionNode& node) noexcept {
        auto& self = static_cast<DoneCallback&>(node);
        self.future->add_ref();  // released once the callback has run
        self.scheduler->schedule(&run, &self);
    }
    static void run(void* arg, Action action) noexcept {
        std::unique_ptr<DoneCallback> self(static_cast<DoneCallback*>(arg));
        FutureCore& future = *self->future;
        if (action == Action::run) {
            try {
                self->fn(future);
            } catch (...) {
                std::fputs("asyncio: a done callback threw an exception; ignored\n", stderr);
            }
        }
        self.reset();  // what the callback captured goes before the future it may refer to
        future.release();
    }
};

}  // namespace

void add_done_callback(FutureCore& future, std::function<void(FutureCore&)> fn) {
    Scheduler* scheduler = Scheduler::running();
    if (!scheduler) throw RuntimeError("add_done_callback(): no running event loop");
    auto* node = new DoneCallback{{}, &future, scheduler, std::move(fn)};
    node->on_done = &DoneCallback::on_future_done;
    if (future.done()) {
        DoneCallback::on_future_done(*node);
    } else {
        future.add_completion_node(*node);
    }
}

void discard_done_callbacks(CompletionList& waiters) noexcept {
    while (CompletionNode* node = waiters.pop_front()) {
        if (node->on_done == &DoneCallback::on_future_done) delete static_cast<DoneCallback*>(node);
    }
}

}  // namespace asyncio::detail
