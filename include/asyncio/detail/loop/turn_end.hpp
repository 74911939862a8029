// Work a loop does at the end of each turn, once the turn's callbacks and task steps have run
// and before it waits for I/O again: a stream sends there, in one system call, everything
// written to it during the turn (as uvloop does), so a server that writes a line to many
// clients, or many lines to one, makes one send per client per turn.
//
// Scheduling is O(1) and idempotent, and allocates nothing (the link lives in the object); an
// object destroyed while scheduled takes itself off the list.
#pragma once

namespace asyncio::detail {

struct TurnEndLink {
    TurnEndLink* prev = nullptr;
    TurnEndLink* next = nullptr;

    void unlink() noexcept {
        prev->next = next;
        next->prev = prev;
        prev = next = nullptr;
    }
};

class TurnEndWork : private TurnEndLink {
  public:
    TurnEndWork() = default;
    TurnEndWork(const TurnEndWork&) = delete;
    TurnEndWork& operator=(const TurnEndWork&) = delete;

    bool scheduled() const noexcept { return next != nullptr; }
    virtual void at_turn_end() noexcept = 0;

  protected:
    ~TurnEndWork() { unschedule(); }
    void unschedule() noexcept {
        if (scheduled()) unlink();
    }

  private:
    friend class TurnEndList;
};

class TurnEndList {
  public:
    TurnEndList() noexcept { head_.prev = head_.next = &head_; }
    ~TurnEndList() {
        while (head_.next != &head_) head_.next->unlink();
    }
    TurnEndList(const TurnEndList&) = delete;
    TurnEndList& operator=(const TurnEndList&) = delete;

    bool empty() const noexcept { return head_.next == &head_; }

    void schedule(TurnEndWork& work) noexcept {
        if (work.scheduled()) return;
        TurnEndLink& link = work;
        link.prev = head_.prev;
        link.next = &head_;
        head_.prev->next = &link;
        head_.prev = &link;
    }

    // Runs the scheduled work in the order it was scheduled, including work scheduled
    // meanwhile. Each item leaves the list before it runs (it may schedule itself again).
    void run() noexcept {
        while (!empty()) {
            TurnEndLink* link = head_.next;
            link->unlink();
            static_cast<TurnEndWork*>(link)->at_turn_end();
        }
    }

  private:
    TurnEndLink head_;
};

}  // namespace asyncio::detail
