#include "asyncio/subprocess/process.hpp"

#include <signal.h>

#include "asyncio/combinators/gather.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/detail/net/stream_access.hpp"
#include "asyncio/detail/subprocess/child.hpp"
#include "asyncio/detail/subprocess/output_buffer.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio {

namespace {

// communicate's writer: all of `input`, then the end of the child's input. As in Python, a
// child that stops reading early is no error here.
Coro<> feed(StreamWriter* writer, std::string input) {
    if (!writer) co_return;
    try {
        if (!input.empty()) {
            writer->write(std::move(input));  // queued whole, not copied
            co_await writer->drain();
        }
    } catch (const ConnectionError&) {
    }
    writer->close();
}

constexpr std::size_t kBulkRead = 256 * 1024;

// communicate's readers: everything up to the end of the stream, collected straight from
// the reader's buffer into pages that grow in place (see OutputBuffer).
Coro<std::string> read_to_end(StreamReader* reader) {
    if (!reader) co_return std::string();
    detail::ReadBuffer& buffer = detail::StreamAccess::buffer(*reader);
    // Bulk: the kernel copies straight into a buffer that stays, a socket's worth per read.
    buffer.keep_capacity(kBulkRead);
    detail::OutputBuffer collected;
    for (;;) {
        collected.append(buffer.view());
        buffer.clear();
        const bool more = co_await detail::StreamAccess::fill(*reader);
        if (!more) break;
    }
    co_return collected.take();
}

// The watcher sets the event: waiting on it, not on the watcher, so that a cancelled wait()
// leaves the child and its watcher alone. Holds the child, not the Process: a Process moved
// elsewhere before the wait starts is no matter.
Coro<int> wait_for_exit(std::shared_ptr<detail::Child> child) {
    co_await child->exited.wait();
    co_return *child->returncode();
}

}  // namespace

Process::Process(std::shared_ptr<detail::Child> child) noexcept : child_(std::move(child)) {}
Process::Process(Process&&) noexcept = default;
Process& Process::operator=(Process&&) noexcept = default;
Process::~Process() = default;

int Process::pid() const noexcept { return child_->pid(); }

std::optional<int> Process::returncode() const noexcept { return child_->returncode(); }

Coro<int> Process::wait() { return wait_for_exit(child_); }

Coro<std::pair<std::string, std::string>> Process::communicate(std::string input) {
    if (!input.empty() && !stdin) {
        throw RuntimeError("communicate(): input given, but the child's stdin is not a PIPE");
    }
    StreamWriter* in = stdin ? &*stdin : nullptr;
    StreamReader* out = stdout ? &*stdout : nullptr;
    StreamReader* err = stderr ? &*stderr : nullptr;
    auto [fed, out_bytes, err_bytes] =
        co_await gather(feed(in, std::move(input)), read_to_end(out), read_to_end(err));
    (void)fed;
    co_await wait();
    co_return std::pair(std::move(out_bytes), std::move(err_bytes));
}

void Process::send_signal(int signal) { child_->send_signal(signal); }
void Process::terminate() { send_signal(SIGTERM); }
void Process::kill() { send_signal(SIGKILL); }

}  // namespace asyncio
