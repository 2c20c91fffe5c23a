#include "stage/upload_state.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "stage/sha256.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace plateau::stage {

std::string state_folder(const std::string& configured) {
    std::string folder = configured;
    if (folder.empty()) {
        const char* xdg = std::getenv("XDG_CACHE_HOME");
        const char* home = std::getenv("HOME");
        if (xdg && *xdg) folder = std::string(xdg) + "/plateau-stage";
        else if (home && *home) folder = std::string(home) + "/.cache/plateau-stage";
        else throw_usage_error("no --state-dir given and neither XDG_CACHE_HOME nor HOME is set");
    }
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw_io_error(folder + ": cannot create the state folder: " + ec.message());
    return folder;
}

std::string state_file(const std::string& folder, const std::string& server, const std::string& path) {
    Sha256 sha;
    const std::string key = server + '\n' + path;
    sha.update(key.data(), key.size());
    return folder + "/" + sha.hex().substr(0, 32) + ".json";
}

std::optional<UploadState> load_state(const std::string& file) {
    std::ifstream in(file);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object() || j.value("plateau_stage_state", 0) != 1) return std::nullopt;
    try {
        UploadState s;
        s.server = j.at("server").get<std::string>();
        s.path = j.at("path").get<std::string>();
        s.name = j.at("name").get<std::string>();
        s.size = j.at("size").get<std::uint64_t>();
        s.mtime_ns = j.at("mtime_ns").get<std::int64_t>();
        s.part_size = j.at("part_size").get<std::uint64_t>();
        s.concatenated = j.at("concatenated").get<bool>();
        s.dataset = j.value("dataset", "");
        s.final_url = j.value("final_url", "");
        for (const auto& p : j.at("parts"))
            s.parts.push_back({p.at("first").get<std::uint64_t>(), p.at("length").get<std::uint64_t>(),
                               p.at("url").get<std::string>(), p.at("offset").get<std::uint64_t>()});
        return s;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

void save_state(const std::string& file, const UploadState& s) {
    nlohmann::json parts = nlohmann::json::array();
    for (const PartState& p : s.parts)
        parts.push_back({{"first", p.first}, {"length", p.length}, {"url", p.url}, {"offset", p.offset}});
    const nlohmann::json j = {{"plateau_stage_state", 1}, {"server", s.server},   {"path", s.path},
                              {"name", s.name},           {"size", s.size},       {"mtime_ns", s.mtime_ns},
                              {"part_size", s.part_size}, {"concatenated", s.concatenated},
                              {"parts", parts},           {"final_url", s.final_url},
                              {"dataset", s.dataset}};
    core::write_file_atomically(file, j.dump(1) + "\n");
}

void remove_state(const std::string& file) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
}

}  // namespace plateau::stage
