#include "gateway/state_machine.hpp"

#include <catch2/catch.hpp>

using namespace plateau::gateway;

#define TEST_GROUP "[gateway][state_machine]"

TEST_CASE("state_machine: Pulsar's eight status strings round-trip", TEST_GROUP) {
    for (const char* name : {"preprocessing", "queued", "running", "postprocessing", "complete", "failed", "cancelled", "lost"}) {
        CAPTURE(name);
        const auto state = parse_job_state(name);
        REQUIRE(state);
        CHECK(to_string(*state) == name);
    }
    CHECK_FALSE(parse_job_state("done"));
    CHECK_FALSE(parse_job_state("Complete"));
}

TEST_CASE("state_machine: terminal states are exactly Pulsar's is_job_done", TEST_GROUP) {
    CHECK(is_terminal(JobState::complete));
    CHECK(is_terminal(JobState::failed));
    CHECK(is_terminal(JobState::cancelled));
    CHECK(is_terminal(JobState::lost));
    CHECK_FALSE(is_terminal(JobState::preprocessing));
    CHECK_FALSE(is_terminal(JobState::queued));
    CHECK_FALSE(is_terminal(JobState::running));
    CHECK_FALSE(is_terminal(JobState::postprocessing));
}

TEST_CASE("state_machine: legal and illegal transitions", TEST_GROUP) {
    using S = JobState;
    const auto [from, to, ok] = GENERATE(table<S, S, bool>({
        {S::preprocessing, S::queued, true},   {S::preprocessing, S::failed, true},
        {S::preprocessing, S::cancelled, true}, {S::preprocessing, S::complete, false},
        {S::preprocessing, S::postprocessing, false}, {S::queued, S::running, true},
        {S::queued, S::postprocessing, true},  {S::queued, S::cancelled, true},
        {S::queued, S::complete, false},       {S::running, S::postprocessing, true},
        {S::running, S::queued, true},         {S::running, S::complete, false},
        {S::running, S::failed, true},         {S::postprocessing, S::complete, true},
        {S::postprocessing, S::failed, true},  {S::postprocessing, S::running, false},
        {S::complete, S::running, false},      {S::complete, S::failed, false},
        {S::failed, S::complete, false},       {S::cancelled, S::queued, false},
        {S::lost, S::running, false},          {S::complete, S::complete, true},
    }));
    CAPTURE(to_string(from), to_string(to));
    CHECK(can_transition(from, to) == ok);
}

TEST_CASE("state_machine: executor reports move jobs forward only", TEST_GROUP) {
    CHECK(next_state(JobState::queued, ExecutorPhase::running) == JobState::running);
    CHECK(next_state(JobState::queued, ExecutorPhase::finished) == JobState::postprocessing);
    CHECK(next_state(JobState::running, ExecutorPhase::finished) == JobState::postprocessing);
    CHECK(next_state(JobState::running, ExecutorPhase::queued) == JobState::queued);  // Slurm requeue
    CHECK_FALSE(next_state(JobState::running, ExecutorPhase::running));
    CHECK_FALSE(next_state(JobState::preprocessing, ExecutorPhase::running));
    CHECK_FALSE(next_state(JobState::complete, ExecutorPhase::running));
    CHECK_FALSE(next_state(JobState::cancelled, ExecutorPhase::finished));
}
