// Intrusive lists of the tasks that are not done: the scheduler's own, and one per task
// group, so that a group finds its children without looking at anyone else's tasks.
//
// A task is on exactly one list from `create_task` until it finishes: its scheduler's, or
// its task group's. The lists are circular around a sentinel, so a task leaves or moves in
// O(1) without knowing which list it is on. Every list is linked to its scheduler's, so
// walking all tasks (`all_tasks()`, closing the loop) still finds them all.
#pragma once

namespace asyncio::detail {

struct ListLink {
    ListLink* prev;
    ListLink* next;

    void link_before(ListLink& at) noexcept {
        prev = at.prev;
        next = &at;
        at.prev->next = this;
        at.prev = this;
    }
    void unlink() noexcept {
        prev->next = next;
        next->prev = prev;
    }
};

class TaskCore;

class TaskList : private ListLink {
  public:
    // The scheduler's own list, which the others join.
    TaskList() noexcept : root_(nullptr) {
        prev = next = this;
        head_.prev = head_.next = &head_;
    }
    // A list of `root`'s scheduler (a task group's children).
    explicit TaskList(TaskList& root) noexcept : root_(&root) {
        link_before(root);
        head_.prev = head_.next = &head_;
    }
    // Tasks still on a group's list when it goes (its loop was torn down around it) go back
    // to the scheduler's.
    ~TaskList() {
        if (!root_) return;
        for (ListLink* at = head_.next; at != &head_;) {
            ListLink* following = at->next;
            at->link_before(root_->head_);
            at = following;
        }
        unlink();
    }
    TaskList(const TaskList&) = delete;
    TaskList& operator=(const TaskList&) = delete;

    // Puts a new task (its link) at the end of this list.
    void add(ListLink& task) noexcept { task.link_before(head_); }
    // Takes a task off whichever list it is on.
    static void remove(ListLink& task) noexcept { task.unlink(); }
    // Moves a task to the end of this list from the one it is on.
    void adopt(ListLink& task) noexcept {
        remove(task);
        add(task);
    }

    // Calls `fn(TaskCore&)` for each task, oldest first; `fn` may move the task elsewhere.
    template <class F>
    void for_each(F fn) {
        for (ListLink* at = head_.next; at != &head_;) {
            ListLink* following = at->next;
            fn(task_of(*at));
            at = following;
        }
    }
    // The same over every list of the scheduler whose list this is.
    template <class F>
    void for_each_list(F fn) {
        ListLink* self = this;
        ListLink* at = self;
        do {
            fn(static_cast<TaskList&>(*at));
            at = at->next;
        } while (at != self);
    }

  private:
    static inline TaskCore& task_of(ListLink& link) noexcept;  // in task_core.hpp

    TaskList* root_;
    ListLink head_;
};

}  // namespace asyncio::detail
