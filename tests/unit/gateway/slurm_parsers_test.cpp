// Slurm output parsers, on text captured from Slurm 22.05 on this machine
// (shared/docs/slurm-and-containers.md) and from the sacct/squeue manual formats.
#include "core/error.hpp"
#include "gateway/executors/slurm_parsers.hpp"

#include <catch2/catch.hpp>

using namespace plateau::gateway;
using namespace plateau::gateway::slurm;

#define TEST_GROUP "[gateway][slurm_parsers]"

TEST_CASE("slurm_parsers: sbatch --parsable", TEST_GROUP) {
    CHECK(parse_sbatch_parsable("1\n") == "1");
    CHECK(parse_sbatch_parsable("12345;cluster_a\n") == "12345");
    CHECK_FALSE(parse_sbatch_parsable(""));
    CHECK_FALSE(parse_sbatch_parsable("sbatch: error: Batch job submission failed\n"));
    CHECK(parse_sbatch_parsable("sbatch: warning: something\n77\n") == "77");
}

TEST_CASE("slurm_parsers: squeue -t all -o '%i|%T|%r|%M'", TEST_GROUP) {
    const auto lines = parse_squeue("1|PENDING|None|0:00\n2|RUNNING|None|1:02\n3|FAILED|NonZeroExitCode|1-02:03:04\n\n"
                                    "garbage\n4|CANCELLED by 0|None|0:01\n");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].job_id == "1");
    CHECK(lines[0].state == "PENDING");
    CHECK(lines[1].elapsed_seconds == Approx(62));
    CHECK(lines[2].reason == "NonZeroExitCode");
    CHECK(lines[2].elapsed_seconds == Approx(86400 + 7384));
    CHECK(lines[3].state == "CANCELLED");
}

TEST_CASE("slurm_parsers: durations", TEST_GROUP) {
    CHECK(parse_duration("00:00:01") == Approx(1));
    CHECK(parse_duration("05:07") == Approx(307));
    CHECK(parse_duration("1:02:03") == Approx(3723));
    CHECK(parse_duration("2-00:00:00") == Approx(172800));
    CHECK(parse_duration("1-2") == Approx(93600));
    CHECK(parse_duration("00:01.500") == Approx(1.5));
    CHECK_FALSE(parse_duration("UNLIMITED"));
    CHECK_FALSE(parse_duration("INVALID"));
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("1:2:3:4"));
    CHECK_FALSE(parse_duration("ab:cd"));
}

TEST_CASE("slurm_parsers: memory sizes to KiB", TEST_GROUP) {
    CHECK(parse_memory_kb("1234K") == 1234);
    CHECK(parse_memory_kb("12M") == 12 * 1024);
    CHECK(parse_memory_kb("1.5G") == 1572864);
    CHECK(parse_memory_kb("2048") == 2);
    CHECK(parse_memory_kb("0") == 0);
    CHECK_FALSE(parse_memory_kb(""));
    CHECK_FALSE(parse_memory_kb("lots"));
}

TEST_CASE("slurm_parsers: sacct -c (jobcomp) record", TEST_GROUP) {
    const auto rec = parse_sacct("1|FAILED|3:0|00:00:01\n", "1");
    REQUIRE(rec);
    CHECK(rec->state == "FAILED");
    CHECK(rec->exit_code == 3);
    CHECK(rec->exit_signal == 0);
    CHECK(rec->elapsed_seconds == Approx(1));
    CHECK_FALSE(rec->total_cpu_seconds);
    CHECK_FALSE(parse_sacct("", "1"));
    CHECK_FALSE(parse_sacct("11|COMPLETED|0:0|00:00:01\n", "1"));  // another job, not a step
    const auto timeout = parse_sacct("8|TIMEOUT|0:0|00:01:13\n", "8");
    REQUIRE(timeout);
    CHECK(timeout->state == "TIMEOUT");
    const auto cancelled = parse_sacct("9|CANCELLED by 0|0:15|00:00:03\n", "9");
    REQUIRE(cancelled);
    CHECK(cancelled->state == "CANCELLED");
    CHECK(cancelled->exit_signal == 15);
}

TEST_CASE("slurm_parsers: sacct with accounting storage: steps give MaxRSS and CPU", TEST_GROUP) {
    const char* out =
        "42|OUT_OF_MEMORY|0:125|00:02:00|01:30.250|\n"
        "42.batch|OUT_OF_MEMORY|0:125|00:02:00|01:30.250|2097152K\n"
        "42.extern|COMPLETED|0:0|00:02:00|00:00:00|1024K\n";
    const auto rec = parse_sacct(out, "42");
    REQUIRE(rec);
    CHECK(rec->state == "OUT_OF_MEMORY");
    CHECK(rec->total_cpu_seconds == Approx(90.25));
    CHECK(rec->max_rss_kb == 2097152);
    CHECK(rec->elapsed_seconds == Approx(120));
}

TEST_CASE("slurm_parsers: Slurm states map to phases and failure reasons", TEST_GROUP) {
    using Row = std::tuple<std::string, bool, ExecutorPhase, std::string, bool>;
    const auto [state, cancel_requested, phase, reason, cancelled] = GENERATE(table<std::string, bool, ExecutorPhase, std::string, bool>({
        Row{"PENDING", false, ExecutorPhase::queued, "", false},
        Row{"REQUEUED", false, ExecutorPhase::queued, "", false},
        Row{"RUNNING", false, ExecutorPhase::running, "", false},
        Row{"COMPLETING", false, ExecutorPhase::running, "", false},
        Row{"CONFIGURING", false, ExecutorPhase::running, "", false},
        Row{"SUSPENDED", false, ExecutorPhase::running, "", false},
        Row{"COMPLETED", false, ExecutorPhase::finished, "", false},
        Row{"FAILED", false, ExecutorPhase::finished, "", false},
        Row{"TIMEOUT", false, ExecutorPhase::finished, "walltime_reached", false},
        Row{"OUT_OF_MEMORY", false, ExecutorPhase::finished, "memory_limit_reached", false},
        Row{"NODE_FAIL", false, ExecutorPhase::finished, "node_failure", false},
        Row{"PREEMPTED", false, ExecutorPhase::finished, "preempted", false},
        Row{"BOOT_FAIL", false, ExecutorPhase::finished, "boot_failure", false},
        Row{"DEADLINE", false, ExecutorPhase::finished, "deadline_reached", false},
        Row{"CANCELLED", false, ExecutorPhase::finished, "cancelled_by_scheduler", false},
        Row{"CANCELLED", true, ExecutorPhase::finished, "", true},
        Row{"CANCELLED by 0", true, ExecutorPhase::finished, "", true},
        Row{"TIMEOUT", true, ExecutorPhase::finished, "walltime_reached", false},
    }));
    CAPTURE(state, cancel_requested);
    const auto verdict = classify_state(state, "", cancel_requested);
    REQUIRE(verdict);
    CHECK(verdict->phase == phase);
    CHECK(verdict->failure_reason == reason);
    CHECK(verdict->cancelled == cancelled);
    CHECK_FALSE(classify_state("SOMETHING_NEW", "", false));
}

TEST_CASE("slurm_parsers: native specification whitelist", TEST_GROUP) {
    CHECK(checked_native_specification("-p big --time=1:00:00 -c 4 --mem 8G") ==
          std::vector<std::string>{"-p", "big", "--time=1:00:00", "-c", "4", "--mem", "8G"});
    CHECK(checked_native_specification("-pdebug --hold --exclusive") ==
          std::vector<std::string>{"-pdebug", "--hold", "--exclusive"});
    CHECK(checked_native_specification("--constraint='a&b'") == std::vector<std::string>{"--constraint=a&b"});
    CHECK(checked_native_specification("").empty());
    CHECK(checked_native_specification("--exclusive=user") == std::vector<std::string>{"--exclusive=user"});
    for (const char* bad : {"-o /etc/cron.d/x", "--output=/tmp/x", "-e x", "--error=x", "-D /", "--chdir=/",
                            "--wrap='rm -rf /'", "--export=ALL", "-J name", "--uid=0", "--array=1-3", "plain",
                            "-p", "--gres=gpu:1 --dependency=afterok:1", "--time='1:00",
                            // flags with text attached would be read by sbatch as bundled options
                            "-Ho/tmp/evil.out", "-HD/", "-Ha0-9999", "-Hi/etc/shadow", "--hold=1"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(checked_native_specification(bad), plateau::Error);
    }
    CHECK_THROWS_WITH(checked_native_specification("--wrap=x"), Catch::Contains("'--wrap' is not allowed"));
}

TEST_CASE("slurm_parsers: walltime and bash times", TEST_GROUP) {
    CHECK(parse_walltime("3600") == 3600);
    CHECK(parse_walltime("90:00") == 5400);
    CHECK(parse_walltime("1-00:00:00") == 86400);
    CHECK_FALSE(parse_walltime("soon"));
    CHECK(parse_bash_times("0m0.001s 0m0.002s\n1m2.500s 0m0.250s\n") == Approx(62.75));
    CHECK_FALSE(parse_bash_times("0m0.001s 0m0.002s\n"));
    CHECK_FALSE(parse_bash_times("nonsense\nmore nonsense\n"));
}

TEST_CASE("slurm_parsers: walltime accepts Slurm's --time forms only (issue 8)", TEST_GROUP) {
    CHECK(parse_walltime("59") == 59);
    CHECK(parse_walltime("100:59") == 100 * 60 + 59);
    CHECK(parse_walltime("48:00:00") == 48 * 3600);  // hours are not bounded without days
    CHECK(parse_walltime("1-12") == 86400 + 12 * 3600);
    CHECK(parse_walltime("1-12:30") == 86400 + 12 * 3600 + 30 * 60);
    CHECK(parse_walltime("2-23:59:59") == 2 * 86400 + 23 * 3600 + 59 * 60 + 59);
    CHECK(parse_walltime(" 01:30:00 ") == 5400);
    for (const char* bad : {"99:99:99", "1:60:00", "1:00:60", "0:75", "1-24:00:00", "1-00:60", "NaN", "nan", "inf",
                            "-inf", "1e3", "1.5", "01:30:00.5", "-5", "+5", "1-", "-1:00", "1:2:3:4", "1-2-3", "",
                            ":", "1::0", "0x10", "9999999999", "1-99999999999"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_walltime(bad));
    }
}
