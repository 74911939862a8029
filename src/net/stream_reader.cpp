#include "asyncio/net/stream_reader.hpp"

#include "asyncio/detail/net/stream_transport.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio {

StreamReader::StreamReader(std::size_t limit)
    : limit_(limit), fed_(std::make_unique<detail::WaitQueue>()) {
    if (limit == 0) throw ValueError("StreamReader: limit must be positive");
}

StreamReader::StreamReader(std::shared_ptr<detail::StreamTransport> transport, std::size_t limit)
    : transport_(std::move(transport)), limit_(limit) {
    if (limit == 0) throw ValueError("StreamReader: limit must be positive");
}

StreamReader::StreamReader(StreamReader&&) noexcept = default;
StreamReader& StreamReader::operator=(StreamReader&&) noexcept = default;
StreamReader::~StreamReader() = default;

bool StreamReader::at_eof() const noexcept {
    return buffer_.empty() && (eof_ || (transport_ && transport_->closed_cleanly()));
}

Coro<bool> StreamReader::fill(const char* caller) {
    if (eof_) co_return false;
    if (reading_) {
        throw RuntimeError(
            std::string(caller) +
            "() called while another coroutine is already waiting for incoming data");
    }
    reading_ = true;
    const std::size_t before = buffer_.size();
    struct Done {
        bool& reading;
        ~Done() { reading = false; }
    } done{reading_};
    if (transport_) {
        const std::size_t n = co_await transport_->read_into(buffer_);
        if (n == 0) eof_ = true;
    } else {
        co_await fed_->wait();
    }
    // Bytes that came with the end of the stream are looked at before the end is.
    co_return !eof_ || buffer_.size() > before;
}

void StreamReader::feed_data(std::string_view data) {
    if (eof_) throw RuntimeError("feed_data() after feed_eof()");
    if (data.empty()) return;  // as Python: nothing to wake a reader for
    buffer_.append(data);
    if (fed_) fed_->grant_all();
}

void StreamReader::feed_eof() {
    eof_ = true;
    if (fed_) fed_->grant_all();
}

Coro<std::string> StreamReader::read(std::ptrdiff_t n) {
    if (n == 0) co_return std::string();
    if (n < 0) {
        for (;;) {
            const bool more = co_await fill("read");
            if (!more) break;
        }
        co_return buffer_.take(buffer_.size());
    }
    if (buffer_.empty()) {
        const bool more = co_await fill("read");
        (void)more;  // an empty result says it
    }
    co_return buffer_.take(std::min(buffer_.size(), static_cast<std::size_t>(n)));
}

Coro<std::string> StreamReader::readexactly(std::size_t n) {
    while (buffer_.size() < n) {
        // Not `if (!co_await fill(...)) throw IncompleteReadError(buffer_.take(...), n);`:
        // g++ 12 compiles that into a coroutine that never resumes its caller.
        const bool more = co_await fill("readexactly");
        if (!more) {
            std::string partial = buffer_.take(buffer_.size());
            throw IncompleteReadError(std::move(partial), n);
        }
    }
    co_return buffer_.take(n);
}

Coro<std::string> StreamReader::readuntil(std::string separator) {
    if (separator.empty()) throw ValueError("readuntil(): the separator must not be empty");
    // Where to look from: what was searched already cannot hold the separator's start.
    std::size_t offset = 0;
    std::size_t found;
    for (;;) {
        const std::string_view data = buffer_.view();
        if (data.size() >= offset + separator.size()) {
            found = data.find(separator, offset);
            if (found != std::string_view::npos) break;
            offset = data.size() + 1 - separator.size();
            if (offset > limit_) {
                throw LimitOverrunError("Separator is not found, and chunk exceed the limit",
                                        offset);
            }
        }
        const bool more = co_await fill("readuntil");  // named: see readexactly
        if (!more) {
            std::string partial = buffer_.take(buffer_.size());
            throw IncompleteReadError(std::move(partial), std::nullopt);
        }
    }
    if (found > limit_) {
        throw LimitOverrunError("Separator is found, but chunk is longer than limit", found);
    }
    co_return buffer_.take(found + separator.size());
}

Coro<std::string> StreamReader::readline() {
    std::size_t overrun = 0;
    std::string message;
    try {
        co_return co_await readuntil("\n");
    } catch (IncompleteReadError& e) {
        co_return std::move(e.partial);
    } catch (const LimitOverrunError& e) {
        overrun = e.consumed;
        message = e.what();
    }
    // As Python: drop the line if its end is here, else everything buffered; then raise.
    const std::string_view data = buffer_.view();
    if (data.size() > overrun && data[overrun] == '\n') {
        buffer_.consume(overrun + 1);
    } else {
        buffer_.clear();
    }
    throw LimitOverrunError(message, overrun);
}

AsyncGenerator<std::string> StreamReader::lines() {
    for (;;) {
        std::string line = co_await readline();
        if (line.empty()) co_return;
        co_yield std::move(line);
    }
}

}  // namespace asyncio
