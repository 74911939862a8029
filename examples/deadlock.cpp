// A deadlock, found by looking inside the running program (asyncio/core/call_graph.hpp).
//
// Two tasks take two locks in opposite orders: `pay` takes the accounts, then the ledger;
// `audit` takes the ledger, then the accounts. Each ends up holding the lock the other waits
// for, and neither ever finishes. A watchdog notices that nothing finished in time and prints
// the task tree: it names both tasks and the line each one waits at. Then it cancels them,
// which is how the program ends.
//
// While it waits, `kill -USR1 <pid>` prints the same tree to stderr (RunOptions::dump_tasks_on):
// run `deadlock --wait 60` and try it from another terminal.
#include <asyncio/asyncio.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace std::chrono_literals;

namespace {

struct Books {
    asyncio::Lock accounts;
    asyncio::Lock ledger;
};

asyncio::Coro<> pay(Books* books) {
    auto accounts = co_await books->accounts.acquire();
    std::puts("pay: holds the accounts, wants the ledger");
    co_await asyncio::sleep(0s);  // let audit take the ledger meanwhile
    auto ledger = co_await books->ledger.acquire();
    std::puts("pay: done");  // never reached
}

asyncio::Coro<> audit(Books* books) {
    auto ledger = co_await books->ledger.acquire();
    std::puts("audit: holds the ledger, wants the accounts");
    co_await asyncio::sleep(0s);
    auto accounts = co_await books->accounts.acquire();
    std::puts("audit: done");  // never reached
}

asyncio::Coro<> main_(std::chrono::milliseconds patience) {
    Books books;
    auto payer = asyncio::create_task(pay(&books), "payer");
    auto auditor = asyncio::create_task(audit(&books), "auditor");
    co_await asyncio::sleep(patience);
    if (!payer.done() && !auditor.done()) {
        std::puts("no progress: the tasks and where they wait");
        std::fputs(asyncio::format_task_tree().c_str(), stdout);
        payer.cancel();
        auditor.cancel();
    }
    co_await asyncio::gather(asyncio::return_exceptions, payer, auditor);
    std::printf("payer cancelled: %s, auditor cancelled: %s\n", payer.cancelled() ? "yes" : "no",
                auditor.cancelled() ? "yes" : "no");
}

}  // namespace

int main(int argc, char** argv) {
    std::chrono::milliseconds patience = 100ms;
    if (argc == 3 && std::strcmp(argv[1], "--wait") == 0) {
        patience = std::chrono::seconds(std::atoi(argv[2]));
    } else if (argc != 1) {
        std::fputs("usage: deadlock [--wait SECONDS]\n", stderr);
        return 2;
    }
    return asyncio::run(main_(patience), {.dump_tasks_on = SIGUSR1});
}
