#include "gateway/usage.hpp"

#include "core/error.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

namespace plateau::gateway {
namespace {

using namespace Poco::Data::Keywords;

std::vector<UsageRow> grouped(Poco::Data::Session& session, const char* column, std::optional<int> year,
                              const std::string& owner) {
    std::string sql = std::string("SELECT ") + column +
                      ", CAST(strftime('%Y', finished_ms / 1000, 'unixepoch') AS INTEGER) AS year, COUNT(*), "
                      "COALESCE(SUM(cpu_seconds), 0) / 3600.0, COALESCE(SUM(elapsed_seconds), 0) / 3600.0, "
                      "SUM(CASE WHEN cpu_seconds IS NULL THEN 1 ELSE 0 END), MAX(max_rss_kb) "
                      "FROM jobs WHERE finished_ms IS NOT NULL";
    if (year) sql += " AND year = ?";
    if (!owner.empty()) sql += " AND owner = ?";
    sql += std::string(" GROUP BY ") + column + ", year ORDER BY year, " + column;
    Poco::Data::Statement select(session);
    int wanted = year.value_or(0);
    select << sql;
    if (year) select, use(wanted);
    if (!owner.empty()) select, bind(owner);
    select.execute();
    Poco::Data::RecordSet rs(select);
    std::vector<UsageRow> rows;
    for (std::size_t row = 0; row < rs.rowCount(); ++row) {
        UsageRow u;
        u.key = rs.value(0, row).isEmpty() ? std::string{} : rs.value(0, row).convert<std::string>();
        u.year = rs.value(1, row).convert<int>();
        u.jobs = rs.value(2, row).convert<Poco::Int64>();
        u.cpu_hours = rs.value(3, row).convert<double>();
        u.elapsed_hours = rs.value(4, row).convert<double>();
        u.jobs_without_cpu = rs.value(5, row).convert<Poco::Int64>();
        if (!rs.value(6, row).isEmpty()) u.peak_rss_kb = rs.value(6, row).convert<Poco::Int64>();
        rows.push_back(std::move(u));
    }
    return rows;
}

}  // namespace

UsageReport usage_report(Database& db, std::optional<int> year, const std::string& owner) {
    try {
        return db.with_session([&](Poco::Data::Session& session) {
            UsageReport report;
            report.by_user = grouped(session, "user_name", year, owner);
            report.by_group = grouped(session, "group_name", year, owner);
            return report;
        });
    } catch (const Poco::Exception& e) {
        throw_io_error("usage report: " + e.displayText());
    }
}

}  // namespace plateau::gateway
