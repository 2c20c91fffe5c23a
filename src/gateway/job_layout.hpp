// Pulsar's job directory layout (pulsar-contract.md §1.3): one directory per Galaxy job id
// under the staging directory, with inputs/, working/, outputs/, configs/, tool_files/,
// metadata/ and unstructured/, and the mapping from an upload/download `type` to a directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace plateau::gateway {

// Galaxy job ids are integers or "<id>_<task>"; uuids are allowed too. Throws HttpError 400
// for anything else (empty, "." or "..", '/', more than 128 characters).
void validate_job_id(std::string_view job_id);

struct TypeRule {
    std::string_view subdir;  // relative to the job directory ("" = the job directory itself)
    bool nested;              // "a/b/c" names allowed; otherwise only basename(name) is used
};

// Where an uploaded file of `type` goes (and what the path route answers). nullopt for an
// unknown type.
[[nodiscard]] std::optional<TypeRule> upload_rule(std::string_view type);

// Where a download of `type` reads from: output_workdir -> working/, output_metadata ->
// metadata/, anything else -> outputs/ (Pulsar's _output_path, including its fall-through).
[[nodiscard]] TypeRule download_rule(std::string_view type);

struct JobLayout {
    std::filesystem::path root;
    [[nodiscard]] std::filesystem::path inputs() const { return root / "inputs"; }
    [[nodiscard]] std::filesystem::path working() const { return root / "working"; }
    [[nodiscard]] std::filesystem::path outputs() const { return root / "outputs"; }
    [[nodiscard]] std::filesystem::path configs() const { return root / "configs"; }
    [[nodiscard]] std::filesystem::path tool_files() const { return root / "tool_files"; }
    [[nodiscard]] std::filesystem::path metadata() const { return root / "metadata"; }
    [[nodiscard]] std::filesystem::path unstructured() const { return root / "unstructured"; }
    [[nodiscard]] std::filesystem::path script() const { return root / "command.sh"; }
    [[nodiscard]] std::filesystem::path return_code() const { return root / "return_code"; }
    [[nodiscard]] std::filesystem::path usage_file() const { return root / "plateau_usage"; }
    // Slurm's sampled peak RSS of the batch step (sstat), written by the job script.
    [[nodiscard]] std::filesystem::path peak_rss_file() const { return root / "plateau_maxrss"; }
    [[nodiscard]] std::filesystem::path local_pid() const { return root / "plateau_pid"; }
    [[nodiscard]] std::filesystem::path local_launch() const { return root / "plateau_launch"; }
};

[[nodiscard]] JobLayout job_layout(const std::filesystem::path& staging_dir, std::string_view job_id);

// Creates the job directory and its subdirectories (existing ones are fine: a repeated setup is
// harmless, as in Pulsar). Throws plateau::Error(Io).
void create_job_directories(const JobLayout& layout);

// Temporary upload files carry this prefix; listings and the status payload skip them and
// start-up deletes any left behind by an interrupted upload.
inline constexpr std::string_view k_upload_temp_prefix = ".plateau-upload.";

}  // namespace plateau::gateway
