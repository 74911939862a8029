// conformance_runner NAME: runs one scenario on a virtual clock and prints its trace, as
// `python3 NAME.py` does with harness.py. `--list` prints the names of all scenarios.
#include <cstdio>
#include <string_view>

#include "conformance.hpp"

int main(int argc, char** argv) {
    using conformance::detail::scenarios;
    if (argc == 2 && std::string_view(argv[1]) == "--list") {
        for (const auto& scenario : scenarios()) std::printf("%s\n", scenario.name);
        return 0;
    }
    if (argc != 2) {
        std::fprintf(stderr, "usage: conformance_runner NAME | --list\n");
        return 2;
    }
    for (const auto& scenario : scenarios()) {
        if (std::string_view(scenario.name) != argv[1]) continue;
        const asyncio::VirtualClock clock;
        conformance::detail::set_start(clock.now());
        try {
            asyncio::run(scenario.entry(), {.clock = clock});
        } catch (...) {
            conformance::trace("main raised", conformance::describe(std::current_exception()));
        }
        return 0;
    }
    std::fprintf(stderr, "conformance_runner: no scenario named %s\n", argv[1]);
    return 2;
}
