// What makes a coroutine a task: its place on a scheduler, its cancellation state, and the
// protocol by which awaiters suspend it and wake it.
//
// Cancellation follows Python. `cancel()` on a task that is suspended asks the thing it waits
// on to stop waiting (`CancelHook::cancel`): a timer leaves its heap, an awaited task is
// cancelled in turn. If that thing can deliver the outcome itself (an awaited task that ends
// cancelled) the task simply wakes with it; otherwise the task is marked, woken, and its
// current `co_await` throws `CancelledError` when it next runs. A task that is marked while
// running or ready meets the cancellation at its next suspension point, which is cancelled at
// once. A task cancelled before its first step never runs its body.
#pragma once

#include <coroutine>
#include <cstdint>
#include <string>
#include <string_view>

#include "asyncio/detail/core/future_core.hpp"
#include "asyncio/detail/core/scheduler.hpp"

namespace asyncio::detail {

class TaskCore;

// A cancel hook: implemented by every awaiter that suspends a task, so that the task can be
// told to stop waiting.
// `cancel` must undo the wait (leave no trace). It returns true if the awaited operation
// will itself resume the task with a cancellation outcome; false if the task is woken (now,
// or by a wake-up already on its way) and should raise CancelledError on its own.
class CancelHook {
  public:
    virtual bool cancel(TaskCore& task) noexcept = 0;

  protected:
    ~CancelHook() = default;
};

// Told when a task it owns finishes, before the task's waiters are: a task group owns its
// children this way, which costs a task one pointer instead of a node allocation, and a
// gather watches a task that has neither an owner nor a waiter yet the same way.
class TaskOwner {
  public:
    virtual void on_task_done(TaskCore& task) noexcept = 0;
    // The task that waits for the owned ones, if one does now: for the call graph.
    virtual TaskCore* awaiting_task() const noexcept { return nullptr; }

  protected:
    ~TaskOwner() = default;
};

class TaskCore : public FutureCore, public ListLink {
  public:
    // -- the public task API (Task<T> and AnyTask forward here) --
    bool cancel(std::string_view message = {});
    std::uint32_t cancelling() const noexcept { return cancels_requested_; }
    // As in Python 3.13, taking back the last request also drops a cancellation that has
    // not been delivered yet.
    std::uint32_t uncancel() noexcept {
        if (cancels_requested_ > 0 && --cancels_requested_ == 0) must_cancel_ = false;
        return cancels_requested_;
    }
    std::string name() const;
    // A new reference to this task, for code that keeps it by pointer.
    TaskCore& add_ref_and_get() noexcept {
        add_ref();
        return *this;
    }
    void set_name(std::string_view name);

    TaskOwner* owner() const noexcept { return owner_; }
    void set_owner(TaskOwner* owner) noexcept { owner_ = owner; }

    // -- the awaiter protocol --
    // Suspends this task at `resume_point` until something calls `wake()`. `hook` is asked
    // to stop waiting if the task is cancelled meanwhile (null: the task is already woken).
    void suspend(std::coroutine_handle<> resume_point, CancelHook* hook) noexcept {
        resume_point_ = resume_point;
        cancel_hook_ = hook;
        if (must_cancel_ && hook && hook->cancel(*this)) must_cancel_ = false;
    }
    void wake() noexcept {
        cancel_hook_ = nullptr;
        scheduler_->schedule(&step, this);
    }
    // As wake(), one loop turn later: for an awaiter that Python completes through a future
    // of its own, whose done callback then wakes the task on the following turn (`wait`).
    // Until then the task is still suspended on its awaiter, which a cancellation reaches.
    void wake_next_turn() noexcept { scheduler_->schedule(&wake_step, this); }
    // Called by an awaiter when its task resumes: delivers a pending cancellation.
    void throw_if_cancel_requested() {
        if (must_cancel_) [[unlikely]]
            raise_cancelled();
    }
    const std::string& cancel_message() const noexcept;
    Scheduler& scheduler() const noexcept { return *scheduler_; }

    // The task running on this thread, or null.
    static TaskCore* current() noexcept {
        Scheduler* s = Scheduler::running();
        return s ? s->current_task() : nullptr;
    }
    // As current(), but a clear error when called outside a task.
    static TaskCore& current_or_throw(const char* what);

  protected:
    TaskCore() noexcept = default;
    ~TaskCore() = default;

    // Turns this coroutine into a task of `scheduler` and schedules its first step.
    // References: one for the scheduler until the task is done, one for the caller's handle.
    // Inline: this is half of what spawning a task costs.
    void start(Scheduler& scheduler, std::coroutine_handle<> root, std::string_view name) {
        scheduler_ = &scheduler;
        resume_point_ = root;
        owner_ = nullptr;
        serial_ = scheduler.next_task_serial();
        cancels_requested_ = 0;
        must_cancel_ = false;
        started_ = false;
        is_task_ = true;
        refs_ = 2;
        if (!name.empty()) set_name(name);
        scheduler.attach(*this);
        scheduler.schedule_start(*this);
    }
    // Called at final suspension of a task's coroutine, after its outcome was recorded. The
    // resume point is then the task's own frame, which the last release destroys.
    void finish() noexcept;
    // Reports, at the last release, a failure nobody retrieved.
    void report_if_unretrieved() const noexcept;

    // Where the task resumes: the innermost coroutine it is suspended in. A coroutine awaited
    // inline uses the same slot for its continuation (the coroutine awaiting it), which a
    // task's root never needs: see CoroPromiseBase.
    std::coroutine_handle<> resume_point_;

  private:
    friend class Scheduler;
    friend class FutureCore;  // destroy_frame()
    struct Extras;
    struct ExtrasTable;
    static ExtrasTable& extras_table();

    // Ready-queue entries: a step; the first steps of a batch of new tasks; a wake-up.
    // Discarded, a step that was to start a task finishes it as cancelled, without running
    // it; a task that has started stays pending (the loop reports it when it closes).
    static void step(void* self, Action action) noexcept;
    static void start_batch(void* first, Action action) noexcept;
    static void wake_step(void* self, Action action) noexcept {
        if (action == Action::run) static_cast<TaskCore*>(self)->wake();
    }
    [[noreturn]] void raise_cancelled();
    void destroy_frame() noexcept {
        report_if_unretrieved();
        if (has_extras_) forget_extras();
        resume_point_.destroy();
    }
    Extras& extras();
    const Extras* find_extras() const noexcept;
    void forget_extras() noexcept;

    // Every coroutine frame carries these, but only a task uses them: they are set by
    // start(), so that a coroutine awaited inline does not pay for initializing them. The
    // cancel hook shares a slot with the exception (see FutureCore).
    Scheduler* scheduler_;
    TaskOwner* owner_;
    std::uint32_t serial_;  // for the default name "Task-N"
    std::uint16_t cancels_requested_;
    bool must_cancel_;
    bool started_;
};

// A waiter on one task, for a combinator that watches several (gather, wait, as_completed):
// the node knows its combinator and its task.
template <class Owner>
struct ChildNode : CompletionNode {
    Owner* owner;
    TaskCore* task;
};

inline void Scheduler::attach(TaskCore& task) noexcept {
    tasks_.add(task);
    ++task_count_;
}

inline void Scheduler::schedule_start(TaskCore& task) {
    task.next_to_start_ = nullptr;
    // In debug mode each step is an entry of its own, so that a slow one is named; traced,
    // so that each is a slice of its own.
    if (instrumented_) return schedule_start_instrumented(task);
    if (starting_tail_) {
        starting_tail_->next_to_start_ = &task;
    } else {
        push(Entry{&TaskCore::start_batch, &task});
    }
    starting_tail_ = &task;
}

inline void Scheduler::detach(TaskCore& task) noexcept {
    TaskList::remove(task);
    --task_count_;
}

inline TaskCore& TaskList::task_of(ListLink& link) noexcept { return static_cast<TaskCore&>(link); }

}  // namespace asyncio::detail
