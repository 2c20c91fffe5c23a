#include "usage_command.hpp"

#include "core/log.hpp"
#include "gateway/database.hpp"
#include "gateway/lab_usage/collect.hpp"
#include "gateway/lab_usage/render.hpp"

#include <filesystem>
#include <memory>

CLI::App* add_usage_command(CLI::App& app, UsageFlags& f) {
    CLI::App* usage = app.add_subcommand("usage", "Compute-hours per lab and per login per calendar year for the whole "
                                                  "cluster (Slurm accounting merged with the gateway's jobs)");
    usage->add_option("--lab", f.labs, "A lab and its logins: NAME=login1,login2 (repeatable; joins usage.labs_file)");
    usage->add_option("--year", f.years, "Calendar year to report (repeatable; default: last year and this year)")
        ->check(CLI::Range(1970, 9999));
    usage->add_option("--source", f.source, "auto (sacct, else the job completion log), sacct, jobcomp or none")
        ->check(CLI::IsMember({"auto", "sacct", "jobcomp", "none"}));
    usage->add_option("--jobcomp-file", f.jobcomp_file, "jobcomp/filetxt log to read (default: Slurm's JobCompLoc)");
    usage->add_option("--json", f.json_file, "Write the JSON report here ('-': standard output, the default)");
    usage->add_option("--csv-dir", f.csv_dir, "Write one CSV per lab, <dir>/<lab>.csv");
    usage->add_flag("--no-store", f.no_store, "Leave out the gateway's own job store (store.data_dir)");
    return usage;
}

int run_usage_command(const plateau::gateway::GatewayConfig& config, const UsageFlags& flags) {
    namespace lu = plateau::gateway::lab_usage;
    lu::Options options = lu::options_from_config(config);
    for (const auto& text : flags.labs) options.labs.push_back(lu::parse_lab_argument(text));
    options.labs = lu::merge_labs(std::move(options.labs));
    options.years = flags.years;
    if (!flags.source.empty()) options.source = lu::parse_source(flags.source);
    if (!flags.jobcomp_file.empty()) options.jobcomp_file = flags.jobcomp_file;
    if (!flags.jobcomp_file.empty() && flags.source.empty()) options.source = lu::Source::jobcomp;
    std::unique_ptr<plateau::gateway::Database> db;
    const auto store = config.data_dir / "gateway.sqlite3";
    if (!flags.no_store && std::filesystem::exists(store)) db = std::make_unique<plateau::gateway::Database>(store, false);
    const lu::UsageSummary summary = lu::collect_usage(options, db.get());
    for (const auto& path : lu::write_outputs(summary, flags.json_file, flags.csv_dir))
        plateau::core::log_info("usage", "wrote " + path);
    return 0;
}
