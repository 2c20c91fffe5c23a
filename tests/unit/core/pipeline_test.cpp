#include "core/pipeline.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {
struct Slot {
    int value = 0;
    int result = 0;
};
}  // namespace

TEST_CASE("run_ordered_pipeline: consumes in input order at any worker count", "[core][pipeline]") {
    const std::size_t workers = GENERATE(1, 2, 4, 8);
    CAPTURE(workers);
    int next = 0;
    std::vector<int> consumed;
    plateau::core::PipelineStages<Slot> stages;
    stages.produce = [&](Slot& s) {
        if (next == 500) return false;
        s.value = next++;
        return true;
    };
    stages.process = [](std::size_t, Slot& s) {
        // Uneven work so that batches finish out of order.
        if (s.value % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        s.result = s.value * 2;
    };
    stages.consume = [&](Slot& s) { consumed.push_back(s.result); };
    plateau::core::run_ordered_pipeline(workers, stages);
    REQUIRE(consumed.size() == 500);
    for (int i = 0; i < 500; ++i) REQUIRE(consumed[static_cast<std::size_t>(i)] == 2 * i);
}

TEST_CASE("run_ordered_pipeline: an exception in any stage reaches the caller", "[core][pipeline]") {
    for (int failing_stage = 0; failing_stage < 3; ++failing_stage) {
        CAPTURE(failing_stage);
        int next = 0;
        plateau::core::PipelineStages<Slot> stages;
        stages.produce = [&](Slot& s) {
            if (failing_stage == 0 && next == 50) throw std::runtime_error("stage failed");
            s.value = next++;
            return next < 1000;
        };
        stages.process = [&](std::size_t, Slot& s) {
            if (failing_stage == 1 && s.value == 60) throw std::runtime_error("stage failed");
        };
        stages.consume = [&](Slot& s) {
            if (failing_stage == 2 && s.value == 70) throw std::runtime_error("stage failed");
        };
        CHECK_THROWS_WITH(plateau::core::run_ordered_pipeline(3, stages), "stage failed");
    }
}
