#include "asyncio/core/call_graph.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "asyncio/core/coro.hpp"
#include "asyncio/detail/core/awaited_by.hpp"

namespace asyncio {
namespace {

using detail::TaskCore;

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// A function as the compiler spells it ("asyncio::Coro<int> ns::K::method(int) const",
// g++'s "f()::<lambda(int)>", clang's "auto f()::(anonymous class)::operator()(int) const")
// as Python's qualified name would read: "ns::K::method", "f::<lambda>". Without
// std::source_location (clang 14 with libstdc++ 12) the compiler gives the bare name: "method".
[[maybe_unused]] std::string short_name(std::string_view pretty) {
    if (pretty == "operator()") return "<lambda>";  // clang 14's bare name (no source_location)
    if (auto with = pretty.find(" [with "); with != std::string_view::npos)
        pretty = pretty.substr(0, with);  // g++'s template arguments
    std::string s(pretty);
    replace_all(s, "(anonymous class)::operator()", "<lambda>");
    replace_all(s, "(anonymous namespace)::", "");
    replace_all(s, "{anonymous}::", "");
    // The name starts after the return type: the last space outside <> before the first (.
    std::size_t start = 0;
    int angles = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<') ++angles;
        if (c == '>') --angles;
        if (angles == 0 && c == ' ') start = i + 1;
        if (angles == 0 && c == '(') break;
    }
    // Parameter lists go, and what follows the name (" const").
    std::string name;
    int parens = 0;
    angles = 0;
    for (std::size_t i = start; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '(') ++parens;
        if (parens == 0 && c == '<') ++angles;
        if (parens == 0 && c == '>') --angles;
        if (parens == 0 && angles == 0 && c == ' ') break;
        if (parens == 0 && c != ')') name += c;
        if (c == ')') --parens;
    }
    return name;
}

#if ASYNCIO_CALL_GRAPH
const detail::FrameInfo& root_frame(TaskCore& task) noexcept {
    // Every task is a Coro's promise.
    return static_cast<detail::CoroPromiseBase&>(task).frame_info();
}
#endif

// The frames `task` is suspended in, innermost first; for the running task, the innermost
// line is `here`'s if given (or `here` is a frame of its own, when called from a plain
// function in another file).
std::vector<FrameCallGraphEntry> call_stack_of([[maybe_unused]] TaskCore& task,
                                               [[maybe_unused]] const detail::SourceSite* here) {
    std::vector<FrameCallGraphEntry> stack;
#if ASYNCIO_CALL_GRAPH
    if (task.done()) return stack;
    for (const detail::FrameInfo* frame = &root_frame(task); frame; frame = frame->awaiting)
        stack.push_back({short_name(frame->function), frame->file, frame->line});
    std::reverse(stack.begin(), stack.end());
    if (here && &task == TaskCore::current() && !stack.empty()) {
        if (stack.front().file == here->file) {
            stack.front().line = here->line;
        } else {
            stack.insert(stack.begin(), {short_name(here->function), here->file, here->line});
        }
    }
#endif
    return stack;
}

FutureCallGraph build(TaskCore& task, const detail::SourceSite& here,
                      std::vector<TaskCore*>& path) {
    FutureCallGraph graph{detail::TaskAccess::handle(task), call_stack_of(task, &here), {}};
    if (std::find(path.begin(), path.end(), &task) != path.end()) return graph;  // a cycle
    path.push_back(&task);
    for (TaskCore* waiter : detail::awaiters_of(task))
        graph.awaited_by.push_back(build(*waiter, here, path));
    path.pop_back();
    return graph;
}

std::string hex_id(const void* p) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%#zx", reinterpret_cast<std::size_t>(p));
    return buffer;
}

// Python's repr() of a str: single quotes unless the text has one and no double quote.
std::string repr(std::string_view text) {
    const char quote =
        text.find('\'') != std::string_view::npos && text.find('"') == std::string_view::npos
            ? '"'
            : '\'';
    std::string out(1, quote);
    for (char c : text) {
        if (c == '\\' || c == quote) out += '\\';
        out += c;
    }
    return out + quote;
}

void render(const FutureCallGraph& graph, std::string& out, int level) {
    const std::string indent(static_cast<std::size_t>(level) * 4, ' ');
    TaskCore& task = detail::TaskAccess::core(graph.future);
    out += indent + "* Task(name=" + repr(task.name()) + ", id=" + hex_id(&task) + ")\n";
    if (!graph.call_stack.empty()) out += indent + "  + Call stack:\n";
    for (const FrameCallGraphEntry& frame : graph.call_stack) {
        out += indent + "  |   File " + repr(frame.file) + ", line " + std::to_string(frame.line) +
               ", in async " + frame.function + "()\n";
    }
    if (!graph.awaited_by.empty()) out += indent + "  + Awaited by:\n";
    for (const FutureCallGraph& waiter : graph.awaited_by) render(waiter, out, level + 1);
}

void write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // nowhere to report it: a dump is best effort
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

// The task tree of format_task_tree(), drawn as Python's pstree draws it.
class TreePrinter {
  public:
    TreePrinter(std::vector<TaskCore*> tasks, const detail::SourceSite& here)
        : tasks_(std::move(tasks)), here_(here) {
        for (TaskCore* task : tasks_) {
            for (TaskCore* waiter : detail::awaiters_of(*task)) awaited_[waiter].push_back(task);
        }
    }

    std::string print() {
        std::vector<TaskCore*> roots;
        for (TaskCore* task : tasks_) {
            if (detail::awaiters_of(*task).empty()) roots.push_back(task);
        }
        print_children(roots, "");
        // Tasks that await each other in a cycle have no root: each cycle from its oldest.
        for (TaskCore* task : tasks_) {
            if (!shown_.count(task)) print_children({task}, "");
        }
        return std::move(out_);
    }

  private:
    void print_children(const std::vector<TaskCore*>& children, const std::string& prefix) {
        for (std::size_t i = 0; i < children.size(); ++i)
            print_task(*children[i], prefix, i + 1 == children.size());
    }

    void line(const std::string& prefix, bool last, const std::string& label) {
        out_ += prefix + (last ? "└── " : "├── ") + label + "\n";
    }
    static std::string deeper(const std::string& prefix, bool last) {
        return prefix + (last ? "    " : "│   ");
    }

    void print_task(TaskCore& task, const std::string& prefix, bool last) {
        const bool again = !shown_.insert(&task).second;
        line(prefix, last, "(T) " + task.name() + (again ? " (shown above)" : ""));
        if (again) return;
        std::string at = deeper(prefix, last);
        // Frames outermost first, each under the one that awaits it.
        const std::vector<FrameCallGraphEntry> stack = call_stack_of(task, &here_);
        for (auto frame = stack.rbegin(); frame != stack.rend(); ++frame) {
            const auto slash = frame->file.rfind('/');
            const std::string file =
                slash == std::string::npos ? frame->file : frame->file.substr(slash + 1);
            line(at, true, " " + frame->function + " " + file + ":" + std::to_string(frame->line));
            at = deeper(at, true);
        }
        if (auto it = awaited_.find(&task); it != awaited_.end()) print_children(it->second, at);
    }

    std::vector<TaskCore*> tasks_;
    detail::SourceSite here_;
    std::unordered_map<TaskCore*, std::vector<TaskCore*>> awaited_;  // waiter -> its tasks
    std::unordered_set<TaskCore*> shown_;
    std::string out_;
};

}  // namespace

std::optional<FutureCallGraph> capture_call_graph(detail::SourceSite here) {
    detail::running_scheduler("capture_call_graph()");
    TaskCore* task = TaskCore::current();
    if (!task) return std::nullopt;
    std::vector<TaskCore*> path;
    return build(*task, here, path);
}

FutureCallGraph capture_call_graph(const AnyTask& task, detail::SourceSite here) {
    std::vector<TaskCore*> path;
    return build(detail::TaskAccess::checked(task, "capture_call_graph"), here, path);
}

std::string format_call_graph(const FutureCallGraph& graph) {
    std::string out;
    render(graph, out, 0);
    return out;
}

std::string format_call_graph(detail::SourceSite here) {
    std::optional<FutureCallGraph> graph = capture_call_graph(here);
    return graph ? format_call_graph(*graph) : std::string();
}

std::string format_call_graph(const AnyTask& task, detail::SourceSite here) {
    return format_call_graph(capture_call_graph(task, here));
}

void print_call_graph(std::FILE* file, detail::SourceSite here) {
    const std::string text = format_call_graph(here);
    std::fputs(text.c_str(), file);
}

void print_call_graph(const AnyTask& task, std::FILE* file, detail::SourceSite here) {
    const std::string text = format_call_graph(task, here);
    std::fputs(text.c_str(), file);
}

std::string format_task_tree(detail::SourceSite here) {
    return TreePrinter(detail::running_scheduler("format_task_tree()").pending_tasks(), here)
        .print();
}

void dump_tasks(int fd, detail::SourceSite here) { write_all(fd, format_task_tree(here)); }

}  // namespace asyncio
