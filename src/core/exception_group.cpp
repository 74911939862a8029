#include "asyncio/core/exception_group.hpp"

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

}  // namespace

std::string ExceptionGroup::describe(const std::string& message, std::size_t count) {
    return message + " (" + std::to_string(count) + " sub-exception" + (count == 1 ? ")" : "s)");
}

ExceptionGroup::ExceptionGroup(std::string message, std::vector<std::exception_ptr> exceptions)
    : Error(describe(message, exceptions.size())),
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

std::optional<ExceptionGroup> ExceptionGroup::subgroup_if(Predicate match) const {
    return split_if(match).first;
}

std::pair<std::optional<ExceptionGroup>, std::optional<ExceptionGroup>> ExceptionGroup::split_if(
    Predicate match) const {
    std::vector<std::exception_ptr> matched;
    std::vector<std::exception_ptr> rest;
    for (const std::exception_ptr& e : exceptions_) {
        // Matching looks at the exceptions that are not groups: a nested group is split in turn,
        // keeping the nesting on both sides.
        if (const ExceptionGroup* group = as_group(e)) {
            auto [m, r] = group->split_if(match);
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
