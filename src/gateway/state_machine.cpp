#include "gateway/state_machine.hpp"

#include <array>
#include <utility>

namespace plateau::gateway {
namespace {

constexpr std::array<std::pair<JobState, std::string_view>, 8> k_names{{
    {JobState::preprocessing, "preprocessing"},
    {JobState::queued, "queued"},
    {JobState::running, "running"},
    {JobState::postprocessing, "postprocessing"},
    {JobState::complete, "complete"},
    {JobState::failed, "failed"},
    {JobState::cancelled, "cancelled"},
    {JobState::lost, "lost"},
}};

constexpr std::size_t idx(JobState s) { return static_cast<std::size_t>(s); }

constexpr std::array<bool, 8> reach(std::initializer_list<JobState> states) {
    std::array<bool, 8> out{};
    for (JobState s : states) out[idx(s)] = true;
    return out;
}

// k_allowed[from][to]: the states reachable from `from` in one step.
constexpr std::array<std::array<bool, 8>, 8> k_allowed{{
    // preprocessing: submitted, or failed before launch, or cancelled before submit.
    reach({JobState::queued, JobState::running, JobState::failed, JobState::cancelled, JobState::lost}),
    // queued
    reach({JobState::running, JobState::postprocessing, JobState::failed, JobState::cancelled, JobState::lost}),
    // running (queued again: Slurm requeue after preemption or node failure)
    reach({JobState::queued, JobState::postprocessing, JobState::failed, JobState::cancelled, JobState::lost}),
    // postprocessing
    reach({JobState::complete, JobState::failed, JobState::cancelled}),
    reach({}), reach({}), reach({}), reach({}),
}};

}  // namespace

std::string_view to_string(JobState state) { return k_names[idx(state)].second; }

std::optional<JobState> parse_job_state(std::string_view name) {
    for (const auto& [state, text] : k_names)
        if (text == name) return state;
    return std::nullopt;
}

bool is_terminal(JobState state) {
    return state == JobState::complete || state == JobState::failed || state == JobState::cancelled ||
           state == JobState::lost;
}

bool can_transition(JobState from, JobState to) {
    if (from == to) return true;
    return k_allowed[idx(from)][idx(to)];
}

std::optional<JobState> next_state(JobState current, ExecutorPhase phase) {
    JobState target = JobState::queued;
    switch (phase) {
    case ExecutorPhase::queued: target = JobState::queued; break;
    case ExecutorPhase::running: target = JobState::running; break;
    case ExecutorPhase::finished: target = JobState::postprocessing; break;
    }
    if (current == target || !can_transition(current, target)) return std::nullopt;
    // A report of "queued" for a job we never submitted makes no sense; only preprocessing jobs
    // that the service itself moved on can be queued.
    if (current == JobState::preprocessing) return std::nullopt;
    return target;
}

}  // namespace plateau::gateway
