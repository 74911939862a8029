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
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/core/errors.hpp"

namespace asyncio {

class ExceptionGroup : public Error {
  public:
    ExceptionGroup(std::string message, std::vector<std::exception_ptr> exceptions);

    const std::string& message() const noexcept { return message_; }
    // The exceptions directly in this group (a nested group is one of them).
    const std::vector<std::exception_ptr>& exceptions() const noexcept { return exceptions_; }
    // Every exception that is not a group, depth first.
    std::vector<std::exception_ptr> leaves() const;

    // True if any exception, at any depth, is an E.
    template <class E>
    bool contains() const {
        return subgroup_if(&is<E>).has_value();
    }
    // The exceptions, at any depth, that are E, keeping the nesting; none: nullopt.
    template <class E>
    std::optional<ExceptionGroup> subgroup() const {
        return subgroup_if(&is<E>);
    }
    // (the exceptions that are E, the others), each a group keeping the nesting, or nullopt.
    template <class E>
    std::pair<std::optional<ExceptionGroup>, std::optional<ExceptionGroup>> split() const {
        return split_if(&is<E>);
    }
    // `except* E`: calls `fn(const E&)` for each E, at any depth, then rethrows a group of
    // the rest, if there is a rest.
    template <class E, class F>
    void handle(F&& fn) const {
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

    using Predicate = bool (*)(const std::exception_ptr&);
    std::optional<ExceptionGroup> subgroup_if(Predicate match) const;
    std::pair<std::optional<ExceptionGroup>, std::optional<ExceptionGroup>> split_if(
        Predicate match) const;

  private:
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

    static std::string describe(const std::string& message, std::size_t count);

    std::string message_;
    std::vector<std::exception_ptr> exceptions_;
};

}  // namespace asyncio
