// Job states and the transitions between them. The eight state names are Pulsar's status
// vocabulary (pulsar-contract.md §1.4); the transition table is the only place that decides
// which changes are legal, so the store, the executors and the handlers cannot disagree.
#pragma once

#include <optional>
#include <string_view>

namespace plateau::gateway {

enum class JobState { preprocessing, queued, running, postprocessing, complete, failed, cancelled, lost };

[[nodiscard]] std::string_view to_string(JobState state);
[[nodiscard]] std::optional<JobState> parse_job_state(std::string_view name);

// complete, failed, cancelled and lost are final: Pulsar's is_job_done() is true for them.
[[nodiscard]] bool is_terminal(JobState state);

// True when `from` may change to `to`. Staying in the same state is always allowed (a no-op);
// a terminal state never changes (a new attempt of the same Galaxy job is a new record).
[[nodiscard]] bool can_transition(JobState from, JobState to);

// What an executor observed about one of its jobs.
enum class ExecutorPhase { queued, running, finished };

// The state a job moves to when its executor reports `phase`, or nullopt when the report is
// stale or must be ignored (e.g. "queued" for a job already running is a Slurm requeue and is
// honoured, but nothing moves a cancelled job). `finished` always leads to postprocessing,
// where the job service reads the return code and decides between complete and failed.
[[nodiscard]] std::optional<JobState> next_state(JobState current, ExecutorPhase phase);

}  // namespace plateau::gateway
