#include "asyncio/loop/run.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "asyncio/core/call_graph.hpp"
#include "asyncio/core/exception_group.hpp"

namespace asyncio::detail {
namespace {

void report_shutdown_failures(const std::vector<AnyTask>& failed) {
    for (const AnyTask& task : failed) {
        std::fprintf(stderr, "asyncio: task '%s' failed during shutdown: %s\n",
                     task.get_name().c_str(), format_exception(task.exception()).c_str());
    }
}

[[noreturn]] void die_of_sigint() {
    std::fflush(nullptr);
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
    std::_Exit(130);  // SIGINT blocked: end with the status the shell would have shown
}

}  // namespace

void start_trace(EventLoop& loop, const RunOptions& options) {
    const char* from_environment = std::getenv("ASYNCIO_TRACE");
    if (!options.trace.empty()) {
        loop.start_trace(options.trace);
    } else if (from_environment && *from_environment) {
        loop.start_trace(from_environment);
    }
}

void run_main(EventLoop& loop, const AnyTask& main, const RunOptions& options) {
    bool interrupted = false;
    if (options.handle_sigint) {
        loop.add_signal_handler(SIGINT, [&] {
            interrupted = true;
            loop.remove_signal_handler(SIGINT);  // a second Ctrl-C ends the program at once
            AnyTask(main).cancel("KeyboardInterrupt");
        });
    }
    if (options.dump_tasks_on != 0) {
        loop.add_signal_handler(options.dump_tasks_on, [] { dump_tasks(STDERR_FILENO); });
    }
    loop.run_until_done(main);
    report_shutdown_failures(loop.cancel_all_tasks());
    loop.close();
    if (interrupted && main.cancelled()) die_of_sigint();
}

}  // namespace asyncio::detail
