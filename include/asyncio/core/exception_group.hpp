// `ExceptionGroup`: several exceptions raised together, as a TaskGroup raises its children's
// failures.
//
// It holds `std::exception_ptr`s, so every exception keeps its dynamic type: test it,
// rethrow it, catch it by its own class. Groups nest (a child that ran its own TaskGroup
// contributes a group). C++ has no `except*`; these make its common uses one-liners:
//
//   catch (const asyncio::ExceptionGroup& eg) {
//       eg.handle<ValueError>([](const ValueError& e) { log(e); });  // except* ValueError:
//   }                                                                 // the rest is rethrown
//
//   if (eg.contains<TimeoutError>()) ...
//   auto [timeouts, rest] = eg.split<TimeoutError>();                 // Python's split()
//
// `what()` shows every exception in the group, as Python's traceback does (without the
// stack): a headline, then each sub-exception under a numbered ruler as "Type: message",
// a nested group indented under its own headline. Built once, at construction:
//
//   unhandled errors in a TaskGroup (2 sub-exceptions)
//   +-+---------------- 1 ----------------
//     | ConnectionRefusedError: connect to 127.0.0.1:1: Connection refused
//     +---------------- 2 ----------------
//     | ExceptionGroup: inner (1 sub-exception)
//     +-+---------------- 1 ----------------
//       | ValueError: boom
//       +------------------------------------
//
// The type is the C++ class name, without `asyncio::` for the library's own errors (which
// have Python's names); an exception that is not a std::exception shows as "unknown
// exception". `format_exception(e)` gives the same text for any exception: "Type: message",
// or a group's tree under "ExceptionGroup: ".
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "asyncio/core/errors.hpp"

namespace asyncio {

// "Type: message" for any exception (a group: its headline and tree, as its what()); what
// the runtime prints for an exception nobody caught.
std::string format_exception(const std::exception_ptr& e);

class ExceptionGroup : public Error {
  public:
    ExceptionGroup(std::string message, std::vector<std::exception_ptr> exceptions);

    const std::string& message() const noexcept { return message_; }
    // Python's str(eg): the headline alone, "message (n sub-exceptions)" (what() adds the tree).
    std::string str() const {
        const std::string_view text = what();
        return std::string(text.substr(0, text.find('\n')));
    }
    // The exceptions directly in this group (a nested group is one of them).
    const std::vector<std::exception_ptr>& exceptions() const noexcept { return exceptions_; }
    // Every exception that is not a group, depth first.
    std::vector<std::exception_ptr> leaves() const;

    // True if any exception, at any depth, is an E.
    template <class E>
    bool contains() const {
        return subgroup_if(&is<E>, kMatchesGroups<E>).has_value();
    }
    // The exceptions, at any depth, that are E, keeping the nesting; none: nullopt.
    template <class E>
    std::optional<ExceptionGroup> subgroup() const {
        return subgroup_if(&is<E>, kMatchesGroups<E>);
    }
    // (the exceptions that are E, the others), each a group keeping the nesting, or nullopt.
    template <class E>
    std::pair<std::optional<ExceptionGroup>, std::optional<ExceptionGroup>> split() const {
        return split_if(&is<E>, kMatchesGroups<E>);
    }
    // `except* E`: calls `fn(const E&)` for each E, at any depth, then rethrows a group of
    // the rest, if there is a rest.
    template <class E, class F>
    void handle(F&& fn) const {
        static_assert(
            !kMatchesGroups<E>,
            "except* cannot catch an ExceptionGroup (in Python neither): catch the group");
        auto [matched, rest] = split<E>();
        if (matched) {
            for (const std::exception_ptr& leaf : matched->leaves()) {
                try {
                    std::rethrow_exception(leaf);
                } catch (const E& e) {
                    fn(e);
                }
            }
        }
        if (rest) throw *rest;
    }

    // `match` is asked about the exceptions that are not groups, and about groups too when
    // `groups_too`: a group that matches goes whole to the matching side.
    using Predicate = bool (*)(const std::exception_ptr&);
    std::optional<ExceptionGroup> subgroup_if(Predicate match, bool groups_too = false) const;
    std::pair<std::optional<ExceptionGroup>, std::optional<ExceptionGroup>> split_if(
        Predicate match, bool groups_too = false) const;

  private:
    // Python tests each group itself before looking inside it, so split(ExceptionGroup)
    // takes whole groups. Here only a group type does: ExceptionGroup is a runtime_error, and
    // split<std::runtime_error>() looks inside (every leaf that matches keeps its nesting).
    template <class E>
    static constexpr bool kMatchesGroups = std::is_base_of_v<ExceptionGroup, E>;

    template <class E>
    static bool is(const std::exception_ptr& e) {
        try {
            std::rethrow_exception(e);
        } catch (const E&) {
            return true;
        } catch (...) {
            return false;
        }
    }

    // what(): the headline ("message (n sub-exceptions)") and the tree.
    static std::string describe(const std::string& message,
                                const std::vector<std::exception_ptr>& exceptions);

    std::string message_;
    std::vector<std::exception_ptr> exceptions_;
};

}  // namespace asyncio
