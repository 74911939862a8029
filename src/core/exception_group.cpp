#include "asyncio/core/exception_group.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <typeinfo>

namespace asyncio {
namespace {

const ExceptionGroup* as_group(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const ExceptionGroup& group) {
        return &group;  // the exception object lives as long as `e`
    } catch (...) {
        return nullptr;
    }
}

// The class name of `type` as written in C++, without the library's own namespace: Python's
// names for ours ("ConnectionRefusedError"), the full name for a user's ("std::out_of_range").
std::string type_name(const std::type_info& type) {
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> demangled(
        abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free);
    std::string name = status == 0 && demangled ? demangled.get() : type.name();
    // A type in an anonymous namespace reads as its own name, as a Python class would.
    constexpr std::string_view anonymous = "(anonymous namespace)::";
    for (auto at = name.find(anonymous); at != std::string::npos; at = name.find(anonymous))
        name.erase(at, anonymous.size());
    constexpr std::string_view ours = "asyncio::";
    if (name.compare(0, ours.size(), ours) == 0) name.erase(0, ours.size());
    return name;
}

// "Type: message"; only "Type" when the message is empty or just repeats the type.
std::string type_and_message(const std::string& type, const std::string& message) {
    if (message.empty() || message == type) return type;
    return type + ": " + message;
}

std::string headline(const std::string& message, std::size_t count) {
    return message + " (" + std::to_string(count) + " sub-exception" + (count == 1 ? ")" : "s)");
}

// Appends `text`, every line of it behind `prefix`.
void append_lines(std::string& out, const std::string& prefix, const std::string& text) {
    std::size_t start = 0;
    do {
        const std::size_t end = text.find('\n', start);
        out += prefix;
        out.append(text, start, end == std::string::npos ? std::string::npos : end - start);
        out += '\n';
        start = end == std::string::npos ? end : end + 1;
    } while (start != std::string::npos && start < text.size());
}

std::string ruler(const std::string& indent, bool first, std::size_t number) {
    return indent + (first ? "+-+" : "  +") + "---------------- " + std::to_string(number) +
           " ----------------\n";
}

// The children of a group, each under a numbered ruler, `indent` deeper than the group's
// headline; a nested group recurses. As Python, only the innermost last child closes.
void append_children(std::string& out, const std::vector<std::exception_ptr>& children,
                     const std::string& indent) {
    bool closed = false;
    for (std::size_t i = 0; i < children.size(); ++i) {
        out += ruler(indent, i == 0, i + 1);
        const ExceptionGroup* nested = as_group(children[i]);
        if (nested) {
            append_lines(out, indent + "  | ",
                         type_name(typeid(*nested)) + ": " +
                             headline(nested->message(), nested->exceptions().size()));
            append_children(out, nested->exceptions(), indent + "  ");
        } else {
            append_lines(out, indent + "  | ", format_exception(children[i]));
        }
        closed = nested != nullptr && !nested->exceptions().empty();
    }
    if (!children.empty() && !closed) out += indent + "  +------------------------------------\n";
}

}  // namespace

std::string format_exception(const std::exception_ptr& e) {
    if (!e) return "no exception";
    try {
        std::rethrow_exception(e);
    } catch (const CancelledError& error) {
        return type_and_message("CancelledError", error.message());
    } catch (const std::exception& error) {
        return type_and_message(type_name(typeid(error)), error.what());
    } catch (...) {
        return "unknown exception";
    }
}

std::string ExceptionGroup::describe(const std::string& message,
                                     const std::vector<std::exception_ptr>& exceptions) {
    std::string text = headline(message, exceptions.size()) + '\n';
    append_children(text, exceptions, "");
    text.pop_back();  // what() ends without a newline, as every other exception's does
    return text;
}

ExceptionGroup::ExceptionGroup(std::string message, std::vector<std::exception_ptr> exceptions)
    : Error(describe(message, exceptions)),
      message_(std::move(message)),
      exceptions_(std::move(exceptions)) {}

std::vector<std::exception_ptr> ExceptionGroup::leaves() const {
    std::vector<std::exception_ptr> out;
    for (const std::exception_ptr& e : exceptions_) {
        if (const ExceptionGroup* group = as_group(e)) {
            for (std::exception_ptr& leaf : group->leaves()) out.push_back(std::move(leaf));
        } else {
            out.push_back(e);
        }
    }
    return out;
}

std::optional<ExceptionGroup> ExceptionGroup::subgroup_if(Predicate match, bool groups_too) const {
    return split_if(match, groups_too).first;
}

std::pair<std::optional<ExceptionGroup>, std::optional<ExceptionGroup>> ExceptionGroup::split_if(
    Predicate match, bool groups_too) const {
    if (groups_too && match(std::make_exception_ptr(*this))) return {*this, std::nullopt};
    std::vector<std::exception_ptr> matched;
    std::vector<std::exception_ptr> rest;
    for (const std::exception_ptr& e : exceptions_) {
        // A nested group is split in turn (unless it matches whole), keeping the nesting on
        // both sides.
        if (const ExceptionGroup* group = as_group(e)) {
            auto [m, r] = group->split_if(match, groups_too);
            if (m) matched.push_back(std::make_exception_ptr(*m));
            if (r) rest.push_back(std::make_exception_ptr(*r));
        } else {
            (match(e) ? matched : rest).push_back(e);
        }
    }
    auto group_of = [this](std::vector<std::exception_ptr> list) -> std::optional<ExceptionGroup> {
        if (list.empty()) return std::nullopt;
        return ExceptionGroup(message_, std::move(list));
    };
    return {group_of(std::move(matched)), group_of(std::move(rest))};
}

}  // namespace asyncio
