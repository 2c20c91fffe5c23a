// Lab usage report: jobcomp/filetxt lines (a real one from Slurm 22.05's test cluster, others in
// its format), sacct -P output, calendar-year splitting, the merge with the gateway's store, the
// sums, CSV quoting and the Green Algorithms energy formula, each against hand-computed values.
// Every case runs with TZ=UTC, so that Slurm's local times are UTC.
#include "core/error.hpp"
#include "gateway/lab_usage/collect.hpp"
#include "gateway/lab_usage/records.hpp"
#include "gateway/lab_usage/render.hpp"
#include "gateway/lab_usage/report.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <sstream>

using namespace plateau::gateway::lab_usage;

#define TEST_GROUP "[gateway][lab_usage]"

namespace {

void utc() {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
}

// 2025-12-31T23:00:00Z and friends, computed by hand: 2025-01-01T00:00:00Z = 1735689600.
constexpr std::int64_t k_2025 = 1735689600;
constexpr std::int64_t k_2026 = k_2025 + 365 * 86400;

const char* k_real_line =
    "JobId=2 UserId=plateau-ua(1001) GroupId=users(100) Name=a name, \"quoted\" JobState=COMPLETED Partition=debug "
    "TimeLimit=UNLIMITED StartTime=2026-12-02T17:31:08 EndTime=2026-12-02T17:31:09 NodeList=plateauea8bfffa NodeCnt=1 "
    "ProcCnt=1 WorkDir=/tmp/usage-probe ReservationName= Tres=cpu=1,mem=256M,node=1,billing=1 Account= QOS= WcKey= "
    "Cluster=unknown SubmitTime=2026-12-02T17:31:07 EligibleTime=2026-12-02T17:31:07 DerivedExitCode=0:0 ExitCode=0:0 ";

JobRecord job(std::string id, std::string user, std::int64_t start, std::int64_t end, int cpus, int gpus = 0) {
    JobRecord r;
    r.job_id = std::move(id);
    r.user = std::move(user);
    r.start = start;
    r.end = end;
    r.cpus = cpus;
    r.gpus = gpus;
    r.source = "jobcomp";
    return r;
}

}  // namespace

TEST_CASE("lab_usage: a real jobcomp/filetxt line (name with spaces, comma and quotes)", TEST_GROUP) {
    utc();
    const auto r = parse_jobcomp_line(k_real_line);
    REQUIRE(r);
    CHECK(r->job_id == "2");
    CHECK(r->user == "plateau-ua");
    CHECK(r->group == "users");
    CHECK(r->end - r->start == 1);
    CHECK(r->start == k_2026 + (335 * 86400) + 17 * 3600 + 31 * 60 + 8);  // 2 December = day 336
    CHECK(r->cpus == 1);
    CHECK(r->gpus == 0);
    REQUIRE(r->memory_mb);
    CHECK(*r->memory_mb == Approx(256));
    CHECK(r->state == "COMPLETED");
}

TEST_CASE("lab_usage: jobcomp GPUs, unknown start, garbage", TEST_GROUP) {
    utc();
    const auto gpu = parse_jobcomp_line("JobId=9 UserId=bob(1002) GroupId=lab2(2000) Name=x JobState=FAILED StartTime="
                                        "2025-03-01T00:00:00 EndTime=2025-03-01T02:00:00 ProcCnt=8 "
                                        "Tres=cpu=8,mem=2G,node=1,billing=8,gres/gpu=2 ExitCode=1:0");
    REQUIRE(gpu);
    CHECK(gpu->gpus == 2);
    CHECK(*gpu->memory_mb == Approx(2048));
    CHECK(gpu->end - gpu->start == 7200);
    CHECK_FALSE(parse_jobcomp_line("JobId=10 UserId=bob(1002) StartTime=Unknown EndTime=2025-03-01T02:00:00 ProcCnt=1"));
    CHECK_FALSE(parse_jobcomp_line("not a record"));
    std::istringstream log(std::string(k_real_line) + "\ngarbage\n\n" + k_real_line + "\n");
    std::size_t skipped = 0;
    CHECK(parse_jobcomp(log, &skipped).size() == 2);
    CHECK(skipped == 1);
}

TEST_CASE("lab_usage: TRES and memory units", TEST_GROUP) {
    CHECK(tres_gpus("cpu=4,gres/gpu=3,mem=1G") == 3);
    CHECK(tres_gpus("cpu=4,gres/gpu:a100=2,gres/gpu:v100=1") == 3);
    CHECK(tres_gpus("cpu=4,gres/gpu=2,gres/gpu:a100=2") == 2);
    CHECK(tres_gpus("cpu=4") == 0);
    CHECK(*parse_memory_mb("1024K") == Approx(1));
    CHECK(*parse_memory_mb("2T") == Approx(2 * 1024 * 1024));
    CHECK(*parse_memory_mb("100", 1.0 / 1024) == Approx(100.0 / 1024));
    CHECK_FALSE(parse_memory_mb("lots"));
}

TEST_CASE("lab_usage: sacct -P output, steps give the peak RSS", TEST_GROUP) {
    utc();
    const auto records = parse_sacct(
        "100|alice|lab1|2025-06-01T10:00:00|2025-06-01T12:00:00|7200|4|billing=4,cpu=4,gres/gpu=1,mem=8G,node=1||COMPLETED\n"
        "100.batch|||2025-06-01T10:00:00|2025-06-01T12:00:00|7200|4|cpu=4,mem=8G,node=1|2048000K|COMPLETED\n"
        "100.0|||2025-06-01T10:00:00|2025-06-01T11:00:00|3600|4|cpu=4,mem=8G,node=1|3000000K|COMPLETED\n"
        "101|bob|lab2|Unknown|Unknown|0|0|||CANCELLED by 1002\n"
        "102|bob|lab2|2025-06-01T10:00:00|2025-06-01T10:30:00|1800|2|cpu=2,mem=1G,node=1||CANCELLED by 0\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].job_id == "100");
    CHECK(records[0].cpus == 4);
    CHECK(records[0].gpus == 1);
    CHECK(records[0].max_rss_kb == 3000000);
    CHECK(records[0].end - records[0].start == 7200);
    CHECK(records[1].state == "CANCELLED");
    CHECK_FALSE(records[1].max_rss_kb);
}

TEST_CASE("lab_usage: a job across New Year is split by the time in each year", TEST_GROUP) {
    utc();
    const auto shares = split_by_year(k_2026 - 3600, k_2026 + 3 * 3600);
    REQUIRE(shares.size() == 2);
    CHECK(shares[0].year == 2025);
    CHECK(shares[0].seconds == 3600);
    CHECK(shares[1].year == 2026);
    CHECK(shares[1].seconds == 3 * 3600);
    const auto three = split_by_year(k_2025 - 10, k_2026 + 10);
    REQUIRE(three.size() == 3);
    CHECK(three[1].seconds == 365 * 86400);
    const auto exact = split_by_year(k_2025 - 60, k_2025);
    REQUIRE(exact.size() == 1);
    CHECK(exact[0].year == 2024);
}

TEST_CASE("lab_usage: sums per lab, login and year; jobs counted in the year they end", TEST_GROUP) {
    utc();
    const std::vector<JobRecord> records{
        job("1", "alice", k_2026 - 3600, k_2026 + 3 * 3600, 2),  // 1 h in 2025, 3 h in 2026
        job("2", "bob", k_2025 + 86400, k_2025 + 86400 + 1800, 4, 1),
        job("3", "carol", k_2025 + 86400, k_2025 + 86400 + 3600, 1),  // no lab
    };
    const std::vector<Lab> labs{{"lab1", {"alice", "bob"}}, {"lab2", {"dave"}}};
    const auto s = summarise(records, labs, {2025, 2026}, EnergyFactors{});
    REQUIRE(s.labs.size() == 2);
    const auto& y2025 = s.labs[0].years[0];
    const auto& y2026 = s.labs[0].years[1];
    CHECK(y2025.total.cpu_hours == Approx(1 * 2 + 0.5 * 4));
    CHECK(y2025.total.gpu_hours == Approx(0.5));
    CHECK(y2025.total.elapsed_hours == Approx(1.5));
    CHECK(y2025.total.jobs == 1);  // job 1 ends in 2026
    CHECK(y2026.total.cpu_hours == Approx(6));
    CHECK(y2026.total.jobs == 1);
    CHECK(y2026.by_login.at("alice").cpu_hours == Approx(6));
    CHECK(y2026.by_login.at("bob").jobs == 0);
    CHECK(s.labs[1].years[0].by_login.at("dave").jobs == 0);
    CHECK(s.unassigned.at(2025).cpu_hours == Approx(1));
    CHECK(s.cluster.at(2025).cpu_hours == Approx(5));
    CHECK(s.cluster.at(2026).jobs == 1);
    CHECK(s.records == 3);
}

TEST_CASE("lab_usage: merge with the gateway's store counts a job once", TEST_GROUP) {
    utc();
    std::vector<JobRecord> slurm{job("41", "galaxy", k_2025, k_2025 + 3600, 2), job("42", "alice", k_2025, k_2025 + 60, 1),
                                 job("42", "alice", k_2025, k_2025 + 60, 1)};  // the same line twice
    const std::vector<GatewayJob> gateway{
        {"j1#1", "slurm", "41", "bob", "lab1", k_2025, k_2025 + 3500, 1, 1000},    // Slurm's job 41
        {"j2#1", "local", "123:456", "bob", "lab1", k_2025, k_2025 + 7200, 4, {}},  // gateway only
        {"j3#1", "slurm", "99", "bob", "lab1", k_2025, k_2025 + 360, 1, {}},        // not in Slurm's log
    };
    std::int64_t duplicates = 0;
    const auto merged = merge_records(slurm, gateway, &duplicates);
    CHECK(merged.size() == 4);
    CHECK(duplicates == 2);
    const auto s = summarise(merged, {{"lab1", {"bob"}}}, {2025}, EnergyFactors{});
    const auto& bob = s.labs[0].years[0].by_login.at("bob");
    CHECK(bob.jobs == 3);
    CHECK(bob.cpu_hours == Approx(2 + 8 + 0.1));  // Slurm's figures for job 41
    CHECK(s.gateway_only == 2);
    CHECK(s.cluster.at(2025).jobs == 4);
}

TEST_CASE("lab_usage: Green Algorithms energy and carbon", TEST_GROUP) {
    EnergyFactors f;  // 12 W/core, usage 1, 250 W/GPU, 0.3725 W/GB, PUE 1.67, 52 g/kWh
    // 10 h x (4 x 12 + 1 x 250 + 16 x 0.3725) W x 1.67 = 10 x 303.96 x 1.67 Wh = 5.076132 kWh
    CHECK(energy_kwh(f, 10, 4, 1, 16) == Approx(5.076132));
    f.core_usage = 0.5;
    f.pue = 1.0;
    CHECK(energy_kwh(f, 2, 8, 0, 0) == Approx(2 * 8 * 12 * 0.5 / 1000));
    utc();
    JobRecord r = job("1", "alice", k_2025, k_2025 + 36000, 4, 1);
    r.memory_mb = 16 * 1024;
    const auto s = summarise({r}, {{"lab", {"alice"}}}, {2025}, EnergyFactors{});
    const auto json = to_json(s);
    CHECK(json["schema_version"] == 1);
    CHECK(json["labs"][0]["years"][0]["total"]["energy_kwh"].get<double>() == Approx(5.076132));
    CHECK(json["labs"][0]["years"][0]["total"]["carbon_kg_co2e"].get<double>() == Approx(5.076132 * 52 / 1000).epsilon(1e-5));
    CHECK(json["energy"]["pue"] == 1.67);
}

TEST_CASE("lab_usage: CSV is RFC 4180 (quotes doubled, fields with commas, quotes or line breaks quoted)", TEST_GROUP) {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    utc();
    const auto s = summarise({job("1", "alice", k_2025, k_2025 + 7200, 3)}, {{"lab1", {"alice"}}}, {2025}, EnergyFactors{});
    const std::string csv = lab_csv(s.labs[0], s.factors);
    CHECK(csv.starts_with("lab,year,login,jobs,cpu_hours,gpu_hours,elapsed_hours,peak_rss_gb,energy_kwh,carbon_kg_co2e\r\n"));
    CHECK(csv.find("lab1,2025,*,1,6.000,0.000,2.000,,") != std::string::npos);
    CHECK(csv.find("lab1,2025,alice,1,6.000,") != std::string::npos);
}

TEST_CASE("lab_usage: labs from a file and the command line", TEST_GROUP) {
    std::istringstream file("# lab logins\nlab1 alice bob  # PI: Alice\n\nlab2 carol\nlab1 dave alice\n");
    const auto labs = parse_labs(file, "labs.txt");
    REQUIRE(labs.size() == 2);
    CHECK(labs[0].logins == std::vector<std::string>{"alice", "bob", "dave"});
    std::istringstream bad("lab1\n");
    CHECK_THROWS_WITH(parse_labs(bad, "labs.txt"), Catch::Contains("labs.txt:1"));
    const auto lab = parse_lab_argument("lab3=eve,frank");
    CHECK(lab.name == "lab3");
    CHECK(lab.logins.size() == 2);
    CHECK_THROWS_AS(parse_lab_argument("lab3"), plateau::Error);
    CHECK_THROWS_AS(parse_lab_argument("=eve"), plateau::Error);
    CHECK_THROWS_AS(parse_lab_argument("a/b=eve"), plateau::Error);
}

TEST_CASE("lab_usage: scontrol show config values and option checks", TEST_GROUP) {
    const std::string config = "JobCompHost             = localhost\nJobCompLoc              = /var/log/slurm/jobcomp.txt\n"
                               "JobCompType             = jobcomp/filetxt\n";
    CHECK(config_value(config, "JobCompLoc") == "/var/log/slurm/jobcomp.txt");
    CHECK(config_value(config, "JobCompType") == "jobcomp/filetxt");
    CHECK(config_value(config, "JobComp").empty());
    Options o;
    o.factors.pue = 0.5;
    CHECK_THROWS_AS(validate(o), plateau::Error);
    o.factors.pue = 1.2;
    o.years = {1969};
    CHECK_THROWS_AS(validate(o), plateau::Error);
    CHECK_THROWS_AS(parse_source("slurmdb"), plateau::Error);
}
