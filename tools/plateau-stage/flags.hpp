// plateau-stage's flags: the server (--url, --token, --token-file, --retries, --timeout,
// --limit-rate) on the tool, then one subcommand: upload, list, download, delete, link.
#pragma once

#include "stage/api.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace plateau::stage_cli {

struct StageFlags {
    stage::ServerOptions server;
    stage::UploadOptions upload;
    stage::DownloadOptions download;
    std::string token_file;
    std::string limit_rate = "0", part_size = "0", request_size = "16M";
    bool no_checksum = false;
    std::string dataset;  // delete, link
    std::string ttl = "7d";
    CLI::App* upload_cmd = nullptr;
    CLI::App* list_cmd = nullptr;
    CLI::App* download_cmd = nullptr;
    CLI::App* delete_cmd = nullptr;
    CLI::App* link_cmd = nullptr;
};

void add_stage_flags(CLI::App& app, StageFlags& flags);
// Sizes and the token file read into the options (throws ErrorCode::Usage).
void finish_stage_flags(StageFlags& flags);
// "3600", "90m", "12h", "7d" -> seconds (throws ErrorCode::Usage naming --ttl).
[[nodiscard]] std::uint64_t parse_ttl(const std::string& text);

}  // namespace plateau::stage_cli
