// README's "Python to C++" table, the rows not covered by the other programs: current_task
// (empty outside a task), Future, Lock/Semaphore guards, Event, shield, wait, as_completed,
// Generator, File, getaddrinfo, create_connection, call_later.
#include <asyncio/asyncio.hpp>

#include <cstdio>
#include <filesystem>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<int> after(std::chrono::milliseconds d, int v) {
    co_await asyncio::sleep(d);
    co_return v;
}

asyncio::Generator<int> count_to(int n) {
    for (int i = 1; i <= n; ++i) co_yield i;
}

asyncio::Coro<> main_() {
    expect(asyncio::current_task().get_name() == "main", "current_task() in a task");

    asyncio::Future<int> future;
    asyncio::get_running_loop().call_later(1ms, [&future] { future.set_result(21); });
    expect(co_await future == 21, "Future");

    asyncio::Lock lock;
    {
        auto guard = co_await lock.acquire();  // released when `guard` goes
        expect(lock.locked(), "the lock is held");
    }
    asyncio::Semaphore sem(2);
    { auto permit = co_await sem.acquire(); }

    asyncio::Event event;
    auto setter = asyncio::create_task(after(1ms, 0));
    setter.add_done_callback([&event](asyncio::Task<int>) { event.set(); });
    co_await event.wait();

    int shielded = co_await asyncio::shield(after(1ms, 3));
    expect(shielded == 3, "shield");

    std::vector<asyncio::Task<int>> tasks = {asyncio::create_task(after(1ms, 1)),
                                             asyncio::create_task(after(1h, 2))};
    auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED, 5s);
    expect(done.size() == 1 && pending.size() == 1, "wait(FIRST_COMPLETED)");
    pending[0].cancel();

    std::vector<asyncio::Task<int>> racers = {asyncio::create_task(after(20ms, 1)),
                                              asyncio::create_task(after(1ms, 2))};
    std::vector<int> order;
    for (auto next : asyncio::as_completed(std::move(racers))) {
        int value = co_await next;
        order.push_back(value);
    }
    expect(order == std::vector<int>{2, 1}, "as_completed order");

    int sum = 0;
    for (int i : count_to(4)) sum += i;
    expect(sum == 10, "Generator");

    const std::string path =
        (std::filesystem::temp_directory_path() / "asyncio-readme-file.txt").string();
    {
        asyncio::File out = co_await asyncio::File::open(path, "w");
        co_await out.write("line one\nline two\n");
        co_await out.close();
        asyncio::File in = co_await asyncio::File::open(path, "r");
        std::string first = co_await in.readline();
        expect(first == "line one\n", "File readline");
        co_await in.close();
    }
    std::filesystem::remove(path);

    auto infos = co_await asyncio::getaddrinfo("127.0.0.1", 80);
    expect(!infos.empty(), "getaddrinfo");

    asyncio::Server server = co_await asyncio::start_server(
        [](asyncio::StreamReader, asyncio::StreamWriter) -> asyncio::Coro<> { co_return; },
        "127.0.0.1", 0);
    asyncio::Socket socket =
        co_await asyncio::create_connection("127.0.0.1", server.sockets()[0].sockname().port());
    expect(socket.is_open(), "create_connection");
    co_await server.shutdown(1s);
}

int main() {
    bool raised = false;
    try {
        asyncio::current_task().cancel();  // outside a task: an empty handle
    } catch (const asyncio::RuntimeError&) {
        raised = true;
    }
    expect(raised, "an empty handle raises RuntimeError");
    return asyncio::run(main_());
}
