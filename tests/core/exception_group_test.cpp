// ExceptionGroup: Python's BaseExceptionGroup in C++. Its text, its exceptions in order,
// flattening, and the `except*` helpers (contains, subgroup, split, handle), which keep the
// nesting and every exception's own type.
#include "asyncio/core/exception_group.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using asyncio::CancelledError;
using asyncio::ExceptionGroup;
using asyncio::ValueError;
using Ptrs = std::vector<std::exception_ptr>;
using Names = std::vector<std::string>;

// Two leaf types with no relation to each other, nor to ExceptionGroup.
struct DiskError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct Unrelated : std::logic_error {
    using std::logic_error::logic_error;
};

template <class E>
std::exception_ptr make(const char* what) {
    return std::make_exception_ptr(E(what));
}

std::exception_ptr group(std::string message, Ptrs exceptions) {
    return std::make_exception_ptr(ExceptionGroup(std::move(message), std::move(exceptions)));
}

// What an exception is, as "Type: what" ("Group(message)[...]" for a group), to compare
// whole structures, nesting and types included, in one assertion.
std::string describe(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const ExceptionGroup& g) {
        std::string out = "Group(" + g.message() + ")[";
        for (std::size_t i = 0; i < g.exceptions().size(); ++i) {
            if (i) out += ", ";
            out += describe(g.exceptions()[i]);
        }
        return out + "]";
    } catch (const ValueError& x) {
        return std::string("ValueError: ") + x.what();
    } catch (const DiskError& x) {
        return std::string("DiskError: ") + x.what();
    } catch (const Unrelated& x) {
        return std::string("Unrelated: ") + x.what();
    } catch (const CancelledError& x) {
        return std::string("CancelledError: ") + x.message();
    } catch (const std::exception& x) {
        return std::string("std::exception: ") + x.what();
    } catch (...) {
        return "unknown";
    }
}

std::string describe(const ExceptionGroup& g) { return describe(std::make_exception_ptr(g)); }

std::string describe(const std::optional<ExceptionGroup>& g) {
    return g ? describe(*g) : "nullopt";
}

Names describe_all(const Ptrs& list) {
    Names out;
    for (const auto& e : list) out.push_back(describe(e));
    return out;
}

// eg("top")[ValueError a, eg("mid")[DiskError b, eg("low")[ValueError c]], DiskError d]
struct Nested {
    std::exception_ptr a = make<ValueError>("a");
    std::exception_ptr b = make<DiskError>("b");
    std::exception_ptr c = make<ValueError>("c");
    std::exception_ptr d = make<DiskError>("d");
    ExceptionGroup top{"top", {a, group("mid", {b, group("low", {c})}), d}};
};

// The headline of what(): the message and the count.
std::string first_line(const char* what) {
    const std::string text = what;
    return text.substr(0, text.find('\n'));
}

TEST(ExceptionGroup, WhatGivesTheMessageAndTheCount) {
    ExceptionGroup two("two failed", {make<ValueError>("x"), make<DiskError>("y")});
    EXPECT_EQ(first_line(two.what()), "two failed (2 sub-exceptions)");
    EXPECT_EQ(two.message(), "two failed");

    ExceptionGroup one("one failed", {make<ValueError>("x")});
    EXPECT_EQ(first_line(one.what()), "one failed (1 sub-exception)");

    // A nested group counts as one exception of its parent.
    ExceptionGroup nested("outer",
                          {group("inner", {make<ValueError>("x"), make<ValueError>("y")})});
    EXPECT_EQ(first_line(nested.what()), "outer (1 sub-exception)");
}

// Python prints a group as a tree: each sub-exception under a numbered ruler, a nested group
// indented under its headline, the innermost last one closed by a plain ruler.
TEST(ExceptionGroup, WhatShowsEveryExceptionsTypeAndMessageAsPythonsTracebackDoes) {
    ExceptionGroup eg("unhandled errors in a TaskGroup",
                      {make<asyncio::RuntimeError>("connect failed\nsecond line"),
                       group("inner", {make<ValueError>("boom"), make<DiskError>("full")}),
                       std::make_exception_ptr(CancelledError("stop")), std::make_exception_ptr(42),
                       make<std::out_of_range>("index 3")});
    EXPECT_EQ(std::string(eg.what()),
              "unhandled errors in a TaskGroup (5 sub-exceptions)\n"
              "+-+---------------- 1 ----------------\n"
              "  | RuntimeError: connect failed\n"
              "  | second line\n"
              "  +---------------- 2 ----------------\n"
              "  | ExceptionGroup: inner (2 sub-exceptions)\n"
              "  +-+---------------- 1 ----------------\n"
              "    | ValueError: boom\n"
              "    +---------------- 2 ----------------\n"
              "    | DiskError: full\n"
              "    +------------------------------------\n"
              "  +---------------- 3 ----------------\n"
              "  | CancelledError: stop\n"
              "  +---------------- 4 ----------------\n"
              "  | unknown exception\n"
              "  +---------------- 5 ----------------\n"
              "  | std::out_of_range: index 3\n"
              "  +------------------------------------");
}

TEST(ExceptionGroup, ALastNestedGroupClosesOnlyOnce) {
    ExceptionGroup eg("outer", {group("inner", {make<ValueError>("boom")})});
    EXPECT_EQ(std::string(eg.what()),
              "outer (1 sub-exception)\n"
              "+-+---------------- 1 ----------------\n"
              "  | ExceptionGroup: inner (1 sub-exception)\n"
              "  +-+---------------- 1 ----------------\n"
              "    | ValueError: boom\n"
              "    +------------------------------------");
}

// Python's str(eg) is the headline alone; a user's type in an anonymous namespace (here,
// DiskError) reads as its bare name, as a Python class would.
TEST(ExceptionGroup, StrIsTheHeadlineAndTypesReadAsTheirNames) {
    const asyncio::ExceptionGroup eg("top", {make<DiskError>("full"), make<ValueError>("bad")});
    EXPECT_EQ(eg.str(), "top (2 sub-exceptions)");
    EXPECT_EQ(asyncio::format_exception(make<DiskError>("full")), "DiskError: full");
}

TEST(ExceptionGroup, FormatExceptionGivesTypeAndMessage) {
    EXPECT_EQ(asyncio::format_exception(make<ValueError>("bad")), "ValueError: bad");
    EXPECT_EQ(asyncio::format_exception(std::make_exception_ptr(asyncio::TimeoutError())),
              "TimeoutError");  // a message that only repeats the type is not repeated
    EXPECT_EQ(asyncio::format_exception(std::make_exception_ptr(CancelledError())),
              "CancelledError");
    EXPECT_EQ(asyncio::format_exception(std::make_exception_ptr(std::string("x"))),
              "unknown exception");
    EXPECT_EQ(asyncio::format_exception(group("g", {make<ValueError>("v")})),
              "ExceptionGroup: g (1 sub-exception)\n"
              "+-+---------------- 1 ----------------\n"
              "  | ValueError: v\n"
              "  +------------------------------------");
}

TEST(ExceptionGroup, IsAnAsyncioErrorAndAStdException) {
    try {
        throw ExceptionGroup("boom", {make<ValueError>("x")});
    } catch (const asyncio::Error& e) {
        EXPECT_EQ(first_line(e.what()), "boom (1 sub-exception)");
    }
    EXPECT_THROW(throw ExceptionGroup("boom", {}), std::exception);
}

TEST(ExceptionGroup, ExceptionsAreKeptInOrderAsTheSameObjects) {
    auto x = make<ValueError>("x");
    auto y = make<DiskError>("y");
    auto z = make<ValueError>("z");
    ExceptionGroup g("g", {x, y, z});
    ASSERT_EQ(g.exceptions().size(), 3u);
    EXPECT_EQ(g.exceptions()[0], x);  // exception_ptr equality: the very same object
    EXPECT_EQ(g.exceptions()[1], y);
    EXPECT_EQ(g.exceptions()[2], z);
    EXPECT_EQ(describe_all(g.exceptions()),
              (Names{"ValueError: x", "DiskError: y", "ValueError: z"}));
}

TEST(ExceptionGroup, CopiesKeepTheSameExceptions) {
    auto x = make<ValueError>("x");
    ExceptionGroup g("g", {x});
    ExceptionGroup copy = g;
    ASSERT_EQ(copy.exceptions().size(), 1u);
    EXPECT_EQ(copy.exceptions()[0], x);
    EXPECT_STREQ(copy.what(), g.what());
}

TEST(ExceptionGroup, LeavesFlattensNestedGroupsDepthFirst) {
    Nested n;
    const Ptrs leaves = n.top.leaves();
    ASSERT_EQ(leaves.size(), 4u);
    EXPECT_EQ(leaves[0], n.a);
    EXPECT_EQ(leaves[1], n.b);
    EXPECT_EQ(leaves[2], n.c);
    EXPECT_EQ(leaves[3], n.d);
    // exceptions() itself is not flattened.
    EXPECT_EQ(n.top.exceptions().size(), 3u);
}

TEST(ExceptionGroup, LeavesOfAGroupOfEmptyGroupsIsEmpty) {
    ExceptionGroup g("g", {group("empty", {})});
    EXPECT_TRUE(g.leaves().empty());
}

TEST(ExceptionGroup, ContainsLooksAtEveryDepth) {
    Nested n;
    EXPECT_TRUE(n.top.contains<ValueError>());
    EXPECT_TRUE(n.top.contains<DiskError>());
    EXPECT_FALSE(n.top.contains<Unrelated>());
    EXPECT_FALSE(n.top.contains<CancelledError>());

    // Only at depth two.
    ExceptionGroup deep(
        "top", {make<ValueError>("v"), group("mid", {group("low", {make<Unrelated>("u")})})});
    EXPECT_TRUE(deep.contains<Unrelated>());
    EXPECT_FALSE(deep.contains<DiskError>());
}

TEST(ExceptionGroup, SubgroupKeepsTheNesting) {
    Nested n;
    auto values = n.top.subgroup<ValueError>();
    ASSERT_TRUE(values.has_value());
    EXPECT_EQ(describe(values), "Group(top)[ValueError: a, Group(mid)[Group(low)[ValueError: c]]]");
    EXPECT_EQ(first_line(values->what()), "top (2 sub-exceptions)");
    // The leaves are the original exception objects.
    const Ptrs leaves = values->leaves();
    ASSERT_EQ(leaves.size(), 2u);
    EXPECT_EQ(leaves[0], n.a);
    EXPECT_EQ(leaves[1], n.c);

    auto disks = n.top.subgroup<DiskError>();
    EXPECT_EQ(describe(disks), "Group(top)[Group(mid)[DiskError: b], DiskError: d]");

    EXPECT_FALSE(n.top.subgroup<Unrelated>().has_value());
}

TEST(ExceptionGroup, SplitGivesMatchingAndRestBothKeepingTheNesting) {
    Nested n;
    auto [values, rest] = n.top.split<ValueError>();
    EXPECT_EQ(describe(values), "Group(top)[ValueError: a, Group(mid)[Group(low)[ValueError: c]]]");
    EXPECT_EQ(describe(rest), "Group(top)[Group(mid)[DiskError: b], DiskError: d]");
    ASSERT_TRUE(rest.has_value());
    const Ptrs rest_leaves = rest->leaves();
    ASSERT_EQ(rest_leaves.size(), 2u);
    EXPECT_EQ(rest_leaves[0], n.b);
    EXPECT_EQ(rest_leaves[1], n.d);
}

TEST(ExceptionGroup, SplitGivesNulloptForAnEmptySide) {
    Nested n;
    auto [none, all] = n.top.split<Unrelated>();
    EXPECT_FALSE(none.has_value());
    EXPECT_EQ(describe(all), describe(n.top));

    ExceptionGroup only_values("v", {make<ValueError>("1"), group("in", {make<ValueError>("2")})});
    auto [matched, nothing] = only_values.split<ValueError>();
    EXPECT_EQ(describe(matched), "Group(v)[ValueError: 1, Group(in)[ValueError: 2]]");
    EXPECT_FALSE(nothing.has_value());
}

TEST(ExceptionGroup, HandleCallsTheHandlerForEachMatchAtAnyDepthAndRethrowsTheRest) {
    Nested n;
    Names handled;
    try {
        n.top.handle<ValueError>([&](const ValueError& e) { handled.push_back(e.what()); });
        ADD_FAILURE() << "handle() did not rethrow the rest";
    } catch (const ExceptionGroup& rest) {
        EXPECT_EQ(describe(rest), "Group(top)[Group(mid)[DiskError: b], DiskError: d]");
    }
    EXPECT_EQ(handled, (Names{"a", "c"}));  // depth first, in order
}

TEST(ExceptionGroup, HandleThrowsNothingWhenEverythingMatched) {
    ExceptionGroup g("g", {make<ValueError>("1"), group("in", {make<ValueError>("2")})});
    Names handled;
    EXPECT_NO_THROW(
        g.handle<ValueError>([&](const ValueError& e) { handled.push_back(e.what()); }));
    EXPECT_EQ(handled, (Names{"1", "2"}));
}

TEST(ExceptionGroup, HandleOfAnAbsentTypeRethrowsEverything) {
    Nested n;
    int calls = 0;
    try {
        n.top.handle<Unrelated>([&](const Unrelated&) { ++calls; });
        ADD_FAILURE() << "handle() did not rethrow";
    } catch (const ExceptionGroup& rest) {
        EXPECT_EQ(describe(rest), describe(n.top));
    }
    EXPECT_EQ(calls, 0);
}

TEST(ExceptionGroup, MatchingByBaseClassFindsDerivedErrors) {
    ExceptionGroup g("g", {make<ValueError>("v"), make<DiskError>("d"), make<Unrelated>("u")});
    EXPECT_TRUE(g.contains<std::runtime_error>());  // ValueError and DiskError are ones
    EXPECT_TRUE(g.contains<std::logic_error>());
    EXPECT_TRUE(g.contains<asyncio::Error>());  // ValueError

    auto [runtime, rest] = g.split<std::runtime_error>();
    EXPECT_EQ(describe(runtime), "Group(g)[ValueError: v, DiskError: d]");
    EXPECT_EQ(describe(rest), "Group(g)[Unrelated: u]");

    Names handled;
    try {
        g.handle<std::runtime_error>(
            [&](const std::runtime_error& e) { handled.push_back(e.what()); });
        ADD_FAILURE() << "handle() did not rethrow the rest";
    } catch (const ExceptionGroup& left) {
        EXPECT_EQ(describe(left), "Group(g)[Unrelated: u]");
    }
    EXPECT_EQ(handled, (Names{"v", "d"}));
}

// Python tests each group itself first: split(ExceptionGroup) takes the whole group.
TEST(ExceptionGroup, MatchingByTheGroupClassTakesWholeGroups) {
    ExceptionGroup g("top", {make<ValueError>("v"), group("mid", {make<Unrelated>("u")})});
    auto [matched, rest] = g.split<ExceptionGroup>();
    EXPECT_EQ(describe(matched), "Group(top)[ValueError: v, Group(mid)[Unrelated: u]]");
    EXPECT_FALSE(rest.has_value());
    EXPECT_EQ(describe(g.subgroup<ExceptionGroup>()),
              "Group(top)[ValueError: v, Group(mid)[Unrelated: u]]");
    EXPECT_TRUE(g.contains<ExceptionGroup>());
}

// ExceptionGroup is itself a std::runtime_error (through asyncio::Error). Matching by such a
// base class must still look at the leaves: a nested group is a container, not a match, or
// the exceptions in it that are not E would be handed over as if they were.
TEST(ExceptionGroup, MatchingByBaseClassLooksInsideNestedGroups) {
    ExceptionGroup g(
        "top", {make<ValueError>("v"), group("mid", {make<Unrelated>("u"), make<DiskError>("d")})});

    Names handled;
    std::string escaped;
    try {
        g.handle<std::runtime_error>(
            [&](const std::runtime_error& e) { handled.push_back(e.what()); });
        ADD_FAILURE() << "handle() did not rethrow the rest";
    } catch (const ExceptionGroup& left) {
        EXPECT_EQ(describe(left), "Group(top)[Group(mid)[Unrelated: u]]");
    } catch (...) {
        escaped = describe(std::current_exception());
    }
    EXPECT_EQ(escaped, "") << "handle<std::runtime_error>() let a non-matching leaf escape bare";
    EXPECT_EQ(handled, (Names{"v", "d"}));

    auto [runtime, rest] = g.split<std::runtime_error>();
    EXPECT_EQ(describe(runtime), "Group(top)[ValueError: v, Group(mid)[DiskError: d]]");
    EXPECT_EQ(describe(rest), "Group(top)[Group(mid)[Unrelated: u]]");

    // The same with std::exception: a cancellation is not one, wherever it is.
    ExceptionGroup with_cancel(
        "g",
        {make<ValueError>("v"), group("in", {std::make_exception_ptr(CancelledError("stop"))})});
    auto [errors, not_errors] = with_cancel.split<std::exception>();
    EXPECT_EQ(describe(errors), "Group(g)[ValueError: v]");
    EXPECT_EQ(describe(not_errors), "Group(g)[Group(in)[CancelledError: stop]]");

    ExceptionGroup only_logic("top", {group("mid", {make<Unrelated>("u")})});
    EXPECT_FALSE(only_logic.contains<std::runtime_error>());
    EXPECT_FALSE(only_logic.contains<asyncio::Error>());
}

TEST(ExceptionGroup, CancelledErrorInsideIsFound) {
    // CancelledError is not a std::exception, as Python's is a BaseException.
    ExceptionGroup g("g", {make<ValueError>("v"),
                           group("in", {std::make_exception_ptr(CancelledError("stop"))})});
    EXPECT_TRUE(g.contains<CancelledError>());
    EXPECT_FALSE(ExceptionGroup("g", {make<ValueError>("v")}).contains<CancelledError>());

    auto [cancelled, rest] = g.split<CancelledError>();
    EXPECT_EQ(describe(cancelled), "Group(g)[Group(in)[CancelledError: stop]]");
    EXPECT_EQ(describe(rest), "Group(g)[ValueError: v]");

    std::string message;
    try {
        g.handle<CancelledError>([&](const CancelledError& e) { message = e.message(); });
    } catch (const ExceptionGroup& left) {
        EXPECT_EQ(describe(left), "Group(g)[ValueError: v]");
    }
    EXPECT_EQ(message, "stop");
}

}  // namespace
