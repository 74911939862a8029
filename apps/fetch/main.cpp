// asyncio-fetch: fetches URLs concurrently (`asyncio-fetch --help` says how). The work is in
// the library beside this file (options, fetcher, report, file_names, retry), which the
// tests link too.
#include <cstdio>
#include <exception>
#include <iostream>
#include <utility>
#include <variant>

#include "asyncio/asyncio.hpp"
#include "fetcher.hpp"
#include "options.hpp"

int main(int argc, char** argv) {
    fetch::ParseResult parsed =
        fetch::parse_command_line(argc, argv, std::cin, std::cout, std::cerr);
    if (const int* status = std::get_if<int>(&parsed)) return *status;
    try {
        // Ctrl-C cancels the main task; once it has unwound (temporary files removed), the
        // program ends as killed by SIGINT: status 130 in the shell.
        return asyncio::run(fetch::fetch_all(std::move(std::get<fetch::FetchOptions>(parsed))));
    } catch (const std::exception&) {
        std::fprintf(stderr, "asyncio-fetch: %s\n",
                     asyncio::format_exception(std::current_exception()).c_str());
        return 1;
    }
}
