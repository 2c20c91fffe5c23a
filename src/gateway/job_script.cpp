#include "gateway/job_script.hpp"

#include "core/error.hpp"

namespace plateau::gateway {
namespace {

bool is_identifier(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

}  // namespace

std::string shell_quote(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

namespace {

// The lines after the command: its return code, CPU times and (under Slurm) peak RSS recorded in
// the job directory, the return code renamed into place last.
std::string job_script_epilogue() {
    std::string s = "return_code=$?\n";
    s += "times > \"$_plateau_job_dir/plateau_usage\" 2>/dev/null\n";
    // Under Slurm without accounting storage (sacct -c has no MaxRSS), ask slurmd for the batch
    // step's peak RSS as sampled by jobacct_gather, the figure sacct would report.
    s += "if [ -n \"${SLURM_JOB_ID:-}\" ] && command -v sstat >/dev/null 2>&1; then\n"
         "    sstat -n -P -j \"$SLURM_JOB_ID.batch\" -o MaxRSS > \"$_plateau_job_dir/plateau_maxrss\" 2>/dev/null\n"
         "fi\n";
    s += "echo $return_code > \"$_plateau_job_dir/return_code.tmp\" && "
         "mv -f \"$_plateau_job_dir/return_code.tmp\" \"$_plateau_job_dir/return_code\"\n";
    s += "exit $return_code\n";
    return s;
}

}  // namespace

std::string render_job_script(const ScriptSpec& spec) {
    const JobLayout& l = spec.layout;
    const std::string job_dir = shell_quote(l.root.string());
    const std::string working = shell_quote(l.working().string());
    std::string s;
    s.reserve(2048 + spec.command_line.size());
    s += "#!/bin/bash\n";
    s += "# Job script written by plateau-gateway for Galaxy job " + spec.job_id + " (attempt " +
         std::to_string(spec.attempt) + ").\n";
    s += "_plateau_job_dir=" + job_dir + "\n";
    s += "export PLATEAU_JOB_ID=" + shell_quote(spec.job_id) + "\n";
    // Slots and memory, as Galaxy's job script computes them.
    s += R"sh(if [ -n "$SLURM_CPUS_ON_NODE" ]; then
    GALAXY_SLOTS="$SLURM_CPUS_ON_NODE"; GALAXY_SLOTS_CONFIGURED=1
elif [ -n "$SLURM_NTASKS" ] || [ -n "$SLURM_CPUS_PER_TASK" ]; then
    GALAXY_SLOTS=$(( ${SLURM_NTASKS:-1} * ${SLURM_CPUS_PER_TASK:-1} )); GALAXY_SLOTS_CONFIGURED=1
elif [ -n "$PLATEAU_SLOTS" ]; then
    GALAXY_SLOTS="$PLATEAU_SLOTS"; GALAXY_SLOTS_CONFIGURED=1
else
    GALAXY_SLOTS=1; unset GALAXY_SLOTS_CONFIGURED
fi
export GALAXY_SLOTS
[ -n "$GALAXY_SLOTS_CONFIGURED" ] && export GALAXY_SLOTS_CONFIGURED
if [ -n "$SLURM_MEM_PER_NODE" ]; then
    GALAXY_MEMORY_MB="$SLURM_MEM_PER_NODE"
elif [ -n "$SLURM_MEM_PER_CPU" ]; then
    GALAXY_MEMORY_MB=$(( SLURM_MEM_PER_CPU * GALAXY_SLOTS ))
fi
[ -n "$GALAXY_MEMORY_MB" ] && export GALAXY_MEMORY_MB
export PYTHONWARNINGS=ignore
GALAXY_PYTHON=$(command -v python || command -v python3)
export GALAXY_PYTHON
)sh";
    s += "_GALAXY_JOB_HOME_DIR=" + shell_quote((l.working() / "home").string()) + "\n";
    s += "_GALAXY_JOB_TMP_DIR=" + shell_quote((l.working() / "tmp").string()) + "\n";
    s += R"sh(mkdir -p "$_GALAXY_JOB_HOME_DIR" "$_GALAXY_JOB_TMP_DIR"
export _GALAXY_JOB_HOME_DIR _GALAXY_JOB_TMP_DIR
TMPDIR="${TMPDIR:-${TMP:-${TEMP:-$_GALAXY_JOB_TMP_DIR}}}"
TMP="${TMP:-$TMPDIR}"
TEMP="${TEMP:-$TMPDIR}"
export TMPDIR TMP TEMP
)sh";
    for (const EnvVar& var : spec.env) {
        if (!is_identifier(var.name))
            throw_input_error("env entry '" + var.name + "' is not a valid shell variable name");
        s += var.name + "=" + (var.raw ? var.value : shell_quote(var.value)) + "; export " + var.name + "\n";
    }
    s += "cd " + working + " || exit 1\n";
    // The command runs in a subshell so that an `exit` in it still reaches the lines after it.
    s += "(\n" + spec.command_line + "\n)\n";
    s += job_script_epilogue();
    return s;
}

}  // namespace plateau::gateway
