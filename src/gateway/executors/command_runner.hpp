// Runs an external command (sbatch, squeue, ...) with a timeout and captures its output.
// posix_spawn keeps this safe in a multi-threaded process.
#pragma once

#include <string>
#include <vector>

namespace plateau::gateway {

struct CommandResult {
    int exit_code = -1;   // -1: could not start, killed or timed out
    bool timed_out = false;
    std::string out, err;
};

[[nodiscard]] CommandResult run_command(const std::vector<std::string>& argv, int timeout_seconds);

// "cmd arg 'quoted arg'" for logs and error messages.
[[nodiscard]] std::string describe_command(const std::vector<std::string>& argv);

}  // namespace plateau::gateway
