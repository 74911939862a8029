// The reactor's list of functions: the ready queue every event loop drives, and the registry
// of the tasks that are alive on it.
//
// An entry is a plain function pointer and its argument (a task step, a callback), so
// scheduling allocates nothing once the ring has grown to the program's working size. New
// tasks do not take an entry each: those started one after the other share one entry, and
// wait for their first step on a list threaded through the tasks themselves, so that
// spawning 100,000 tasks at once does not grow the ring.
// `run_ready()` runs exactly the entries that were ready when it started: what they schedule
// runs on the next turn, which is what makes `sleep(0s)` yield exactly one loop turn.
// An entry that will never run (its loop is closing) is handed to its own function with
// `Action::discard`, which releases what the entry owns (a callback, a reference to a task)
// without running anything.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/detail/core/task_list.hpp"

namespace asyncio::detail {

class TaskCore;
class TraceRecorder;

// What a ready-queue (or timer) entry's function is asked to do.
enum class Action : bool { run, discard };

class Scheduler {
  public:
    using Run = void (*)(void* arg, Action action) noexcept;
    struct Entry {
        Run run;
        void* arg;
    };

    Scheduler();
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void schedule(Run run, void* arg) {
        starting_tail_ = nullptr;  // a task started after this entry takes a new one
        push(Entry{run, arg});
    }
    // Schedules the first step of a new task (in task_core.hpp: it needs TaskCore).
    inline void schedule_start(TaskCore& task);
    bool has_ready() const noexcept { return size_ != 0; }
    // Empties the ready queue without running it: each entry (and what it schedules
    // meanwhile) is discarded.
    void discard_ready() noexcept;
    void run_ready() noexcept;

    // The task whose step is running, or null between steps.
    TaskCore* current_task() const noexcept { return current_; }

    // The scheduler of the loop running on this thread, or null.
    static Scheduler* running() noexcept { return running_; }
    // Makes this the running scheduler of the thread for the guard's lifetime.
    class RunningGuard {
      public:
        explicit RunningGuard(Scheduler& s) noexcept : previous_(std::exchange(running_, &s)) {}
        ~RunningGuard() { running_ = previous_; }
        RunningGuard(const RunningGuard&) = delete;
        RunningGuard& operator=(const RunningGuard&) = delete;

      private:
        Scheduler* previous_;
    };

    // The tasks created on this scheduler that are not done, oldest first.
    std::vector<TaskCore*> pending_tasks();
    // The list of pending tasks that task groups' lists join (see task_list.hpp).
    TaskList& tasks() noexcept { return tasks_; }
    std::size_t pending_task_count() const noexcept { return task_count_; }
    // Numbers tasks for their default names ("Task-N"), per loop.
    std::uint32_t next_task_serial() noexcept { return ++task_serial_; }

    // The event loop that drives this scheduler (opaque here: the loop is a layer above).
    void* owner() const noexcept { return owner_; }
    void set_owner(void* owner) noexcept { owner_ = owner; }

    // Debug mode: a step that holds the loop longer than this is reported with its task.
    void set_debug(bool on) noexcept {
        debug_ = on;
        instrumented_ = debug_ || tracer_;
    }
    bool debug() const noexcept { return debug_; }
    std::chrono::nanoseconds slow_step_threshold{std::chrono::milliseconds(100)};

    // The timeline trace's recorder (trace_recorder.hpp), null when the loop is not traced.
    TraceRecorder* tracer() const noexcept { return tracer_; }
    void set_tracer(TraceRecorder* tracer) noexcept {
        tracer_ = tracer;
        instrumented_ = debug_ || tracer_;
    }
    // For a traced loop: how many entries are ready, and then which tasks the entries made
    // ready since were for (each recorded as a wake-up at `ts`, but for the task `waker`
    // waking itself).
    std::size_t ready_count() const noexcept { return size_; }
    void trace_wakes_since(std::size_t mark, std::int64_t ts, std::uint32_t waker = 0) noexcept;
    // A task's serial number (its id in the trace), 0 for none.
    static std::uint32_t serial_of(const TaskCore* task) noexcept;
    // What tasks do, for the trace (called only when traced).
    void trace_task_done(TaskCore& task) noexcept;
    void trace_cancel(TaskCore& task, std::string_view message) noexcept;
    void trace_named(TaskCore& task, std::string_view name) noexcept;

  private:
    friend class TaskCore;
    void push(Entry entry) {
        if (size_ == capacity_) grow();
        ring_[(head_ + size_) & (capacity_ - 1)] = entry;
        ++size_;
    }
    Entry pop() noexcept {
        const Entry entry = ring_[head_];
        head_ = (head_ + 1) & (capacity_ - 1);
        --size_;
        return entry;
    }
    void grow();
    // The step loop of a loop in debug mode or traced (instrumented_steps.cpp).
    void run_ready_instrumented() noexcept;
    void schedule_start_instrumented(TaskCore& task);
    inline void attach(TaskCore& task) noexcept;  // in task_core.hpp: they need TaskCore
    inline void detach(TaskCore& task) noexcept;

    static thread_local Scheduler* running_;

    std::unique_ptr<Entry[]> ring_;
    std::size_t capacity_ = 0;  // a power of two
    std::size_t head_ = 0;
    std::size_t size_ = 0;
    TaskCore* current_ = nullptr;
    // The last task of the batch of new tasks that the ring's last entry starts, if it does.
    TaskCore* starting_tail_ = nullptr;
    TaskList tasks_;
    std::size_t task_count_ = 0;
    std::uint32_t task_serial_ = 0;
    void* owner_ = nullptr;
    TraceRecorder* tracer_ = nullptr;
    bool debug_ = false;
    bool instrumented_ = false;  // debug mode or traced: the one flag the hot paths test
};

}  // namespace asyncio::detail
