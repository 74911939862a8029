#include "asyncio/subprocess/subprocess.hpp"

#include "asyncio/detail/net/stream_access.hpp"
#include "asyncio/detail/subprocess/spawn.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio::detail {

SpawnSpec make_spawn_spec(std::vector<std::string> argv, const SubprocessOptions& options) {
    SpawnSpec spec;
    spec.argv = std::move(argv);
    if (options.env) spec.env.emplace(options.env->begin(), options.env->end());
    if (options.cwd) spec.cwd.emplace(*options.cwd);
    spec.stdio[0] = options.stdin;
    spec.stdio[1] = options.stdout;
    spec.stdio[2] = options.stderr;
    spec.limit = options.limit;
    return spec;
}

SpawnSpec make_spawn_spec(std::initializer_list<std::string_view> argv,
                          const SubprocessOptions& options) {
    return make_spawn_spec(std::vector<std::string>(argv.begin(), argv.end()), options);
}

Coro<Process> create_subprocess(SpawnSpec spec) {
    if (spec.limit == 0) throw ValueError("create_subprocess: limit must be positive");
    get_running_loop();  // RuntimeError outside a loop: before a child nobody would reap
    Spawned spawned = spawn(spec);
    try {
        watch(spawned.child);
    } catch (...) {
        spawned.child->kill_and_reap();
        throw;
    }
    Process process = ProcessAccess::make(std::move(spawned.child));
    if (spawned.pipes[0].is_open()) {
        process.stdin.emplace(
            StreamAccess::writer(make_transport(std::move(spawned.pipes[0]), false)));
    }
    for (int fd : {1, 2}) {
        if (!spawned.pipes[fd].is_open()) continue;
        auto& reader = fd == 1 ? process.stdout : process.stderr;
        reader.emplace(
            StreamAccess::reader(make_transport(std::move(spawned.pipes[fd]), false), spec.limit));
    }
    co_return process;
}

}  // namespace asyncio::detail
