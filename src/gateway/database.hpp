// The SQLite database (through Poco::Data) behind the job store and the audit log: WAL journal,
// a versioned schema migrated at open, and one session serialised by a mutex.
// With synchronous=NORMAL in WAL mode a committed transaction survives the process being killed
// (SIGKILL) at any moment; synchronous=FULL also survives power loss.
#pragma once

#include <Poco/Data/Session.h>

#include <filesystem>
#include <mutex>

namespace plateau::gateway {

class Database {
public:
    static constexpr int k_schema_version = 3;

    // Opens (creating) the database file and migrates it. Throws plateau::Error(Io) naming the
    // file, or Unsupported if it was written by a newer gateway.
    Database(const std::filesystem::path& file, bool synchronous_full);

    template <typename F>
    auto with_session(F&& f) {
        std::lock_guard lock(m_mutex);
        return f(m_session);
    }

    [[nodiscard]] int schema_version();
    [[nodiscard]] const std::filesystem::path& file() const { return m_file; }

private:
    void migrate();
    std::filesystem::path m_file;
    std::mutex m_mutex;
    Poco::Data::Session m_session;
};

}  // namespace plateau::gateway
