#include "core/error.hpp"
#include "gateway/config.hpp"
#include "gateway/job_script.hpp"
#include "test_support.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>
#include <catch2/catch.hpp>

#include <fstream>

using namespace plateau::gateway;
using plateau::gateway::test::TempDir;

#define TEST_GROUP "[gateway][config]"

namespace {
Poco::AutoPtr<Poco::Util::MapConfiguration> map(std::initializer_list<std::pair<const char*, const char*>> kv) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
    for (const auto& [k, v] : kv) c->setString(k, v);
    return c;
}
}  // namespace

TEST_CASE("config: defaults and overrides", TEST_GROUP) {
    auto c = load_config(*map({{"auth.token", "x"}}));
    validate(c);
    CHECK(c.port == 8913);
    CHECK(c.bind == "127.0.0.1");
    CHECK(c.executor == ExecutorKind::local);
    CHECK(c.staging_dir == c.data_dir / "jobs");
    CHECK(c.local.max_concurrent >= 1);
    CHECK(c.tokens.size() == 1);
    CHECK(c.tokens[0].name == "galaxy");
    c = load_config(*map({{"auth.token", "x"}, {"executor.type", "slurm"}, {"slurm.sbatch_args", "--qos=low  -A lab"},
                          {"server.port", "0"}, {"store.synchronous", "full"}, {"jobs.staging_dir", "/scratch/jobs"}}));
    validate(c);
    CHECK(c.executor == ExecutorKind::slurm);
    CHECK(c.slurm.sbatch_args == std::vector<std::string>{"--qos=low", "-A", "lab"});
    CHECK(c.synchronous_full);
    CHECK(c.staging_dir == "/scratch/jobs");
}

TEST_CASE("config: bad values are named", TEST_GROUP) {
    CHECK_THROWS_WITH(load_config(*map({{"executor.type", "pbs"}})), Catch::Contains("executor.type"));
    CHECK_THROWS_WITH(load_config(*map({{"server.port", "eighty"}})), Catch::Contains("server.port"));
    auto c = load_config(*map({{"auth.token", "x"}, {"server.port", "70000"}}));
    CHECK_THROWS_WITH(validate(c), Catch::Contains("server.port = 70000 is out of range"));
    c = load_config(*map({}));
    CHECK_THROWS_WITH(validate(c), Catch::Contains("no token configured"));
    c = load_config(*map({{"auth.allow_anonymous", "true"}}));
    CHECK_NOTHROW(validate(c));
    c = load_config(*map({{"auth.allow_anonymous", "true"}, {"auth.token", "x"}}));
    CHECK_THROWS_AS(validate(c), plateau::Error);
}

TEST_CASE("config: token file with names and groups", TEST_GROUP) {
    TempDir dir;
    const auto file = dir.path() / "tokens";
    std::ofstream(file) << "# name group secret\ngalaxy-main core-facility abc123\n\nlab-x - def456  # no group\n";
    auto c = load_config(*map({{"auth.token_file", file.c_str()}}));
    REQUIRE(c.tokens.size() == 2);
    CHECK(c.tokens[0].name == "galaxy-main");
    CHECK(c.tokens[0].group == "core-facility");
    CHECK(c.tokens[0].secret_sha256 == token_digest("abc123"));
    CHECK(c.tokens[1].group.empty());
    std::ofstream(file) << "only two\n";
    CHECK_THROWS_WITH(load_config(*map({{"auth.token_file", file.c_str()}})), Catch::Contains(":1: expected"));
}

TEST_CASE("job_script: Galaxy's environment and the return code file", TEST_GROUP) {
    ScriptSpec spec{"42", 1, JobLayout{"/stg/42"}, "echo hi", {{"A", "it's", false}, {"B", "$HOME/x", true}}};
    const std::string s = render_job_script(spec);
    CHECK(s.starts_with("#!/bin/bash\n"));
    CHECK(s.find("cd '/stg/42/working' || exit 1") != std::string::npos);
    CHECK(s.find("_GALAXY_JOB_HOME_DIR='/stg/42/working/home'") != std::string::npos);
    CHECK(s.find("_GALAXY_JOB_TMP_DIR='/stg/42/working/tmp'") != std::string::npos);
    CHECK(s.find("export _GALAXY_JOB_HOME_DIR _GALAXY_JOB_TMP_DIR") != std::string::npos);
    CHECK(s.find("export GALAXY_SLOTS") != std::string::npos);
    CHECK(s.find("A='it'\\''s'; export A") != std::string::npos);
    CHECK(s.find("B=$HOME/x; export B") != std::string::npos);
    CHECK(s.find("(\necho hi\n)\nreturn_code=$?") != std::string::npos);
    CHECK(s.find("mv -f \"$_plateau_job_dir/return_code.tmp\" \"$_plateau_job_dir/return_code\"") != std::string::npos);
    spec.env = {{"1BAD", "x", false}};
    CHECK_THROWS_AS(render_job_script(spec), plateau::Error);
    CHECK(shell_quote("a'b") == "'a'\\''b'");
}
