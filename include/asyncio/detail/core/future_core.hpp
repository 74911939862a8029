// The state every future and task shares: a status, an exception, a reference count and the
// list of those waiting for completion.
//
// Waiting allocates nothing: a waiter is a completion node that lives in the awaiter (or
// combinator) itself and is threaded onto the future's list. Completion unlinks each node
// before telling it, so a waiter may free itself from its callback. Single-threaded by design: a
// future belongs to one event loop and is touched only from that loop's thread.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <string_view>
#include <utility>

namespace asyncio::detail {

class CancelHook;
class TaskCore;

struct CompletionNode {
    CompletionNode* next = nullptr;
    void (*on_done)(CompletionNode&) noexcept = nullptr;
};

// A FIFO of waiters. Singly linked to keep nodes small (a gather has one per child), and
// circular, so that the list itself is one pointer (to its last node, whose `next` is the
// first): appending and completing are O(1); removing a waiter that gives up early searches
// the list, which is short in practice (usually the one awaiting task). A node that is on no
// list has a null `next`.
class CompletionList {
  public:
    bool empty() const noexcept { return tail_ == nullptr; }

    void push_back(CompletionNode& w) noexcept {
        w.next = tail_ ? std::exchange(tail_->next, &w) : &w;
        tail_ = &w;
    }

    // Removes `w` if it is on the list.
    void remove(CompletionNode& w) noexcept {
        if (!w.next || !tail_) return;
        CompletionNode* prev = tail_;
        do {
            if (prev->next == &w) {
                prev->next = w.next;
                if (tail_ == &w) tail_ = prev == &w ? nullptr : prev;
                w.next = nullptr;
                return;
            }
            prev = prev->next;
        } while (prev != tail_);
    }

    CompletionNode* pop_front() noexcept {
        if (!tail_) return nullptr;
        CompletionNode* w = tail_->next;
        if (w == tail_) {
            tail_ = nullptr;
        } else {
            tail_->next = w->next;
        }
        w->next = nullptr;
        return w;
    }

    // Calls `fn(const CompletionNode&)` for each waiter, first to last (the call graph's view).
    template <class F>
    void for_each(F fn) const {
        if (!tail_) return;
        const CompletionNode* at = tail_;
        do {
            at = at->next;
            fn(*at);
        } while (at != tail_);
    }

  private:
    CompletionNode* tail_ = nullptr;
};

enum class Status : std::uint8_t { pending, value, failed, cancelled };

class FutureCore {
  public:
    FutureCore(const FutureCore&) = delete;
    FutureCore& operator=(const FutureCore&) = delete;

    bool done() const noexcept { return status_ != Status::pending; }
    bool cancelled() const noexcept { return status_ == Status::cancelled; }
    bool failed() const noexcept { return status_ == Status::failed; }
    // Failed or cancelled: awaiting it raises.
    bool has_exception() const noexcept { return status_ >= Status::failed; }
    bool is_task() const noexcept { return is_task_; }

    void add_ref() noexcept { ++refs_; }
    void release() noexcept {
        if (--refs_ == 0) destroy();
    }
    std::uint32_t refs() const noexcept { return refs_; }

    bool has_waiters() const noexcept { return !waiters_.empty(); }
    void add_completion_node(CompletionNode& w) noexcept { waiters_.push_back(w); }
    void remove_completion_node(CompletionNode& w) noexcept { waiters_.remove(w); }
    const CompletionList& completion_nodes() const noexcept { return waiters_; }

    // Asks the future (or task) to cancel; false if it is already done.
    bool cancel(std::string_view message);

    // The exception the future ended with (a CancelledError if cancelled), null if it
    // produced a value. Counts as retrieving it.
    std::exception_ptr exception() noexcept {
        retrieved_ = true;
        return has_exception() ? exception_ : nullptr;
    }
    void rethrow_if_failed() {
        if (has_exception() && exception_) {
            retrieved_ = true;
            std::rethrow_exception(exception_);
        }
    }
    // For combinators that observe a failure without handing it to anyone (gather after
    // its first error): the failure is accounted for, so it is not reported at destruction.
    void mark_retrieved() noexcept { retrieved_ = true; }

  protected:
    FutureCore() noexcept : cancel_hook_(nullptr) {}
    ~FutureCore() {
        if (has_exception()) exception_.~exception_ptr();
    }

    // Records the exception being handled, as a cancellation if it is a CancelledError.
    void capture_current_exception() noexcept;
    void set_cancelled(std::string_view message) noexcept;
    // Completes a pending future with `e` (status failed or cancelled).
    void set_exception(std::exception_ptr e, Status status) noexcept {
        std::construct_at(&exception_, std::move(e));
        status_ = status;
    }
    void notify_completion() noexcept {
        while (CompletionNode* w = waiters_.pop_front()) w->on_done(*w);
    }
    // Reports a failure that nobody looked at (Python's "exception was never retrieved").
    void report_unretrieved(std::string_view what, std::string_view name) const noexcept;

    std::uint32_t refs_ = 0;
    Status status_ = Status::pending;
    bool is_task_ = false;
    bool retrieved_ : 1 = false;
    bool awaited_ : 1 = false;           // for coroutines: awaited or made a task (see coro.hpp)
    bool has_extras_ : 1 = false;        // for tasks: a name or a cancel message (see TaskCore)
    bool wait_interrupted_ : 1 = false;  // for tasks: see TaskCore::cancel
    CompletionList waiters_;
    // A task's cancel hook is needed only while it is pending and its exception only once it
    // is done, so they share a slot: every coroutine frame is a word smaller. The status says
    // which is there (the exception from `failed` on).
    union {
        CancelHook* cancel_hook_;  // a pending task, once started (see TaskCore)
        TaskCore* next_to_start_;  // a task until it starts: the next of its batch
        std::exception_ptr exception_;
    };

  private:
    // At the last release: a task's frame, or a Future's state (see future.hpp).
    void destroy() noexcept;
};

// The state of a `Future<T>`, which knows how to destroy itself (a task's frame is destroyed
// through its coroutine handle instead, so tasks do not carry this pointer).
class FutureStateBase : public FutureCore {
  protected:
    using Destroy = void (*)(FutureStateBase&) noexcept;
    explicit FutureStateBase(Destroy destroy) noexcept : destroy_(destroy) {}
    ~FutureStateBase() = default;

  private:
    friend class FutureCore;
    Destroy destroy_;
};

}  // namespace asyncio::detail
