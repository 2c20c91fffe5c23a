// `plateau-gateway usage`: compute-hours per lab per calendar year from Slurm's accounting and
// the gateway's store, without the service running (docs/gateway.md, "Lab usage").
#pragma once

#include "gateway/config.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

struct UsageFlags {
    std::vector<std::string> labs;  // --lab NAME=login1,login2
    std::vector<int> years;
    std::string source, jobcomp_file;
    std::string json_file = "-";
    std::string csv_dir;
    bool no_store = false;
};

// Adds the subcommand and its flags to `app`.
CLI::App* add_usage_command(CLI::App& app, UsageFlags& flags);

// Runs the report with `config` (the [usage] section, slurm.bin_dir, store.data_dir) and the flags.
int run_usage_command(const plateau::gateway::GatewayConfig& config, const UsageFlags& flags);
