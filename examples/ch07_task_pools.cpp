// Chapter 7 of the course, "Task pools": bounded concurrency, workers and a queue, and
// CPU-bound work on threads.
//
// The words, Python -> C++:
//   sem = asyncio.Semaphore(4)                  ->  co_await asyncio::task_pool(4,
//   async with asyncio.TaskGroup() as tg:               [&](asyncio::TaskPool pool) -> Coro<> {
//       async with sem: ... tg.create_task(c)           co_await pool.submit(c); ...
//                                                   });
//   (the same, results in input order)          ->  co_await asyncio::map_bounded(4, items, fn)
//   q = asyncio.Queue(); await q.get()          ->  asyncio::Queue<int> q; co_await q.get()
//   q.task_done(); await q.join()               ->  q.task_done(); co_await q.join()
//   q.shutdown(); except asyncio.QueueShutDown  ->  q.shutdown(); catch (asyncio::QueueShutDown&)
//   await asyncio.to_thread(fn, arg)            ->  co_await asyncio::to_thread(fn, arg)
//
// A pool is a task group that runs at most `limit` children at once: `submit` waits for a
// free slot (back-pressure), so a thousand "downloads" never means a thousand at once. The
// workers-and-queue pattern does the same with a fixed number of long-lived tasks. Neither
// helps CPU-bound work, which blocks the loop's one thread: that goes to other threads with
// `to_thread`, here SHA-256 (OpenSSL) of a few large buffers.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "asyncio/asyncio.hpp"

using namespace std::chrono_literals;
using asyncio::Coro;

namespace {

// ---- (a) downloads, at most 4 at once ----

constexpr int download_count = 20;
constexpr std::size_t download_limit = 4;

// How many downloads run at this moment, and the most seen at once.
struct InFlight {
    int now = 0;
    int most = 0;
};

// A pretend download: takes a few milliseconds (1 to 5, fixed per item) and returns the
// number of bytes it "fetched".
Coro<std::size_t> download(int item, InFlight* in_flight) {
    ++in_flight->now;
    in_flight->most = std::max(in_flight->most, in_flight->now);
    co_await asyncio::sleep(std::chrono::milliseconds(1 + (item * 7) % 5));
    --in_flight->now;
    co_return static_cast<std::size_t>(1000 + 37 * item);
}

// The same download, counted as it completes: "done 3/20". The count, not the item, so the
// output is the same whatever the order they finish in.
Coro<std::size_t> counted(int item, InFlight* in_flight, int* done) {
    const std::size_t size = co_await download(item, in_flight);
    std::cout << "done " << ++*done << '/' << download_count << '\n';
    co_return size;
}

Coro<> downloads() {
    std::cout << "== " << download_count << " downloads, at most " << download_limit
              << " at once (task_pool)\n";
    InFlight in_flight;
    int done = 0;
    std::vector<asyncio::Task<std::size_t>> tasks;
    co_await asyncio::task_pool(download_limit, [&](asyncio::TaskPool pool) -> Coro<> {
        for (int item = 0; item < download_count; ++item) {
            // Waits here while 4 are in flight.
            tasks.push_back(co_await pool.submit(counted(item, &in_flight, &done)));
        }
    });
    std::size_t total = 0;
    for (const auto& task : tasks) total += task.result();
    std::cout << "total: " << total << " bytes; at most " << in_flight.most << " at once\n";

    std::cout << "== the same in one call (map_bounded), results in input order\n";
    std::vector<int> items;
    for (int item = 0; item < download_count; ++item) items.push_back(item);
    InFlight again;
    auto fetch = [&again](int item) { return download(item, &again); };
    const std::vector<std::size_t> sizes =
        co_await asyncio::map_bounded(download_limit, items, fetch);
    total = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        std::cout << sizes[i] << (i % 10 == 9 ? '\n' : ' ');
        total += sizes[i];
    }
    std::cout << "total: " << total << " bytes; at most " << again.most << " at once\n";
}

// ---- (b) workers and a queue ----

// Takes jobs until the queue is shut down; each job's result is its square.
Coro<> worker(asyncio::Queue<int>* jobs, std::vector<int>* results) {
    while (true) {
        int job = 0;
        try {
            job = co_await jobs->get();
        } catch (const asyncio::QueueShutDown&) {
            co_return;  // shut down, and empty: no more work
        }
        co_await asyncio::sleep(1ms);  // the "work"
        results->push_back(job * job);
        jobs->task_done();
    }
}

Coro<> workers_and_queue() {
    std::cout << "== 12 jobs, 3 workers, one queue\n";
    asyncio::Queue<int> jobs;
    std::vector<int> results;
    co_await asyncio::task_group([&](asyncio::TaskGroup tg) -> Coro<> {
        for (int i = 0; i < 3; ++i) tg.create_task(worker(&jobs, &results));
        for (int job = 1; job <= 12; ++job) co_await jobs.put(job);
        co_await jobs.join();  // every job has had its task_done()
        std::cout << "queue joined: " << results.size() << " jobs done\n";
        jobs.shutdown();  // the workers' next get() raises QueueShutDown: they return
    });
    std::sort(results.begin(), results.end());
    std::cout << "results:";
    for (int r : results) std::cout << ' ' << r;
    std::cout << '\n';
}

// ---- (c) CPU-bound: SHA-256 on the loop, then on threads ----

using Buffer = std::vector<unsigned char>;

constexpr int buffer_count = 8;
constexpr std::size_t buffer_size = std::size_t{8} << 20;  // 8 MiB

// Deterministic pseudo-random bytes (xorshift64*), the same on every run.
Buffer make_buffer(std::uint64_t seed) {
    Buffer buffer(buffer_size);
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
    for (std::size_t i = 0; i < buffer.size(); i += 8) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        const std::uint64_t word = x * 0x2545f4914f6cdd1dULL;
        for (std::size_t b = 0; b < 8; ++b)
            buffer[i + b] = static_cast<unsigned char>(word >> (8 * b));
    }
    return buffer;
}

// SHA-256 of the buffer, in hex. Blocking, CPU-bound work.
std::string sha256_hex(const Buffer* buffer) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), buffer->data(), buffer->size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 0xf];
    }
    return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Coro<> hashing() {
    std::cout << "== SHA-256 of " << buffer_count << " buffers of 8 MiB\n";
    std::vector<Buffer> buffers;
    for (int i = 0; i < buffer_count; ++i) buffers.push_back(make_buffer(i));

    // On the loop, one after another: while a hash runs, no other task can.
    auto start = std::chrono::steady_clock::now();
    std::vector<std::string> on_loop;
    for (const Buffer& buffer : buffers) on_loop.push_back(sha256_hex(&buffer));
    const double loop_seconds = seconds_since(start);

    // On the default thread pool, all at once; the loop stays free meanwhile.
    start = std::chrono::steady_clock::now();
    std::vector<Coro<std::string>> calls;
    for (const Buffer& buffer : buffers) calls.push_back(asyncio::to_thread(&sha256_hex, &buffer));
    const std::vector<std::string> on_threads = co_await asyncio::gather(std::move(calls));
    const double thread_seconds = seconds_since(start);

    for (int i = 0; i < buffer_count; ++i)
        std::cout << "buffer " << i << ": " << on_loop[i] << '\n';
    std::cout << "to_thread gives the same digests: " << (on_threads == on_loop ? "yes" : "NO")
              << '\n';
    // The times depend on the machine and its load: to stderr, which the golden test does
    // not compare (it checks stdout only).
    std::cerr << "hashing: on the loop " << loop_seconds * 1000 << " ms, with to_thread "
              << thread_seconds * 1000 << " ms, speed-up " << loop_seconds / thread_seconds
              << "x\n";
}

Coro<> main_() {
    co_await downloads();
    co_await workers_and_queue();
    co_await hashing();
}

}  // namespace

// The chapter as a function, so that the course program (course.cpp) can run it too.
int ch07_task_pools() { return asyncio::run(main_()); }

#ifndef ASYNCIO_COURSE
int main() { return ch07_task_pools(); }
#endif
