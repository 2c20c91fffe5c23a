#include "core/error.hpp"
#include "gateway/audit.hpp"
#include "gateway/database.hpp"
#include "gateway/job_store.hpp"
#include "gateway/usage.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace plateau::gateway;
using plateau::gateway::test::TempDir;

#define TEST_GROUP "[gateway][job_store]"

namespace {
JobRecord new_job(const std::string& id, const std::string& user = "alice", const std::string& group = "lab_a") {
    JobRecord r;
    r.job_id = id;
    r.user = user;
    r.group = group;
    r.executor = "local";
    r.tool_id = "cat1";
    return r;
}
}  // namespace

TEST_CASE("job_store: WAL journal and a versioned schema", TEST_GROUP) {
    TempDir dir;
    Database db(dir.path() / "g.sqlite3", false);
    CHECK(db.schema_version() == Database::k_schema_version);
    std::string mode;
    db.with_session([&](Poco::Data::Session& s) {
        using namespace Poco::Data::Keywords;
        s << "PRAGMA journal_mode", into(mode), now;
    });
    CHECK(mode == "wal");
}

TEST_CASE("job_store: a newer schema is refused", TEST_GROUP) {
    TempDir dir;
    {
        Database db(dir.path() / "g.sqlite3", false);
        db.with_session([](Poco::Data::Session& s) { s << "PRAGMA user_version=99", Poco::Data::Keywords::now; });
    }
    CHECK_THROWS_WITH(Database(dir.path() / "g.sqlite3", false), Catch::Contains("schema version 99"));
}

TEST_CASE("job_store: a version-1 store gains job owners, each job owned by its user", TEST_GROUP) {
    TempDir dir;
    const auto file = dir.path() / "g.sqlite3";
    {
        Database db(file, false);
        JobStore store(db);
        (void)store.insert_attempt(new_job("7", "galaxy-a"));
        // Back to the version-1 layout: no owner column.
        db.with_session([](Poco::Data::Session& s) {
            using namespace Poco::Data::Keywords;
            s << "ALTER TABLE jobs DROP COLUMN owner", now;
            s << "DROP TABLE uploads", now;
            s << "DROP TABLE datasets", now;
            s << "PRAGMA user_version=1", now;
        });
    }
    Database db(file, false);
    CHECK(db.schema_version() == Database::k_schema_version);
    JobStore store(db);
    const auto job = store.find("7");
    REQUIRE(job);
    CHECK(job->owner == "galaxy-a");
}

TEST_CASE("job_store: the owner is stored with a new job and survives a reopen", TEST_GROUP) {
    TempDir dir;
    const auto file = dir.path() / "g.sqlite3";
    {
        Database db(file, false);
        JobStore store(db);
        JobRecord r = new_job("8", "accounted-user");
        r.owner = "galaxy-b";
        (void)store.insert_attempt(r);
    }
    Database db(file, false);
    JobStore store(db);
    const auto job = store.find("8");
    REQUIRE(job);
    CHECK(job->owner == "galaxy-b");
    CHECK(job->user == "accounted-user");
}

TEST_CASE("job_store: every field survives a reopen (what a restart sees)", TEST_GROUP) {
    TempDir dir;
    const auto file = dir.path() / "g.sqlite3";
    {
        Database db(file, false);
        JobStore store(db);
        JobRecord r = store.insert_attempt(new_job("42"));
        CHECK(r.attempt == 1);
        CHECK(r.row_id > 0);
        r.state = JobState::failed;
        r.external_id = "1234";
        r.return_code = 3;
        r.failure_reason = "walltime_reached";
        r.failure_detail = "killed at its time limit";
        r.cancel_requested = true;
        r.submitted_ms = 1000;
        r.started_ms = 2000;
        r.finished_ms = 5000;
        r.cpu_seconds = 12.5;
        r.elapsed_seconds = 3.0;
        r.max_rss_kb = 2048;
        r.launch = R"({"command_line":"true"})";
        store.save(r);
    }
    Database db(file, false);
    JobStore store(db);
    const auto r = store.find("42");
    REQUIRE(r);
    CHECK(r->state == JobState::failed);
    CHECK(r->external_id == "1234");
    CHECK(r->return_code == 3);
    CHECK(r->failure_reason == "walltime_reached");
    CHECK(r->failure_detail == "killed at its time limit");
    CHECK(r->cancel_requested);
    CHECK(r->submitted_ms == 1000);
    CHECK(r->started_ms == 2000);
    CHECK(r->finished_ms == 5000);
    CHECK(r->cpu_seconds == Approx(12.5));
    CHECK(r->elapsed_seconds == Approx(3.0));
    CHECK(r->max_rss_kb == 2048);
    CHECK(r->launch == R"({"command_line":"true"})");
    CHECK(r->user == "alice");
    CHECK(r->group == "lab_a");
    CHECK_FALSE(r->cleaned_ms);
}

TEST_CASE("job_store: NULLs stay NULL", TEST_GROUP) {
    TempDir dir;
    Database db(dir.path() / "g.sqlite3", false);
    JobStore store(db);
    store.insert_attempt(new_job("1"));
    JobStore reopened(db);
    const auto r = reopened.find("1");
    REQUIRE(r);
    CHECK_FALSE(r->return_code);
    CHECK_FALSE(r->cpu_seconds);
    CHECK_FALSE(r->max_rss_kb);
    CHECK_FALSE(r->finished_ms);
}

TEST_CASE("job_store: a new attempt replaces the active one; cleaned jobs leave the cache", TEST_GROUP) {
    TempDir dir;
    Database db(dir.path() / "g.sqlite3", false);
    JobStore store(db);
    JobRecord first = store.insert_attempt(new_job("7"));
    first.state = JobState::failed;
    store.save(first);
    const JobRecord second = store.insert_attempt(new_job("7"));
    CHECK(second.attempt == 2);
    CHECK(store.find("7")->row_id == second.row_id);
    // A late save of the old attempt must not take the cache back.
    first.failure_reason = "late";
    store.save(first);
    CHECK(store.find("7")->row_id == second.row_id);
    const auto attempts = store.attempts("7");
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[0].attempt == 2);
    CHECK_FALSE(attempts[1].active);
    JobRecord current = *store.find("7");
    current.active = false;
    current.cleaned_ms = 99;
    store.save(current);
    CHECK_FALSE(store.find("7"));
    CHECK(JobStore(db).active_jobs().empty());
}

TEST_CASE("job_store: query filters", TEST_GROUP) {
    TempDir dir;
    Database db(dir.path() / "g.sqlite3", false);
    JobStore store(db);
    for (int i = 0; i < 10; ++i) {
        JobRecord r = store.insert_attempt(new_job(std::to_string(i), i % 2 ? "bob" : "alice", i % 3 ? "lab_b" : "lab_a"));
        r.state = i < 4 ? JobState::complete : JobState::queued;
        store.save(r);
    }
    JobQuery q;
    CHECK(store.query(q).size() == 10);
    q.state = JobState::complete;
    CHECK(store.query(q).size() == 4);
    q = {};
    q.user = "bob";
    CHECK(store.query(q).size() == 5);
    q.group = "lab_a";
    CHECK(store.query(q).size() == 2);  // 3 and 9
    q = {};
    q.limit = 3;
    q.offset = 8;
    CHECK(store.query(q).size() == 2);
    CHECK(store.count_active_by_state()[JobState::queued] == 6);
}

TEST_CASE("audit: entries in order, per job", TEST_GROUP) {
    TempDir dir;
    Database db(dir.path() / "g.sqlite3", false);
    AuditLog audit(db);
    audit.record("1", 1, "galaxy", "job.created", R"({"tool_id":"cat1"})");
    audit.record("2", 1, "galaxy", "job.created", "{}");
    audit.record("1", 1, "galaxy", "file.staged", R"({"size":5})");
    const auto entries = audit.for_job("1");
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].action == "job.created");
    CHECK(entries[1].action == "file.staged");
    CHECK(entries[1].detail == R"({"size":5})");
    CHECK(entries[0].seq < entries[1].seq);
    CHECK(audit.for_job("1", entries[0].seq).size() == 1);
}

TEST_CASE("usage: CPU-hours per user and group per year", TEST_GROUP) {
    TempDir dir;
    Database db(dir.path() / "g.sqlite3", false);
    JobStore store(db);
    // 2025-06-01 and 2026-03-01 UTC, in milliseconds.
    const std::int64_t y2025 = 1748736000000;
    const std::int64_t y2026 = 1772323200000;
    auto finished = [&](const std::string& id, const std::string& user, const std::string& group, std::int64_t at,
                        std::optional<double> cpu) {
        JobRecord r = store.insert_attempt(new_job(id, user, group));
        r.state = JobState::complete;
        r.finished_ms = at;
        r.cpu_seconds = cpu;
        r.elapsed_seconds = 1800;
        store.save(r);
    };
    finished("1", "alice", "lab_a", y2025, 3600);
    finished("2", "alice", "lab_a", y2025, 7200);
    finished("3", "bob", "lab_a", y2025, 1800);
    finished("4", "alice", "lab_a", y2026, 360);
    finished("5", "carol", "lab_b", y2026, std::nullopt);
    store.insert_attempt(new_job("6"));  // unfinished: not counted

    const auto all = usage_report(db, std::nullopt);
    REQUIRE(all.by_user.size() == 4);  // alice 2025, bob 2025, alice 2026, carol 2026
    const auto y25 = usage_report(db, 2025);
    REQUIRE(y25.by_user.size() == 2);
    CHECK(y25.by_user[0].key == "alice");
    CHECK(y25.by_user[0].cpu_hours == Approx(3.0));
    CHECK(y25.by_user[0].jobs == 2);
    CHECK(y25.by_user[0].elapsed_hours == Approx(1.0));
    CHECK(y25.by_user[1].key == "bob");
    CHECK(y25.by_user[1].cpu_hours == Approx(0.5));
    REQUIRE(y25.by_group.size() == 1);
    CHECK(y25.by_group[0].key == "lab_a");
    CHECK(y25.by_group[0].cpu_hours == Approx(3.5));
    const auto y26 = usage_report(db, 2026);
    REQUIRE(y26.by_group.size() == 2);
    CHECK(y26.by_group[1].key == "lab_b");
    CHECK(y26.by_group[1].jobs_without_cpu == 1);
    CHECK(y26.by_group[1].cpu_hours == Approx(0.0));
}

TEST_CASE("job_store: a job's change and its audit entries commit together or not at all (issue 8)", TEST_GROUP) {
    TempDir dir;
    Database db(dir.path() / "g.sqlite3", false);
    JobStore store(db);
    AuditLog audit(db);
    auto entry = [](const std::string& action) {
        AuditEntry e;
        e.job_id = "7";
        e.attempt = 1;
        e.actor = "galaxy";
        e.action = action;
        e.detail = "{}";
        return e;
    };
    JobRecord r = store.insert_attempt(new_job("7"), {entry("job.created")});
    REQUIRE(audit.for_job("7").size() == 1);
    CHECK(audit.for_job("7")[0].attempt == r.attempt);
    // The second insert of the transaction fails (as a crash would cut it short): nothing stays.
    db.with_session([](Poco::Data::Session& s) {
        using namespace Poco::Data::Keywords;
        s << "CREATE TRIGGER refuse BEFORE INSERT ON audit WHEN NEW.action = 'boom' "
             "BEGIN SELECT RAISE(ABORT, 'refused'); END", now;
    });
    r.state = JobState::queued;
    r.launch = R"({"command_line":"true"})";
    CHECK_THROWS_AS(store.save(r, {entry("job.state"), entry("boom")}), plateau::Error);
    CHECK(audit.for_job("7").size() == 1);
    CHECK(store.find("7")->state == JobState::preprocessing);
    CHECK(store.attempts("7").front().state == JobState::preprocessing);
    CHECK(store.attempts("7").front().launch.empty());
    // Without the failure both are written.
    store.save(r, {entry("job.state"), entry("job.submitted")});
    const auto entries = audit.for_job("7");
    REQUIRE(entries.size() == 3);
    CHECK((entries[1].action == "job.state" && entries[2].action == "job.submitted"));
    CHECK(store.attempts("7").front().state == JobState::queued);
    CHECK(store.find("7")->state == JobState::queued);
}
