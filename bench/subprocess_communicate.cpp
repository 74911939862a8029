// communicate() of a large input through `cat`: time and peak memory.
//
//   subprocess_communicate [--mib N]      (100 by default)
//
// Makes N MiB of input, starts `cat` with stdin and stdout piped, and hands the input to
// `communicate()` (moved in: no copy), which writes it while it collects the same bytes
// back. Prints one line:
//   mib=... seconds=... peak_rss_kib=... baseline_kib=... beyond_data_kib=...
// `peak_rss_kib` is VmHWM; `baseline_kib` the RSS before the input was made; `beyond_data_kib`
// is the peak less the baseline and the 2 N MiB of input and output that the program holds
// by necessity at the end (the input until it is all written, the output once complete).
// Its Python twin: peers/subprocess_communicate.py.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "asyncio/asyncio.hpp"

namespace {

long status_kib(const char* field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
    }
    return -1;
}

asyncio::Coro<int> communicate(std::size_t mib) {
    const long baseline = status_kib("VmRSS:");
    std::string input(mib << 20, '\0');
    for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<char>(i * 31 >> 3);
    const std::string head = input.substr(0, 4096);
    const auto start = std::chrono::steady_clock::now();
    auto proc = co_await asyncio::create_subprocess_exec(
        "cat", {.stdin = asyncio::PIPE, .stdout = asyncio::PIPE});
    auto [out, err] = co_await proc.communicate(std::move(input));
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (out.size() != mib << 20 || out.compare(0, head.size(), head) != 0) {
        std::fprintf(stderr, "wrong output: %zu bytes\n", out.size());
        co_return 1;
    }
    const long peak = status_kib("VmHWM:");
    std::printf("mib=%zu seconds=%.3f peak_rss_kib=%ld baseline_kib=%ld beyond_data_kib=%ld\n", mib,
                elapsed.count(), peak, baseline,
                peak - baseline - static_cast<long>(2 * mib * 1024));
    co_return proc.returncode() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t mib = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--mib") == 0) mib = std::strtoull(argv[i + 1], nullptr, 10);
    }
    return asyncio::run(communicate(mib));
}
