// Compute usage per user and per group per calendar year (UTC, by the job's finish time), as a
// core facility reports CPU-hours to each lab. Sums over every finished attempt, failed ones
// included: the compute was spent either way.
#pragma once

#include "gateway/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plateau::gateway {

struct UsageRow {
    std::string key;  // user or group name ("" when unknown)
    int year = 0;
    std::int64_t jobs = 0;
    double cpu_hours = 0;
    double elapsed_hours = 0;
    std::int64_t jobs_without_cpu = 0;  // finished jobs whose CPU time is unknown
    std::optional<std::int64_t> peak_rss_kb;
};

struct UsageReport {
    std::vector<UsageRow> by_user;
    std::vector<UsageRow> by_group;
};

// CPU-hours per user and per group (per year, or of `year`), over the jobs set up by `owner`
// (every client's when empty).
[[nodiscard]] UsageReport usage_report(Database& db, std::optional<int> year, const std::string& owner = {});

}  // namespace plateau::gateway
