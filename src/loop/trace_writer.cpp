#include "asyncio/detail/loop/trace_writer.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <system_error>

#include "asyncio/detail/core/future_core.hpp"

namespace asyncio::detail {
namespace {

// The program's name, for the process's track.
std::string program_name() {
    std::ifstream comm("/proc/self/comm");
    std::string name;
    std::getline(comm, name);
    return name.empty() ? "asyncio" : name;
}

std::string_view outcome(std::uint32_t status) {
    switch (static_cast<Status>(status)) {
        case Status::value:
            return "value";
        case Status::failed:
            return "exception";
        case Status::cancelled:
            return "cancelled";
        default:
            return "pending";
    }
}

constexpr std::size_t flush_at = 1 << 20;  // bytes of text kept before writing them

}  // namespace

TraceWriter::TraceWriter(const std::string& path)
    : path_(path), file_(std::fopen(path.c_str(), "w")) {
    if (!file_) {
        throw std::system_error(errno, std::generic_category(),
                                "cannot write the trace file '" + path + "'");
    }
    track_ = ",\"pid\":" + std::to_string(::getpid()) + ",\"tid\":" + std::to_string(::gettid());
    text_.reserve(flush_at + 4096);
    put("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n{\"ph\":\"M\",\"name\":\"process_name\"");
    put(track_);
    put(",\"args\":{\"name\":");
    put_quoted(program_name());
    put("}},\n{\"ph\":\"M\",\"name\":\"thread_name\"");
    put(track_);
    put(",\"args\":{\"name\":\"event loop\"}}");
}

TraceWriter::~TraceWriter() {
    if (file_) std::fclose(file_);
}

void TraceWriter::close() {
    if (!file_) return;
    // Stopped in the middle of a step: its slice ends with the trace.
    for (; open_slices_ > 0; --open_slices_) {
        head('E', last_ts_);
        put("}");
    }
    put("\n]}\n");
    flush_text();
    if (std::fclose(std::exchange(file_, nullptr)) != 0 && !failed_) {
        std::fprintf(stderr, "asyncio: could not write the trace file '%s'\n", path_.c_str());
    }
}

void TraceWriter::flush_text() {
    if (!text_.empty() && std::fwrite(text_.data(), 1, text_.size(), file_) != text_.size() &&
        !failed_) {
        failed_ = true;
        std::fprintf(stderr, "asyncio: could not write the trace file '%s'\n", path_.c_str());
    }
    text_.clear();
}

void TraceWriter::write(std::span<const TraceEvent> events, std::span<const std::string> strings,
                        const TraceTimebase& timebase) {
    timebase_ = timebase;
    for (std::size_t i = 0; i < events.size(); ++i) {
        event(events, i, strings);
        if (text_.size() >= flush_at) flush_text();
    }
    flush_text();
}

// -- appending JSON --

std::int64_t TraceWriter::ns(std::int64_t ticks) const noexcept {
    return timebase_.ns(ticks) - timebase_.ns0;
}

// `ns` since the trace began; never earlier than an event already written (the timebase's
// estimate of the tick rate improves as the trace goes on).
void TraceWriter::head(char phase, std::int64_t ns) {
    last_ts_ = std::max(last_ts_, ns);
    put(",\n{\"ph\":\"");
    text_ += phase;
    put("\",\"ts\":");
    put_us(last_ts_);
    put(track_);
}

void TraceWriter::put_us(std::int64_t ns) {
    put_int(ns / 1000);
    const char fraction[4] = {'.', static_cast<char>('0' + ns % 1000 / 100),
                              static_cast<char>('0' + ns % 100 / 10),
                              static_cast<char>('0' + ns % 10)};
    put({fraction, 4});
}

void TraceWriter::put_int(std::int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    put({digits, static_cast<std::size_t>(end - digits)});
}

void TraceWriter::put_quoted(std::string_view text) {
    text_ += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            text_ += '\\';
            text_ += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            put(escaped);
        } else {
            text_ += c;
        }
    }
    text_ += '"';
}

void TraceWriter::put_name(std::uint32_t serial) {
    const auto it = names_.empty() ? names_.end() : names_.find(serial);
    if (it != names_.end()) return put_quoted(it->second);
    put("\"Task-");
    put_int(serial);
    put("\"");
}

void TraceWriter::put_task(std::uint32_t serial) {
    if (serial == 0) return put("null");
    put_int(serial);
}

// -- the events --

// A slice that ends within this batch is one "X" event, with its duration; otherwise B, and
// E when its end comes.
void TraceWriter::slice(std::span<const TraceEvent> events, std::size_t i) {
    const TraceEvent& e = events[i];
    const auto kind = static_cast<TraceSlice>(e.a);
    std::int64_t end = -1;  // ticks
    for (std::size_t j = i + 1; j < events.size(); ++j) {
        if (events[j].kind == TraceKind::slice_end) {
            end = events[j].ts;
            break;
        }
        if (events[j].kind == TraceKind::slice_begin) break;
    }
    const std::int64_t begin = ns(e.ts);
    if (end >= 0) {
        head('X', begin);
        put(",\"dur\":");
        put_us(std::max<std::int64_t>(ns(end) - last_ts_, 0));
        ended_ = true;
    } else {
        head('B', begin);
        ++open_slices_;
    }
    put(",\"name\":");
    switch (kind) {
        case TraceSlice::step:
            put_name(e.b);
            put(",\"cat\":\"step\",\"args\":{\"task\":");
            put_int(e.b);
            break;
        case TraceSlice::callback:
            put("\"callback\",\"cat\":\"callback\",\"args\":{");
            break;
        case TraceSlice::start_batch:
            put("\"start tasks\",\"cat\":\"step\",\"args\":{");
            break;
        case TraceSlice::wake_turn:
            put("\"wake\",\"cat\":\"wake\",\"args\":{\"task\":");
            put_int(e.b);
            break;
        case TraceSlice::timer:
            put("\"timer fired\",\"cat\":\"timer\",\"args\":{\"timer\":");
            put_int(e.b);
            break;
        case TraceSlice::io:
            put("\"io ready\",\"cat\":\"io\",\"args\":{\"fd\":");
            put_int(e.b);
            put(e.c & (EPOLLIN | EPOLLRDHUP) ? ",\"read\":true" : ",\"read\":false");
            put(e.c & EPOLLOUT ? ",\"write\":true" : ",\"write\":false");
            put(e.c & (EPOLLERR | EPOLLHUP) ? ",\"error\":true" : ",\"error\":false");
            break;
    }
    put("}}");
    // The arrow into this step ends here.
    if (kind != TraceSlice::step || flows_.empty()) return;
    const auto it = flows_.find(e.b);
    if (it == flows_.end()) return;
    flow('f', begin, it->second);
    flows_.erase(it);
}

// An instant about a task: "<verb> <task name>"; the caller adds to its args and closes them.
void TraceWriter::instant(std::int64_t ts, std::string_view verb, std::uint32_t task,
                          std::string_view category) {
    head('i', ts);
    put(",\"s\":\"t\",\"name\":\"");
    put(verb);
    if (task != 0) {
        put(" ");
        const std::size_t quote = text_.size();
        put_name(task);
        text_.erase(quote, 1);  // joined to the verb's string
    } else {
        put("\"");
    }
    put(",\"cat\":\"");
    put(category);
    put("\",\"args\":{");
}

void TraceWriter::flow(char phase, std::int64_t ts, std::uint64_t id) {
    head(phase, ts);
    put(",\"name\":\"wake\",\"cat\":\"wake\",\"id\":");
    put_int(static_cast<std::int64_t>(id));
    put(phase == 'f' ? ",\"bp\":\"e\"}" : "}");
}

void TraceWriter::event(std::span<const TraceEvent> events, std::size_t i,
                        std::span<const std::string> strings) {
    const TraceEvent& e = events[i];
    const std::string_view text = e.c < strings.size() ? strings[e.c] : strings[0];
    switch (e.kind) {
        case TraceKind::slice_begin:
            return slice(events, i);
        case TraceKind::slice_end:
            if (std::exchange(ended_, false)) return;  // written as its X's duration
            if (open_slices_ == 0) return;             // began before the trace did
            --open_slices_;
            head('E', ns(e.ts));
            return put("}");
        case TraceKind::wake: {
            if (e.b) return;  // a new task's first step: its creation event says who made it
            // Inside the slice that woke the task, which ends at e.ts.
            const std::uint64_t id = next_flow_++;
            flow('s', ns(e.ts) - 1, id);
            flows_[e.a] = id;
            return;
        }
        case TraceKind::task_named:
            names_[e.a] = text;
            return;
        case TraceKind::task_created:
            instant(ns(e.ts), "create", e.a, "task");
            put("\"task\":");
            put_int(e.a);
            put(",\"parent\":");
            put_task(e.b);
            return put("}}");
        case TraceKind::task_done:
            instant(ns(e.ts), "done", e.a, "task");
            put("\"task\":");
            put_int(e.a);
            put(",\"result\":\"");
            put(outcome(e.b));
            put("\"");
            if (static_cast<Status>(e.b) == Status::failed) put(",\"exception\":");
            if (static_cast<Status>(e.b) == Status::cancelled) put(",\"message\":");
            if (static_cast<Status>(e.b) != Status::value) put_quoted(text);
            put("}}");
            names_.erase(e.a);
            flows_.erase(e.a);
            return;
        case TraceKind::task_cancelled:
            instant(ns(e.ts), "cancel", e.a, "cancel");
            put("\"task\":");
            put_int(e.a);
            put(",\"by\":");
            put_task(e.b);
            if (e.b != 0) {
                put(",\"by_name\":");
                put_name(e.b);
            }
            put(",\"message\":");
            put_quoted(text);
            return put("}}");
        case TraceKind::timer_scheduled: {
            instant(ns(e.ts), "timer scheduled", 0, "timer");
            put("\"timer\":");
            put_int(e.a);
            char delay[48];
            std::snprintf(delay, sizeof delay, ",\"delay_ms\":%.3f",
                          static_cast<double>(static_cast<std::int64_t>(e.c)) / 1e6);
            put(delay);
            put(",\"task\":");
            put_task(e.b);
            return put("}}");
        }
        case TraceKind::timer_cancelled:
            instant(ns(e.ts), "timer cancelled", 0, "timer");
            put("\"timer\":");
            put_int(e.a);
            put(",\"task\":");
            put_task(e.b);
            return put("}}");
        case TraceKind::io_wait:
            instant(ns(e.ts), "io wait", 0, "io");
            put("\"fd\":");
            put_int(e.a);
            put(e.c ? ",\"direction\":\"write\"" : ",\"direction\":\"read\"");
            put(",\"task\":");
            put_task(e.b);
            return put("}}");
    }
}

}  // namespace asyncio::detail
