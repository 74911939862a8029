#include "asyncio/detail/loop/trace_writer.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <fstream>
#include <system_error>

#include "asyncio/detail/core/future_core.hpp"

namespace asyncio::detail {
namespace {

// A JSON string literal.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

// The program's name, for the process's track.
std::string program_name() {
    std::ifstream comm("/proc/self/comm");
    std::string name;
    std::getline(comm, name);
    return name.empty() ? "asyncio" : name;
}

const char* outcome(std::uint32_t status) {
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

}  // namespace

TraceWriter::TraceWriter(const std::string& path)
    : path_(path),
      file_(std::fopen(path.c_str(), "w")),
      pid_(::getpid()),
      tid_(::gettid()),
      origin_(TraceRecorder::now()),
      last_ts_(origin_) {
    if (!file_) {
        throw std::system_error(errno, std::generic_category(),
                                "cannot write the trace file '" + path + "'");
    }
    text_ = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
    text_ += "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + std::to_string(pid_) +
             ",\"tid\":" + std::to_string(tid_) + ",\"args\":{\"name\":" + quoted(program_name()) +
             "}}";
    text_ += ",\n{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + std::to_string(pid_) +
             ",\"tid\":" + std::to_string(tid_) + ",\"args\":{\"name\":\"event loop\"}}";
}

TraceWriter::~TraceWriter() {
    if (file_) std::fclose(file_);
}

void TraceWriter::write(std::span<const TraceEvent> events, std::span<const std::string> strings) {
    for (const TraceEvent& e : events) event(e, strings);
    flush_text();
}

void TraceWriter::close() {
    if (!file_) return;
    // Stopped in the middle of a step: its slice ends with the trace.
    for (; open_slices_ > 0; --open_slices_) {
        open('E', last_ts_);
        text_ += "}";
    }
    text_ += "\n]}\n";
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

void TraceWriter::open(char phase, std::int64_t ts) {
    last_ts_ = std::max(last_ts_, ts);
    const std::int64_t ns = ts - origin_;
    char head[128];
    // Microseconds, to the nanosecond.
    std::snprintf(head, sizeof head,
                  ",\n{\"ph\":\"%c\",\"ts\":%" PRId64 ".%03" PRId64 ",\"pid\":%ld,\"tid\":%ld",
                  phase, ns / 1000, ns % 1000, pid_, tid_);
    text_ += head;
}

std::string TraceWriter::task_name(std::uint32_t serial) const {
    const auto it = names_.find(serial);
    return it != names_.end() ? it->second : "Task-" + std::to_string(serial);
}

std::string TraceWriter::task_args(std::uint32_t serial, const char* key) const {
    std::string args = "\"" + std::string(key) + "\":";
    if (serial == 0) return args + "null";
    return args + std::to_string(serial) + ",\"" + key + "_name\":" + quoted(task_name(serial));
}

void TraceWriter::instant(std::int64_t ts, const std::string& name, const char* category,
                          const std::string& args) {
    open('i', ts);
    text_ += ",\"s\":\"t\",\"name\":" + quoted(name) + ",\"cat\":\"" + category + "\",\"args\":{" +
             args + "}}";
}

void TraceWriter::flow(char phase, std::int64_t ts, std::uint64_t id, const char* name) {
    open(phase, ts);
    text_ += std::string(",\"name\":\"") + name +
             "\",\"cat\":\"wake\",\"id\":" + std::to_string(id) +
             (phase == 'f' ? ",\"bp\":\"e\"}" : "}");
}

void TraceWriter::slice_begin(const TraceEvent& e) {
    std::string name;
    const char* category = "";
    std::string args;
    switch (static_cast<TraceSlice>(e.a)) {
        case TraceSlice::step:
            name = task_name(e.b), category = "step", args = task_args(e.b);
            break;
        case TraceSlice::callback:
            name = "callback", category = "callback";
            break;
        case TraceSlice::start_batch:
            name = "start tasks", category = "step";
            break;
        case TraceSlice::wake_turn:
            name = "wake " + task_name(e.b), category = "wake", args = task_args(e.b);
            break;
        case TraceSlice::timer:
            name = "timer fired", category = "timer", args = "\"timer\":" + std::to_string(e.b);
            break;
        case TraceSlice::io:
            name = "io ready", category = "io";
            args = "\"fd\":" + std::to_string(e.b) +
                   ",\"read\":" + (e.c & (EPOLLIN | EPOLLRDHUP) ? "true" : "false") +
                   ",\"write\":" + (e.c & EPOLLOUT ? "true" : "false") +
                   ",\"error\":" + (e.c & (EPOLLERR | EPOLLHUP) ? "true" : "false");
            break;
    }
    ++open_slices_;
    open('B', e.ts);
    text_ += ",\"name\":" + quoted(name) + ",\"cat\":\"" + category + "\",\"args\":{" + args + "}}";
    // The arrows into this step end here.
    if (static_cast<TraceSlice>(e.a) != TraceSlice::step) return;
    const auto it = flows_.find(e.b);
    if (it == flows_.end()) return;
    for (const std::uint64_t id : it->second) flow('f', e.ts, id, "wake");
    flows_.erase(it);
}

void TraceWriter::event(const TraceEvent& e, std::span<const std::string> strings) {
    const std::string& text = e.c < strings.size() ? strings[e.c] : strings[0];
    switch (e.kind) {
        case TraceKind::slice_begin:
            return slice_begin(e);
        case TraceKind::slice_end:
            if (open_slices_ == 0) return;  // began before the trace did
            --open_slices_;
            open('E', e.ts);
            text_ += "}";
            return;
        case TraceKind::wake: {
            // Inside the slice that woke the task, which ends at e.ts.
            const std::uint64_t id = next_flow_++;
            flow('s', std::max(last_ts_, e.ts - 1), id, e.b ? "start" : "wake");
            flows_[e.a].push_back(id);
            return;
        }
        case TraceKind::task_named:
            names_[e.a] = text;
            return;
        case TraceKind::task_created:
            return instant(e.ts, "create " + task_name(e.a), "task",
                           task_args(e.a) + "," + task_args(e.b, "parent"));
        case TraceKind::task_done: {
            std::string args = task_args(e.a) + ",\"result\":\"" + outcome(e.b) + "\"";
            if (static_cast<Status>(e.b) == Status::failed)
                args += ",\"exception\":" + quoted(text);
            if (static_cast<Status>(e.b) == Status::cancelled)
                args += ",\"message\":" + quoted(text);
            instant(e.ts, "done " + task_name(e.a), "task", args);
            names_.erase(e.a);
            flows_.erase(e.a);
            return;
        }
        case TraceKind::task_cancelled:
            return instant(
                e.ts, "cancel " + task_name(e.a), "cancel",
                task_args(e.a) + "," + task_args(e.b, "by") + ",\"message\":" + quoted(text));
        case TraceKind::timer_scheduled: {
            char delay[48];
            std::snprintf(delay, sizeof delay, "%.3f",
                          static_cast<double>(static_cast<std::int64_t>(e.c)) / 1e6);
            return instant(e.ts, "timer scheduled", "timer",
                           "\"timer\":" + std::to_string(e.a) + ",\"delay_ms\":" + delay + "," +
                               task_args(e.b));
        }
        case TraceKind::timer_cancelled:
            return instant(e.ts, "timer cancelled", "timer",
                           "\"timer\":" + std::to_string(e.a) + "," + task_args(e.b));
        case TraceKind::io_wait:
            return instant(e.ts, "io wait", "io",
                           "\"fd\":" + std::to_string(e.a) + ",\"direction\":\"" +
                               (e.c ? "write" : "read") + "\"," + task_args(e.b));
    }
}

}  // namespace asyncio::detail
