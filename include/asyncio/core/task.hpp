// Tasks: coroutines scheduled to run concurrently on the event loop.
//
// `create_task(coro, name)` schedules a `Coro` as a task; it starts on the loop's next turn,
// as in Python. A `Task<T>` is a cheap, copyable handle (an intrusive reference to the
// coroutine frame, which holds the task's state). Any number of tasks may `co_await` it.
// The loop owns every task until it is done, so a task whose handles are all dropped still
// runs to the end (Python's "task garbage-collected while pending" pitfall does not exist
// here); a task that failed and whose exception nobody retrieved is reported on stderr, with
// its name, when its last handle goes.
//
// `AnyTask` is the same handle without the result type, for code that handles tasks of
// every kind (`current_task()`, `all_tasks()`, done callbacks).
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/detail/core/completion_awaiter.hpp"
#include "asyncio/detail/core/done_callback.hpp"

namespace asyncio {

namespace detail {
struct TaskAccess;
}

class AnyTask {
  public:
    AnyTask() noexcept = default;
    AnyTask(const AnyTask& other) noexcept : core_(other.core_) {
        if (core_) core_->add_ref();
    }
    AnyTask(AnyTask&& other) noexcept : core_(std::exchange(other.core_, nullptr)) {}
    AnyTask& operator=(AnyTask other) noexcept {
        std::swap(core_, other.core_);
        return *this;
    }
    ~AnyTask() {
        if (core_) core_->release();
    }
    explicit operator bool() const noexcept { return core_ != nullptr; }
    friend bool operator==(const AnyTask& a, const AnyTask& b) noexcept {
        return a.core_ == b.core_;
    }

    // On an empty handle (`current_task()` outside a task), every method below raises
    // RuntimeError.
    bool done() const { return checked("done").done(); }
    bool cancelled() const { return checked("cancelled").cancelled(); }
    // Requests cancellation (see docs/cancellation.md); false if the task is already done.
    bool cancel(std::string_view message = {}) { return checked("cancel").cancel(message); }
    // How many cancellation requests are pending; `uncancel()` takes one back.
    std::uint32_t cancelling() const { return checked("cancelling").cancelling(); }
    std::uint32_t uncancel() { return checked("uncancel").uncancel(); }
    std::string get_name() const { return checked("get_name").name(); }
    void set_name(std::string_view name) { checked("set_name").set_name(name); }

    // The exception the task ended with, or null if it returned a value. Throws
    // CancelledError if it was cancelled, InvalidStateError if it is not done.
    std::exception_ptr exception() const {
        check_done("exception");
        if (core_->cancelled()) core_->rethrow_if_failed();
        return core_->exception();
    }

    void add_done_callback(std::function<void(AnyTask)> fn) {
        detail::add_done_callback(checked("add_done_callback"),
                                  [fn = std::move(fn)](detail::FutureCore& core) {
                                      fn(AnyTask(static_cast<detail::TaskCore&>(core)));
                                  });
    }

    // Waits for the task to finish; rethrows its exception.
    auto operator co_await() const {
        struct Awaiter : detail::CompletionAwaiter {
            using CompletionAwaiter::CompletionAwaiter;
            void await_resume() {
                resume();
                target().rethrow_if_failed();
            }
        };
        return Awaiter(checked("co_await"));
    }

  protected:
    friend struct detail::TaskAccess;

    // Refers to `core`, taking a new reference.
    explicit AnyTask(detail::TaskCore& core) noexcept : core_(&core) { core_->add_ref(); }
    struct Adopt {};
    AnyTask(detail::TaskCore& core, Adopt) noexcept : core_(&core) {}
    void check_done(const char* what) const {
        if (!checked(what).done()) {
            throw InvalidStateError(std::string(what) + "(): the task is not done");
        }
    }
    // The task, or RuntimeError for an empty handle (one predictable branch).
    detail::TaskCore& checked(const char* what) const {
        if (core_ == nullptr) [[unlikely]]
            throw_empty(what);
        return *core_;
    }
    [[noreturn]] static void throw_empty(const char* what);

    detail::TaskCore* core_ = nullptr;
};

template <class T = void>
class Task : public AnyTask {
  public:
    using value_type = T;

    Task() noexcept = default;

    // The task's value; throws its exception (CancelledError if cancelled), or
    // InvalidStateError if it is not done.
    decltype(auto) result() const& {
        check_done("result");
        return promise().result();
    }
    T result() && {
        check_done("result");
        if constexpr (!std::is_void_v<T>)
            return take_result();
        else
            promise().result();
    }

    void add_done_callback(std::function<void(Task)> fn) {
        detail::add_done_callback(checked("add_done_callback"),
                                  [fn = std::move(fn)](detail::FutureCore& core) {
                                      fn(Task(static_cast<detail::TaskCore&>(core)));
                                  });
    }

    // `co_await task` gives a copy of the value; `co_await std::move(task)` moves it out when
    // no other handle to the task is left (or when T cannot be copied).
    auto operator co_await() const& { return Awaiter<false>(checked("co_await")); }
    auto operator co_await() && { return Awaiter<true>(checked("co_await")); }

    // The value, moved out if this is the only handle (a copy otherwise, if T can be copied).
    T take_result() {
        checked("take_result");
        if constexpr (std::is_void_v<T>) {
            promise().result();
        } else {
            auto& value = promise().result();
            if constexpr (std::is_copy_constructible_v<T>) {
                if (core_->refs() != 1) return value;
            }
            return std::move(value);
        }
    }

  private:
    friend struct detail::TaskAccess;

    explicit Task(detail::TaskCore& core) noexcept : AnyTask(core) {}
    Task(detail::TaskCore& core, Adopt) noexcept : AnyTask(core, Adopt{}) {}
    detail::CoroPromise<T>& promise() const noexcept {
        return static_cast<detail::CoroPromise<T>&>(*core_);
    }

    template <bool Move>
    struct Awaiter : detail::CompletionAwaiter {
        using CompletionAwaiter::CompletionAwaiter;
        T await_resume() {
            resume();
            auto& promise = static_cast<detail::CoroPromise<T>&>(target());
            if constexpr (std::is_void_v<T>) {
                promise.result();
            } else if constexpr (Move && std::is_copy_constructible_v<T>) {
                // Moved out only if no other handle may still read it.
                if (promise.refs() != 1) return promise.result();
                return std::move(promise.result());
            } else if constexpr (Move) {
                return std::move(promise.result());
            } else {
                return promise.result();
            }
        }
    };
};

namespace detail {

// The library's way between task handles and the tasks themselves; not for users.
struct TaskAccess {
    static TaskCore& core(const AnyTask& task) noexcept { return *task.core_; }
    // As core(), for a handle a user gave: RuntimeError naming `what` if it is empty.
    static TaskCore& checked(const AnyTask& task, const char* what) { return task.checked(what); }
    // A new handle to `task` (a new reference): an AnyTask, or a Task<T> if T is its type.
    template <class Handle = AnyTask>
    static Handle handle(TaskCore& task) noexcept {
        return Handle(task);
    }
    // Takes over a frame that create_task has started (its first reference).
    template <class T>
    static Task<T> adopt(CoroPromise<T>& promise) noexcept {
        return Task<T>(promise, AnyTask::Adopt{});
    }
};

template <class T>
Task<T> spawn(Scheduler& scheduler, Coro<T> coro, std::string_view name) {
    auto frame = coro.release();
    if (!frame) throw RuntimeError("create_task() of a Coro that was moved from");
    frame.promise().start_task(scheduler, frame, name);
    return TaskAccess::adopt(frame.promise());
}

// Python's wait() and as_completed() take a set of tasks: one given twice counts once. Keeps
// the first of each, in order (the common case, no duplicate, only sorts a copy). An empty
// handle is RuntimeError naming `what`.
template <class T>
void drop_duplicate_tasks(std::vector<Task<T>>& tasks, const char* what) {
    std::vector<const TaskCore*> cores;
    cores.reserve(tasks.size());
    for (const Task<T>& task : tasks) cores.push_back(&TaskAccess::checked(task, what));
    if (tasks.size() < 2) return;
    std::sort(cores.begin(), cores.end());
    if (std::adjacent_find(cores.begin(), cores.end()) == cores.end()) return;
    std::unordered_set<const TaskCore*> seen;
    std::erase_if(
        tasks, [&](const Task<T>& task) { return !seen.insert(&TaskAccess::core(task)).second; });
}

inline Scheduler& running_scheduler(const char* what) {
    Scheduler* s = Scheduler::running();
    if (!s) throw RuntimeError(std::string(what) + ": no running event loop");
    return *s;
}

}  // namespace detail

// Schedules `coro` to run as a task on the running loop, starting on its next turn.
template <class T>
Task<T> create_task(Coro<T> coro, std::string_view name = {}) {
    return detail::spawn(detail::running_scheduler("create_task()"), std::move(coro), name);
}

// The task running now; outside of a task, an empty handle (false in a test; its methods and
// `co_await` raise RuntimeError).
inline AnyTask current_task() noexcept {
    detail::TaskCore* t = detail::TaskCore::current();
    return t ? detail::TaskAccess::handle(*t) : AnyTask();
}

// The tasks of the running loop that are not done yet.
std::vector<AnyTask> all_tasks();

}  // namespace asyncio
