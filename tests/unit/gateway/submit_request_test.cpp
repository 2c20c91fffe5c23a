#include "core/error.hpp"
#include "gateway/submit_request.hpp"

#include <catch2/catch.hpp>

using namespace plateau::gateway;
using nlohmann::json;

#define TEST_GROUP "[gateway][submit_request]"

TEST_CASE("submit_request: walltime in seconds or Slurm's notation, within 1 s .. 366 days", TEST_GROUP) {
    CHECK(parse_resources(json{{"walltime", 3600}}, false, true).walltime_seconds == 3600);
    CHECK(parse_resources(json{{"walltime", "3600"}}, false, true).walltime_seconds == 3600);
    CHECK(parse_resources(json{{"walltime", "01:30:00"}}, false, true).walltime_seconds == 5400);
    CHECK(parse_resources(json{{"walltime", "2-00:00:00"}}, false, true).walltime_seconds == 2 * 86400);
    CHECK(parse_resources(json{{"walltime", k_max_walltime_seconds}}, false, true).walltime_seconds == k_max_walltime_seconds);
    for (const json& bad : {json(0), json(-1), json(k_max_walltime_seconds + 1), json(10'000'000'000LL), json("0"),
                            json("soon"), json(1.5), json::array()}) {
        CAPTURE(bad.dump());
        CHECK_THROWS_AS(parse_resources(json{{"walltime", bad}}, false, true), plateau::Error);
    }
    CHECK_THROWS_WITH(parse_resources(json{{"walltime", -1}}, false, true), Catch::Contains("params.walltime"));
    CHECK_FALSE(parse_resources(json::object(), false, true).walltime_seconds);
    CHECK_FALSE(parse_resources(json{{"walltime", ""}}, false, true).walltime_seconds);
}

TEST_CASE("submit_request: slots and memory within their ranges", TEST_GROUP) {
    const JobResources r = parse_resources(json{{"slots", "8"}, {"memory_mb", 16384}}, false, true);
    CHECK(r.cpus == 8);
    CHECK(r.memory_mb == 16384);
    for (const json& bad : {json(0), json(-2), json(k_max_slots + 1), json("eight")}) {
        CAPTURE(bad.dump());
        CHECK_THROWS_WITH(parse_resources(json{{"slots", bad}}, false, true), Catch::Contains("params.slots"));
    }
    CHECK_THROWS_WITH(parse_resources(json{{"memory_mb", 0}}, false, true), Catch::Contains("params.memory_mb"));
    CHECK_THROWS_WITH(parse_resources(json{{"memory_mb", k_max_memory_mb + 1}}, false, true), Catch::Contains("params.memory_mb"));
}

TEST_CASE("submit_request: a native specification counts only for Slurm, and only when allowed", TEST_GROUP) {
    const json params{{"native_specification", "-p big --mem 8G"}};
    CHECK(parse_resources(params, true, true).native_args == std::vector<std::string>{"-p", "big", "--mem", "8G"});
    CHECK(parse_resources(params, false, true).native_args.empty());
    CHECK_THROWS_WITH(parse_resources(params, true, false), Catch::Contains("allow_native_specification"));
    CHECK_THROWS_AS(parse_resources(json{{"native_specification", "--wrap=x"}}, true, true), plateau::Error);
}

TEST_CASE("submit_request: resources_json records only what was asked", TEST_GROUP) {
    JobResources r;
    CHECK(resources_json(r) == json::object());
    r.walltime_seconds = 60;
    r.cpus = 2;
    r.native_args = {"--exclusive"};
    CHECK(resources_json(r) == json{{"walltime_seconds", 60}, {"cpus", 2}, {"native_args", {"--exclusive"}}});
}

TEST_CASE("submit_request: Galaxy's env list", TEST_GROUP) {
    const auto vars = parse_env(json::parse(R"([{"name": "A", "value": "1"}, {"name": "B", "value": "$HOME", "raw": true},
                                               {"name": "C"}])"));
    REQUIRE(vars.size() == 3);
    CHECK((vars[0].name == "A" && vars[0].value == "1" && !vars[0].raw));
    CHECK((vars[1].name == "B" && vars[1].value == "$HOME" && vars[1].raw));
    CHECK((vars[2].name == "C" && vars[2].value.empty()));
    CHECK(parse_env(json(nullptr)).empty());
    CHECK_THROWS_AS(parse_env(json::parse(R"([{"value": "1"}])")), plateau::Error);
    CHECK_THROWS_AS(parse_env(json::parse(R"([{"name": "X", "value": 5}])")), plateau::Error);
    CHECK_THROWS_AS(parse_env(json::parse(R"([{"name": ["X"]}])")), plateau::Error);
}

TEST_CASE("submit_request: remote staging setup is refused, client-side staging is fine", TEST_GROUP) {
    CHECK_NOTHROW(reject_remote_staging(json{{"action_mapper", json::object()}, {"client_outputs", json::object()}}));
    CHECK_NOTHROW(reject_remote_staging(json{{"setup", json::array()}}));
    try {
        reject_remote_staging(json{{"setup", json::array({json{{"action", "remote_transfer"}}})}});
        FAIL("remote_transfer accepted");
    } catch (const plateau::Error& e) {
        CHECK(e.code() == plateau::ErrorCode::Unsupported);
    }
}

TEST_CASE("submit_request: the jobs-directory placeholder is replaced everywhere", TEST_GROUP) {
    CHECK(substitute_jobs_directory("cd __PULSAR_JOBS_DIRECTORY__/7 && ls __PULSAR_JOBS_DIRECTORY__", "/srv/jobs") ==
          "cd /srv/jobs/7 && ls /srv/jobs");
    CHECK(substitute_jobs_directory("echo plain", "/srv/jobs") == "echo plain");
    // A replacement that contains the placeholder is not substituted again.
    CHECK(substitute_jobs_directory("__PULSAR_JOBS_DIRECTORY__", "/x/__PULSAR_JOBS_DIRECTORY__") == "/x/__PULSAR_JOBS_DIRECTORY__");
}

TEST_CASE("submit_request: numeric resources are checked for finiteness and range before conversion (issue 8)", TEST_GROUP) {
    // NaN used to become LLONG_MIN through an unchecked float-to-integer conversion.
    CHECK_THROWS_WITH(parse_resources(json{{"walltime", "NaN"}}, false, true),
                      Catch::Contains("params.walltime 'NaN' is not a duration") &&
                          !Catch::Contains("-9223372036854775808"));
    for (const char* bad : {"inf", "-inf", "1e3", "99:99:99", "1:60:00", "0:00:60", "1-24:00:00"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH(parse_resources(json{{"walltime", bad}}, false, true), Catch::Contains("is not a duration"));
    }
    CHECK(parse_resources(json{{"walltime", 7200.0}}, false, true).walltime_seconds == 7200);
    CHECK_THROWS_WITH(parse_resources(json{{"walltime", 1e300}}, false, true), Catch::Contains("is outside 1..31622400"));
    CHECK_THROWS_WITH(parse_resources(json{{"walltime", -1e300}}, false, true), Catch::Contains("is outside"));
    CHECK_THROWS_WITH(parse_resources(json{{"slots", 18446744073709551615ULL}}, false, true),
                      Catch::Contains("params.slots = 18446744073709551615 is outside 1..4096"));
    CHECK_THROWS_WITH(parse_resources(json{{"memory_mb", "99999999999999999999999"}}, false, true),
                      Catch::Contains("params.memory_mb = 99999999999999999999999 is outside"));
    CHECK_THROWS_WITH(parse_resources(json{{"memory_mb", "NaN"}}, false, true), Catch::Contains("must be an integer, not 'NaN'"));
    CHECK_THROWS_WITH(parse_resources(json{{"slots", 2.5}}, false, true), Catch::Contains("must be an integer"));
    CHECK_THROWS_WITH(parse_resources(json{{"slots", true}}, false, true), Catch::Contains("params.slots must be an integer"));
    CHECK(parse_resources(json{{"slots", 4.0}, {"memory_mb", "512"}}, false, true).cpus == 4);
}

TEST_CASE("submit_request: env entries of the wrong JSON type are refused by name (issue 8)", TEST_GROUP) {
    CHECK_THROWS_WITH(parse_env(json::parse(R"([{"name": "A", "value": "1", "raw": "yes"}])")),
                      Catch::Contains("env[0].raw must be true or false, not \"yes\""));
    CHECK_THROWS_WITH(parse_env(json::parse(R"([{"name": "A"}, {"name": "B", "raw": 1}])")), Catch::Contains("env[1].raw"));
    CHECK_THROWS_WITH(parse_env(json::parse(R"([{"name": "A", "value": 5}])")), Catch::Contains("env[0].value must be a string"));
    CHECK_THROWS_WITH(parse_env(json::parse(R"([{"name": ["A"]}])")), Catch::Contains("env[0].name must be a string"));
    CHECK_THROWS_AS(parse_env(json::parse(R"([{"name": "A", "raw": null}])")), plateau::Error);
    const auto vars = parse_env(json::parse(R"([{"name": "A", "value": "x", "raw": false}])"));
    REQUIRE(vars.size() == 1);
    CHECK_FALSE(vars[0].raw);
}

TEST_CASE("submit_request: an empty or blank command line is refused (issue 8)", TEST_GROUP) {
    for (const char* blank : {"", " ", "\t\n", "  \r\n  "}) {
        CAPTURE(blank);
        CHECK_THROWS_WITH(check_command_line(blank), Catch::Contains("command_line is empty"));
    }
    CHECK_NOTHROW(check_command_line("true"));
    CHECK_NOTHROW(check_command_line("  echo hi  "));
}
