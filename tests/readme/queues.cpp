// queue.hpp and README's table: Queue, LifoQueue, PriorityQueue, put/get, the _nowait calls,
// task_done/join, shutdown and QueueShutDown; a producer and a consumer as tasks.
#include <asyncio/asyncio.hpp>

#include "check.hpp"

asyncio::Coro<> producer(asyncio::Queue<std::string>& q) {
    for (int i = 0; i < 5; ++i) co_await q.put(std::string(50, char('a' + i)));
    q.shutdown();
}

asyncio::Coro<> consumer(asyncio::Queue<std::string>& q, std::vector<std::string>& got) {
    for (;;) {
        try {
            std::string item = co_await q.get();
            got.push_back(std::move(item));
            q.task_done();
        } catch (const asyncio::QueueShutDown&) {
            co_return;
        }
    }
}

asyncio::Coro<> main_() {
    asyncio::Queue<std::string> q(2);  // maxsize 2: put waits while full
    std::vector<std::string> got;
    co_await asyncio::gather(producer(q), consumer(q, got));
    expect(got.size() == 5 && got[4] == std::string(50, 'e'), "FIFO through a bounded queue");

    asyncio::LifoQueue<int> lifo;
    lifo.put_nowait(1);
    lifo.put_nowait(2);
    expect(co_await lifo.get() == 2, "LIFO");

    asyncio::PriorityQueue<int> pq;
    for (int v : {5, 1, 3}) co_await pq.put(v);
    expect(pq.get_nowait() == 1, "smallest first");

    asyncio::Queue<int> empty;
    bool raised = false;
    try {
        (void)empty.get_nowait();
    } catch (const asyncio::QueueEmpty&) {
        raised = true;
    }
    expect(raised, "QueueEmpty");

    asyncio::Queue<int> counted;
    counted.put_nowait(1);
    (void)counted.get_nowait();
    counted.task_done();
    co_await counted.join();
}

int main() { return asyncio::run(main_()); }
