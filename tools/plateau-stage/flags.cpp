#include "flags.hpp"

#include "core/error.hpp"

#include <fstream>

namespace plateau::stage_cli {

void add_stage_flags(CLI::App& app, StageFlags& f) {
    app.require_subcommand(1);
    app.fallthrough();
    const std::string g = "Server";
    app.add_option("--url", f.server.url, "The gateway, http(s)://host:port[/prefix]")->envname("PLATEAU_STAGE_URL")->group(g);
    app.add_option("--token", f.server.token, "The gateway token (visible to other users in ps: prefer the environment or --token-file)")
        ->envname("PLATEAU_STAGE_TOKEN")->group(g);
    app.add_option("--token-file", f.token_file, "Read the token from this file (first line)")->group(g);
    app.add_option("--retries", f.server.retries, "Attempts per request after a network error or a 5xx answer (default 8)")->group(g);
    app.add_option("--timeout", f.server.timeout_seconds, "Seconds a request may wait for the network (default 60)")->group(g);
    app.add_option("--limit-rate", f.limit_rate, "Bytes per second over all streams, e.g. 200M (default 0: no limit)")->group(g);

    f.upload_cmd = app.add_subcommand("upload", "Upload files and folders (recursively) as datasets; prints id, name, size, sha256");
    f.upload_cmd->add_option("inputs", f.upload.inputs, "FILE or FOLDER")->required();
    f.upload_cmd->add_option("-p,--parallel", f.upload.parallel, "Parts sent at once, each a tus partial upload (default 4)");
    f.upload_cmd->add_option("--part-size", f.part_size, "Bytes per part (default 0: file size / --parallel, at most --request-size, or whole requests for 160 parts, rounded up to 1M)");
    f.upload_cmd->add_option("--request-size", f.request_size, "Bytes per PATCH request, each with its own sha256 checksum (default 16M)");
    f.upload_cmd->add_flag("--no-checksum", f.no_checksum, "Send no Upload-Checksum (the dataset's sha256 is still checked at the end)");
    f.upload_cmd->add_option("--state-dir", f.upload.state_dir, "Where resume state is kept (default ~/.cache/plateau-stage)");
    f.upload_cmd->add_option("--name-prefix", f.upload.name_prefix, "Prepended to every dataset name, e.g. run42/");

    f.list_cmd = app.add_subcommand("list", "List the datasets this token sees (TSV: id, name, size, sha256, owner, group, created)");

    f.download_cmd = app.add_subcommand("download", "Download a dataset (resumed with Range after an interruption; sha256 checked)");
    f.download_cmd->add_option("dataset", f.download.dataset_id, "Dataset id")->required();
    f.download_cmd->add_option("-o,--output", f.download.output, "File to write")->required();

    f.delete_cmd = app.add_subcommand("delete", "Delete a dataset");
    f.delete_cmd->add_option("dataset", f.dataset, "Dataset id")->required();

    f.link_cmd = app.add_subcommand("link", "Print a signed link that reads the dataset without a token until it expires");
    f.link_cmd->add_option("dataset", f.dataset, "Dataset id")->required();
    f.link_cmd->add_option("--ttl", f.ttl, "Lifetime: seconds, or with s, m, h, d (default 7d)");
}

std::uint64_t parse_ttl(const std::string& text) {
    const std::string bad = "--ttl '" + text + "' must be a number of seconds, or a number followed by s, m, h or d";
    if (text.empty()) throw_usage_error(bad);
    std::string digits = text;
    std::uint64_t scale = 1;
    switch (text.back()) {
    case 's': scale = 1; digits.pop_back(); break;
    case 'm': scale = 60; digits.pop_back(); break;
    case 'h': scale = 3600; digits.pop_back(); break;
    case 'd': scale = 86400; digits.pop_back(); break;
    default: break;
    }
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) throw_usage_error(bad);
    const std::uint64_t seconds = std::stoull(digits) * scale;
    if (seconds == 0) throw_usage_error(bad);
    return seconds;
}

void finish_stage_flags(StageFlags& f) {
    if (!f.token_file.empty()) {
        std::ifstream in(f.token_file);
        if (!in) throw_usage_error("--token-file " + f.token_file + " cannot be read");
        std::getline(in, f.server.token);
        while (!f.server.token.empty() && (f.server.token.back() == '\r' || f.server.token.back() == ' ')) f.server.token.pop_back();
    }
    f.server.limit_rate = stage::parse_size("--limit-rate", f.limit_rate);
    f.upload.part_size = stage::parse_size("--part-size", f.part_size);
    f.upload.request_size = stage::parse_size("--request-size", f.request_size);
    f.upload.checksum = !f.no_checksum;
}

}  // namespace plateau::stage_cli
