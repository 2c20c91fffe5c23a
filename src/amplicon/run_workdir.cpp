#include "amplicon/run_workdir.hpp"

#include "core/error.hpp"
#include "core/log.hpp"

#include <filesystem>
#include <system_error>

namespace plateau::amplicon {

namespace fs = std::filesystem;

RunWorkDir::RunWorkDir(const std::string& outdir, bool keep)
    : m_outdir(outdir), m_work((fs::path(outdir) / "work").string()), m_keep(keep) {
    std::error_code ec;
    fs::create_directories(fs::path(m_work) / "out", ec);
    if (ec) throw_io_error(m_work + ": cannot create the work folder: " + ec.message());
}

RunWorkDir::~RunWorkDir() {
    if (m_keep) {
        std::error_code ec;
        fs::remove_all(fs::path(m_work) / "out", ec);  // empty after publish(); partial outputs otherwise
        return;
    }
    std::error_code ec;
    fs::remove_all(m_work, ec);
    if (ec) core::log_warn("amplicon", m_work + ": could not remove the work folder: " + ec.message());
}

std::string RunWorkDir::work(const std::string& name) const { return (fs::path(m_work) / name).string(); }

std::string RunWorkDir::staged(const std::string& name) const { return (fs::path(m_work) / "out" / name).string(); }

void RunWorkDir::publish(const std::vector<std::string>& names) const {
    for (const std::string& name : names) {
        const fs::path to = fs::path(m_outdir) / name;
        std::error_code ec;
        fs::rename(staged(name), to, ec);
        if (ec) throw_io_error(to.string() + ": cannot move the output into place: " + ec.message());
    }
}

}  // namespace plateau::amplicon
