// `ThreadPool`: worker threads for blocking and CPU-bound work, the executor behind
// `to_thread` (Python's `loop.run_in_executor` with a ThreadPoolExecutor).
//
// In C++ these threads really run in parallel: I/O stays on the loop, CPU work goes here.
// Jobs run in the order submitted, each on one of `size()` threads. `shutdown()` (also done
// by the destructor) lets the queued jobs finish, then joins the threads; submitting after it
// is a RuntimeError. Thread-safe: any thread may submit.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace asyncio {

class ThreadPool {
  public:
    // `threads` = 0: one per core.
    explicit ThreadPool(std::size_t threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    void submit(std::function<void()> job);
    void shutdown();
    std::size_t size() const noexcept { return threads_.size(); }

  private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace asyncio
