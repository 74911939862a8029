// Randomized cancellation stress: thousands of task trees, each node following a plan drawn
// from a seeded PRNG, cancelled and timed out at random suspension points. After every
// batch the loop must be clean: no task, timer, fd watch, callback or coroutine frame left,
// and every outcome one of value, Boom, CancelledError, TimeoutError, ExceptionGroup.
//
// Two flavours per seed: "RealTime" (sleeps, call_later and deadlines of 0-3 ms) and
// "ZeroTime" (only sleep(0s), call_soon, and deadlines that are either already due or an
// hour away), which is deterministic: the same seed gives the same sequence of events.
// A third, "LoopClosedMidFlight", closes loops with the trees still running.
//
// Knobs: ASYNCIO_STRESS_SEEDS=first:count sets the Soak test's seeds (two by default);
// ASYNCIO_STRESS_ONLY_OP=n restricts the plans to one kind of operation.
// The trees are in cancellation_trees.hpp, the runs in cancellation_runs.hpp; the minimized
// reproductions of the bugs the stress runs found are in cancellation_repro_test.cpp.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "stress/cancellation_runs.hpp"

namespace {

using namespace cancellation_stress;

class CancellationStress : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(CancellationStress, RealTime) {
    const std::uint32_t seed = GetParam();
    SCOPED_TRACE("seed " + std::to_string(seed) + ", real time");
    const RunResult r =
        run_stress(seed, /*zero_time=*/false, kRealBatches, kTreesPerBatch, /*max_depth=*/5);
    print_summary("real time", seed, r);
    EXPECT_EQ(r.roots[static_cast<int>(Kind::other)], 0);
}

TEST_P(CancellationStress, ZeroTime) {
    const std::uint32_t seed = GetParam();
    SCOPED_TRACE("seed " + std::to_string(seed) + ", zero time");
    const RunResult r = run_stress(seed, /*zero_time=*/true, kZeroBatches, kTreesPerBatch);
    print_summary("zero time", seed, r);
    EXPECT_EQ(r.roots[static_cast<int>(Kind::other)], 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CancellationStress, ::testing::Values(1u, 2u, 3u, 20240611u));

// Without real time the loop is deterministic: the same seed gives the same events, in the
// same order, and so the same outcomes.
TEST(CancellationStressDeterminism, SameSeedSameEvents) {
    for (std::uint32_t seed : {7u, 99u}) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        const RunResult a = run_stress(seed, /*zero_time=*/true, 5, kTreesPerBatch);
        const RunResult b = run_stress(seed, /*zero_time=*/true, 5, kTreesPerBatch);
        EXPECT_EQ(a.roots, b.roots);
        EXPECT_EQ(a.orphans, b.orphans);
        EXPECT_EQ(a.nodes, b.nodes);
        ASSERT_EQ(a.log.size(), b.log.size());
        for (std::size_t i = 0; i < a.log.size(); ++i) {
            ASSERT_EQ(a.log[i], b.log[i]) << "first difference at event " << i;
        }
    }
}

TEST_P(CancellationStress, LoopClosedMidFlight) {
    const std::uint32_t seed = GetParam();
    SCOPED_TRACE("seed " + std::to_string(seed) + ", loop closed mid-flight");
    run_and_close_mid_flight(seed, /*zero_time=*/false, kCloseRounds, kTreesPerBatch);
    run_and_close_mid_flight(seed + 1000, /*zero_time=*/true, kCloseRounds, kTreesPerBatch);
}

// More seeds: two by default, as many as wanted with ASYNCIO_STRESS_SEEDS=first:count
// (e.g. 1000:200).
TEST(CancellationStressSoak, SeedsFromEnvironment) {
    const char* spec = std::getenv("ASYNCIO_STRESS_SEEDS");
    const std::string text(spec ? spec : "100:2");
    const auto colon = text.find(':');
    const auto first = static_cast<std::uint32_t>(std::stoul(text.substr(0, colon)));
    const auto count = colon == std::string::npos
                           ? 1u
                           : static_cast<std::uint32_t>(std::stoul(text.substr(colon + 1)));
    for (std::uint32_t seed = first; seed < first + count; ++seed) {
        SCOPED_TRACE("soak seed " + std::to_string(seed));
        const int depth = 3 + static_cast<int>(seed % 4);
        run_stress(seed, /*zero_time=*/false, 4, kTreesPerBatch, depth);
        run_stress(seed, /*zero_time=*/true, 4, kTreesPerBatch, depth);
        run_and_close_mid_flight(seed, seed % 2 == 0, 1, kTreesPerBatch);
        if (HasFailure()) {
            std::printf("soak: first failing seed %u\n", seed);
            return;
        }
    }
}

}  // namespace
