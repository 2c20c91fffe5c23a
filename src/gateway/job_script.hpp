// The job script both executors run (command.sh in the job directory). It gives the command
// the environment Galaxy expects from Pulsar's job script (pulsar-contract.md §7): working/ as
// the current directory, _GALAXY_JOB_HOME_DIR and _GALAXY_JOB_TMP_DIR created and exported,
// TMPDIR/TMP/TEMP, GALAXY_SLOTS and GALAXY_MEMORY_MB from the allocation, GALAXY_PYTHON,
// Galaxy's `env` entries, and afterwards the command's return code in <job>/return_code.
#pragma once

#include "gateway/job_layout.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace plateau::gateway {

struct EnvVar {
    std::string name;
    std::string value;
    bool raw = false;  // raw: the value is shell text (expanded); otherwise it is quoted literally
};

struct ScriptSpec {
    std::string job_id;
    int attempt = 1;
    JobLayout layout;
    std::string command_line;
    std::vector<EnvVar> env;
};

// Throws plateau::Error(InvalidInput) for an environment variable name that is not a shell
// identifier.
[[nodiscard]] std::string render_job_script(const ScriptSpec& spec);

// 'text' with embedded single quotes escaped, safe as one shell word.
[[nodiscard]] std::string shell_quote(std::string_view text);

}  // namespace plateau::gateway
