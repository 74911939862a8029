// A libFuzzer target for StreamReader's read / readline / readuntil / readexactly logic, fed
// through feed_data() / feed_eof() in random chunks while a second task reads.
//
// The input is a small program (every byte is optional: a short input reads as zeros):
//   byte 0     the limit: 1 + b % 64 below 0xF0, else (b - 0xEF) * 1500 (a large limit, so
//              that lines grow the buffer past its usual capacity)
//   byte 1     flags: bit 0 set = no EOF is fed; bits 1-2 = how many turns the feeder waits
//              before its first chunk; bits 3-4 = how many turns the reader waits first
//   byte 2     how many feeder steps follow (b % 32), each starting with a byte b:
//                0x00-0xDF  a chunk of b % 56 data bytes (they follow), then b / 56 turns
//                           (0-3) before the next step: 0 feeds two chunks back to back
//                0xE0-0xF7  one data byte repeated (b - 0xDF) * 200 times, then one turn
//                           (past 16 KiB fed in all, data chunks are cut short)
//                0xF8-0xFF  cancel the reader if it is waiting inside an operation, then
//                           b - 0xF8 turns
//   the rest   the reader's operations, each a byte o: o % 8 says which, bits 3-4 how many
//              turns the reader waits after it (0-3)
//                0 read(n): one byte nb, n = -1 if nb == 0, 5000 if nb == 0xFF, else nb - 1
//                1 read()                 2 readline()
//                3 readuntil(sep): one byte l, then 1 + l % 3 data bytes for sep
//                4 readexactly(n): one byte nb, n = nb below 0xF0, else (nb - 0xEF) * 700
//                5 at_eof()               6 readuntil("\r\n")          7 nothing
// A data byte below 0x80 stands for itself; above, for one of "\n\r\nab\nx\r" (so that
// separators turn up often).
//
// A turn is `co_await asyncio::sleep(0s)`: the feeder and the reader interleave at points
// chosen by the input, so reads suspend and resume anywhere. Everything is checked against
// a model: the string of every byte fed, and how much of it has been accounted for (handed
// out by a read, in an IncompleteReadError, or dropped by readline's overrun rule), which must
// always be what the reader has buffered away from the total. Each result is checked against
// Python's rules (see the checks below). After the last step the reader must finish within a
// bounded number of turns if EOF was fed; if not, it must be waiting in an operation that
// cannot complete with what was fed. Then it is cancelled, and the stream must still hold
// every byte. Any violation prints the line of the check and traps, so that libFuzzer
// reports the input. With STREAM_READER_FUZZ_TRACE set, every step and every outcome is
// printed: `STREAM_READER_FUZZ_TRACE=1 stream_reader_fuzz_replay crash-...`.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace std::chrono_literals;

bool tracing() {
    static const bool on = fuzz_tracing("STREAM_READER_FUZZ_TRACE");
    return on;
}

// Bytes as a C string literal, cut short when long.
std::string quoted(std::string_view bytes) {
    std::string out = "\"";
    for (const char c : bytes.substr(0, 64)) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c >= 0x20 && c < 0x7F) {
            out += c;
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
            out += hex;
        }
    }
    out += '"';
    if (bytes.size() > 64) out += "... (" + std::to_string(bytes.size()) + " bytes)";
    return out;
}

constexpr std::string_view kNotFound = "Separator is not found, and chunk exceed the limit";
constexpr std::string_view kFound = "Separator is found, but chunk is longer than limit";

// -- the program --

enum class OpKind { kRead, kReadline, kReaduntil, kReadexactly, kAtEof, kNothing };

struct Op {
    OpKind kind = OpKind::kNothing;
    std::ptrdiff_t n = 0;  // read, readexactly
    std::string sep;       // readuntil
    int turns_after = 0;
};

struct Step {
    bool cancel = false;
    std::string data;
    int turns_after = 0;
};

struct Program {
    std::size_t limit = 1;
    bool eof = true;
    int feeder_turns_first = 0;
    int reader_turns_first = 0;
    std::vector<Step> steps;
    std::vector<Op> ops;
};

class Input {
  public:
    Input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
    bool empty() const noexcept { return p_ == end_; }
    std::uint8_t byte() noexcept { return p_ == end_ ? 0 : *p_++; }
    char data_byte() noexcept {
        static constexpr char kOthers[] = {'\n', '\r', '\n', 'a', 'b', '\n', 'x', '\r'};
        const std::uint8_t b = byte();
        return b < 0x80 ? static_cast<char>(b) : kOthers[b & 7];
    }

  private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

// Bounds for the replay of big files (libFuzzer's inputs are small), and for speed: every
// operation looks at all that is buffered.
constexpr std::size_t kMaxOps = 1024;
constexpr std::size_t kMaxFed = 16 * 1024;

Program decode(Input in) {
    Program p;
    const std::uint8_t l = in.byte();
    p.limit = l < 0xF0 ? 1 + l % 64 : std::size_t(l - 0xEF) * 1500;
    const std::uint8_t flags = in.byte();
    p.eof = !(flags & 1);
    p.feeder_turns_first = (flags >> 1) & 3;
    p.reader_turns_first = (flags >> 3) & 3;
    const int steps = in.byte() % 32;
    std::size_t fed = 0;
    for (int i = 0; i < steps; ++i) {
        const std::uint8_t b = in.byte();
        Step step;
        if (b < 0xE0) {
            for (int k = 0; k < b % 56; ++k) step.data += in.data_byte();
            step.turns_after = b / 56;
        } else if (b < 0xF8) {
            step.data.assign(std::size_t(b - 0xDF) * 200, in.data_byte());
            step.turns_after = 1;
        } else {
            step.cancel = true;
            step.turns_after = b - 0xF8;
        }
        step.data.resize(std::min(step.data.size(), kMaxFed - fed));
        fed += step.data.size();
        p.steps.push_back(std::move(step));
    }
    while (!in.empty() && p.ops.size() < kMaxOps) {
        const std::uint8_t o = in.byte();
        Op op;
        op.turns_after = (o >> 3) & 3;
        switch (o % 8) {
            case 0: {
                const std::uint8_t nb = in.byte();
                op.kind = OpKind::kRead;
                op.n = nb == 0 ? -1 : nb == 0xFF ? 5000 : nb - 1;
                break;
            }
            case 1:
                op.kind = OpKind::kRead;
                op.n = -1;
                break;
            case 2:
                op.kind = OpKind::kReadline;
                break;
            case 3: {
                op.kind = OpKind::kReaduntil;
                const int len = 1 + in.byte() % 3;
                for (int k = 0; k < len; ++k) op.sep += in.data_byte();
                break;
            }
            case 4: {
                const std::uint8_t nb = in.byte();
                op.kind = OpKind::kReadexactly;
                op.n = nb < 0xF0 ? nb : std::ptrdiff_t(nb - 0xEF) * 700;
                break;
            }
            case 5:
                op.kind = OpKind::kAtEof;
                break;
            case 6:
                op.kind = OpKind::kReaduntil;
                op.sep = "\r\n";
                break;
            default:
                op.kind = OpKind::kNothing;
                break;
        }
        p.ops.push_back(std::move(op));
    }
    return p;
}

// -- the model --

struct State {
    explicit State(std::size_t limit) : reader(limit) {}

    asyncio::StreamReader reader;
    std::string fed;              // every byte fed, in order
    std::size_t pos = 0;          // how many of them were handed out or dropped
    bool eof = false;             // feed_eof() was called
    const Op* current = nullptr;  // the operation the reader is in, if any
    bool finishing = false;       // the reader is cancelled for good
    bool reader_done = false;     // the reader went through all its operations

    std::string_view rest() const { return std::string_view(fed).substr(pos); }
    std::size_t limit() const { return reader.limit(); }
};

// Prints what an operation did, when tracing (before it is checked).
void trace_outcome(const std::string& outcome) {
    if (tracing()) std::fprintf(stderr, "reader:   -> %s\n", outcome.c_str());
}

// What the reader holds is exactly what was fed and not accounted for.
void check_conserved(const State& s) {
    FUZZ_CHECK(s.pos <= s.fed.size());
    FUZZ_CHECK(s.reader.buffered() == s.fed.size() - s.pos);
    FUZZ_CHECK(s.reader.at_eof() == (s.eof && s.pos == s.fed.size()));
}

// `bytes` were handed out: they must be the next ones fed.
void take(State& s, std::string_view bytes) {
    FUZZ_CHECK(bytes.size() <= s.fed.size() - s.pos);
    FUZZ_CHECK(s.rest().substr(0, bytes.size()) == bytes);
    s.pos += bytes.size();
}

// Python's readuntil on a buffer `data` it has just looked at in full.
struct Until {
    enum Kind { kFound, kFoundTooFar, kNotFoundTooFar, kWait } kind;
    std::size_t at = 0;  // the separator's index, or the `consumed` of the overrun
};

Until until_on(std::string_view data, std::string_view sep, std::size_t limit) {
    const std::size_t found = data.find(sep);
    if (found != std::string_view::npos) {
        return {found > limit ? Until::kFoundTooFar : Until::kFound, found};
    }
    if (data.size() >= sep.size() && data.size() + 1 - sep.size() > limit) {
        return {Until::kNotFoundTooFar, data.size() + 1 - sep.size()};
    }
    return {Until::kWait, 0};
}

// An operation that must wait for more data (without EOF, after the reader has seen all of
// what was fed).
bool must_wait(const State& s, const Op& op) {
    switch (op.kind) {
        case OpKind::kRead:
            return op.n < 0 || (op.n > 0 && s.rest().empty());
        case OpKind::kReadexactly:
            return s.rest().size() < static_cast<std::size_t>(op.n);
        case OpKind::kReadline:
            return until_on(s.rest(), "\n", s.limit()).kind == Until::kWait;
        case OpKind::kReaduntil:
            return until_on(s.rest(), op.sep, s.limit()).kind == Until::kWait;
        default:
            return false;
    }
}

// -- the operations, each checked --

asyncio::Coro<> do_read(State* s, std::ptrdiff_t n) {
    const std::size_t before = s->reader.buffered();
    const bool eof_before = s->eof;
    std::string got = co_await s->reader.read(n);
    const std::size_t after = s->reader.buffered();
    trace_outcome(quoted(got));
    take(*s, got);
    if (n == 0) {
        FUZZ_CHECK(got.empty());
        FUZZ_CHECK(after == before);
    } else if (n < 0) {  // everything, to the end
        FUZZ_CHECK(s->eof);
        FUZZ_CHECK(after == 0);
    } else {
        const std::size_t want = static_cast<std::size_t>(n);
        FUZZ_CHECK(got.size() <= want);
        // Whatever is there, without waiting.
        if (before > 0 || eof_before) FUZZ_CHECK(got.size() == std::min(want, before));
        // An empty result means the end of the stream.
        if (got.empty()) FUZZ_CHECK(s->eof && after == 0);
        // Short only if that was all there was.
        FUZZ_CHECK(got.size() == want || after == 0);
    }
    check_conserved(*s);
}

asyncio::Coro<> do_readexactly(State* s, std::size_t n) {
    const std::size_t before = s->reader.buffered();
    const bool eof_before = s->eof;
    std::string got;
    std::optional<asyncio::IncompleteReadError> incomplete;
    try {
        got = co_await s->reader.readexactly(n);
    } catch (const asyncio::IncompleteReadError& e) {
        incomplete = e;
    }
    trace_outcome(incomplete ? "IncompleteReadError(partial=" + quoted(incomplete->partial) + ")"
                             : quoted(got));
    if (!incomplete) {
        FUZZ_CHECK(got.size() == n);
        if (eof_before) FUZZ_CHECK(before >= n);
        take(*s, got);
    } else {
        FUZZ_CHECK(s->eof);
        FUZZ_CHECK(before < n);
        FUZZ_CHECK(incomplete->expected && *incomplete->expected == n);
        FUZZ_CHECK(incomplete->partial.size() < n);
        FUZZ_CHECK(incomplete->partial.size() == s->rest().size());  // everything there was
        take(*s, incomplete->partial);
    }
    check_conserved(*s);
}

// readuntil(sep), or readline() when `line`.
asyncio::Coro<> do_readuntil(State* s, std::string sep, bool line) {
    const std::size_t limit = s->limit();
    // When the buffer already decides the outcome, nothing may change it.
    const std::size_t size_at_start = s->rest().size();
    const Until now = until_on(s->rest(), sep, limit);
    const bool decided = now.kind != Until::kWait || s->eof;

    std::string got;
    std::optional<asyncio::IncompleteReadError> incomplete;
    std::optional<asyncio::LimitOverrunError> overrun;
    try {
        if (line) {
            got = co_await s->reader.readline();
        } else {
            std::string arg = sep;
            got = co_await s->reader.readuntil(std::move(arg));
        }
    } catch (const asyncio::IncompleteReadError& e) {
        incomplete = e;
    } catch (const asyncio::LimitOverrunError& e) {
        overrun = e;
    }
    // Nothing is taken before the outcome, so the buffer then was rest(), which is what it
    // still is unless readline dropped something.
    const std::string_view seen = s->rest();
    const Until then = until_on(seen, sep, limit);
    trace_outcome(overrun ? "LimitOverrunError(consumed=" + std::to_string(overrun->consumed) + ")"
                  : incomplete ? "IncompleteReadError(partial=" + quoted(incomplete->partial) + ")"
                               : quoted(got));
    if (decided) FUZZ_CHECK(seen.size() == size_at_start);  // nothing fed meanwhile

    if (overrun) {
        FUZZ_CHECK(overrun->consumed > limit);
        if (then.kind == Until::kFoundTooFar) {
            FUZZ_CHECK(overrun->consumed == then.at);
            FUZZ_CHECK(overrun->what() == kFound);
        } else {
            // Not found: the whole buffer was searched, and it passed the limit.
            FUZZ_CHECK(then.kind == Until::kNotFoundTooFar);
            FUZZ_CHECK(overrun->consumed == then.at);
            FUZZ_CHECK(overrun->what() == kNotFound);
        }
        if (!line) {
            // readuntil leaves the data in the buffer.
            FUZZ_CHECK(s->reader.buffered() == seen.size());
        } else if (then.kind == Until::kFoundTooFar) {
            // readline drops the line, "\n" included...
            FUZZ_CHECK(s->reader.buffered() == seen.size() - then.at - 1);
            s->pos += then.at + 1;
        } else {
            // ...or everything buffered when its end is not there.
            FUZZ_CHECK(s->reader.buffered() == 0);
            s->pos += seen.size();
        }
    } else if (incomplete) {
        FUZZ_CHECK(!line);  // readline returns the partial line instead
        FUZZ_CHECK(s->eof);
        FUZZ_CHECK(!incomplete->expected);
        FUZZ_CHECK(incomplete->partial == seen);  // all of it
        FUZZ_CHECK(then.kind == Until::kWait);    // no separator, not over the limit
        take(*s, incomplete->partial);
    } else if (got.size() >= sep.size() && got.ends_with(sep)) {
        // Up to the first separator, which starts within the limit.
        FUZZ_CHECK(then.kind == Until::kFound);
        FUZZ_CHECK(got.size() == then.at + sep.size());
        take(*s, got);
    } else {
        // readline at the end of the stream: the last line without "\n", or "".
        FUZZ_CHECK(line);
        FUZZ_CHECK(s->eof);
        FUZZ_CHECK(then.kind == Until::kWait);
        FUZZ_CHECK(got == seen);
        take(*s, got);
    }
    if (decided) {
        // The outcome the buffer at the start called for.
        switch (now.kind) {
            case Until::kFound:
                FUZZ_CHECK(!overrun && !incomplete && got.size() == now.at + sep.size());
                break;
            case Until::kFoundTooFar:
            case Until::kNotFoundTooFar:
                FUZZ_CHECK(overrun && overrun->consumed == now.at);
                break;
            case Until::kWait:  // at EOF
                FUZZ_CHECK(!overrun && s->reader.at_eof());
                break;
        }
    }
    check_conserved(*s);
}

std::string describe(const Op& op) {
    switch (op.kind) {
        case OpKind::kRead:
            return "read(" + std::to_string(op.n) + ")";
        case OpKind::kReadline:
            return "readline()";
        case OpKind::kReaduntil:
            return "readuntil(" + quoted(op.sep) + ")";
        case OpKind::kReadexactly:
            return "readexactly(" + std::to_string(op.n) + ")";
        case OpKind::kAtEof:
            return "at_eof()";
        case OpKind::kNothing:
            break;
    }
    return "nothing";
}

asyncio::Coro<> do_op(State* s, const Op* op) {
    switch (op->kind) {
        case OpKind::kRead:
            co_await do_read(s, op->n);
            break;
        case OpKind::kReadline:
            co_await do_readuntil(s, "\n", true);
            break;
        case OpKind::kReaduntil:
            co_await do_readuntil(s, op->sep, false);
            break;
        case OpKind::kReadexactly:
            co_await do_readexactly(s, static_cast<std::size_t>(op->n));
            break;
        case OpKind::kAtEof:
            trace_outcome(s->reader.at_eof() ? "true" : "false");
            check_conserved(*s);
            break;
        case OpKind::kNothing:
            break;
    }
}

// Waits `turns` turns; false if the reader is to stop.
asyncio::Coro<bool> reader_turns(State* s, int turns) {
    for (int i = 0; i < turns; ++i) {
        try {
            co_await asyncio::sleep(0s);
        } catch (const asyncio::CancelledError&) {
            // A cancellation meant for an operation that had just completed.
            asyncio::current_task().uncancel();
            if (s->finishing) co_return false;
        }
    }
    co_return true;
}

asyncio::Coro<> run_reader(State* s, const Program* p) {
    bool go_on = co_await reader_turns(s, p->reader_turns_first);
    if (!go_on) co_return;
    for (const Op& op : p->ops) {
        s->current = &op;
        if (tracing()) std::fprintf(stderr, "reader: %s\n", describe(op).c_str());
        bool cancelled = false;
        try {
            co_await do_op(s, &op);
        } catch (const asyncio::CancelledError&) {
            asyncio::current_task().uncancel();
            cancelled = true;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "unexpected exception: %s\n", e.what());
            fuzz_check_failed("an operation raised an unexpected exception", __FILE__, __LINE__);
        }
        s->current = nullptr;
        if (cancelled) {
            trace_outcome("CancelledError");
            check_conserved(*s);  // a cancelled read loses nothing
            if (s->finishing) co_return;
        }
        go_on = co_await reader_turns(s, op.turns_after);
        if (!go_on) co_return;
    }
    s->reader_done = true;
}

asyncio::Coro<> feeder_turns(int turns) {
    for (int i = 0; i < turns; ++i) co_await asyncio::sleep(0s);
}

// The feeder: the main task.
asyncio::Coro<> run_program(const Program* p) {
    State s(p->limit);
    if (tracing()) {
        std::fprintf(stderr, "limit %zu, %s, feeder waits %d turns, reader %d\n", p->limit,
                     p->eof ? "EOF at the end" : "no EOF", p->feeder_turns_first,
                     p->reader_turns_first);
    }
    asyncio::Task<> reader = asyncio::create_task(run_reader(&s, p));
    co_await feeder_turns(p->feeder_turns_first);
    for (const Step& step : p->steps) {
        check_conserved(s);
        if (step.cancel) {
            if (tracing()) std::fprintf(stderr, "feeder: cancel the reader\n");
            if (s.current && !reader.done() && reader.cancelling() == 0) reader.cancel();
        } else {
            if (tracing()) std::fprintf(stderr, "feeder: feed %s\n", quoted(step.data).c_str());
            s.fed += step.data;
            s.reader.feed_data(step.data);
            check_conserved(s);
        }
        co_await feeder_turns(step.turns_after);
    }
    if (p->eof) {
        if (tracing()) std::fprintf(stderr, "feeder: feed_eof\n");
        s.eof = true;
        s.reader.feed_eof();
        bool refused = false;
        try {
            s.reader.feed_data("x");
        } catch (const asyncio::RuntimeError&) {
            refused = true;
        }
        FUZZ_CHECK(refused);
    }
    check_conserved(s);

    // Enough turns for every operation left to wake once and wait its turns.
    int budget = 8 + p->reader_turns_first;
    for (const Op& op : p->ops) budget += 2 + op.turns_after;
    for (int i = 0; i < budget && !reader.done(); ++i) co_await asyncio::sleep(0s);
    if (!reader.done()) {
        FUZZ_CHECK(!p->eof);  // after EOF, no operation waits
        FUZZ_CHECK(s.current != nullptr);
        FUZZ_CHECK(must_wait(s, *s.current));
        if (tracing()) std::fprintf(stderr, "feeder: cancel the waiting reader, to finish\n");
        s.finishing = true;
        reader.cancel();
        for (int i = 0; i < 4 && !reader.done(); ++i) co_await asyncio::sleep(0s);
        FUZZ_CHECK(reader.done());  // a waiting read ends when cancelled
    }
    try {
        co_await reader;
    } catch (const asyncio::CancelledError&) {
        // A cancellation that came when no co_await was left to deliver it to.
        FUZZ_CHECK(s.reader_done);
    }
    FUZZ_CHECK(s.reader_done || s.finishing);
    check_conserved(s);

    // The rest of the stream is still there, in order.
    if (!s.eof) {
        s.eof = true;
        s.reader.feed_eof();
    }
    std::string rest = co_await s.reader.read(-1);
    take(s, rest);
    FUZZ_CHECK(s.pos == s.fed.size());
    check_conserved(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static asyncio::EventLoop loop;  // one for the whole run: inputs leave nothing on it
    const Program program = decode(Input(data, size));
    loop.run_until_complete(run_program(&program));
    return 0;
}
