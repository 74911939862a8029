// The fetching itself: every URL of the options through one shared http::Client, at most
// `jobs` at once (a TaskPool), each tried up to 1 + `retries` times, its body streamed to
// its file, to stdout or nowhere, and reported as it finishes (report.hpp).
//
// Where a body goes: with --output-dir, a 2xx body to its file (file_names.hpp), through a
// hidden temporary file renamed once complete; a failed, retried or cancelled download
// removes its temporary file. Without --output-dir, a lone URL's body goes to stdout
// (unless --json), as curl's does; otherwise bodies are read and counted only.
//
// Cancellation (Ctrl-C, which asyncio::run turns into cancelling the main task) cancels the
// requests in flight; each removes its temporary file as it unwinds, and the progress line
// is erased.
#pragma once
#include "asyncio/core/coro.hpp"
#include "options.hpp"

namespace fetch {

// Fetches everything; the exit status: 0 if every URL gave a 2xx, 1 otherwise.
asyncio::Coro<int> fetch_all(FetchOptions options);

}  // namespace fetch
