#include "gateway/config.hpp"

#include "core/error.hpp"
#include "gateway/lab_usage/collect.hpp"
#include "gateway/sha256.hpp"
#include "gateway/text.hpp"

#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace plateau::gateway {
namespace {

// Token file: one "name group secret" per line; '#' starts a comment; group may be "-".
void read_token_file(const std::filesystem::path& path, std::vector<TokenIdentity>& out) {
    std::ifstream in(path);
    if (!in) throw_input_error("auth.token_file: cannot read " + path.string());
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        const auto words = split_words(line);
        if (words.empty()) continue;
        if (words.size() != 3)
            throw_input_error(path.string() + ":" + std::to_string(number) + ": expected 'name group secret'");
        out.push_back({words[0], words[1] == "-" ? std::string{} : words[1], token_digest(words[2])});
    }
}

template <typename F>
auto read_key(const std::string& key, F&& getter) {
    try {
        return getter();
    } catch (const Poco::SyntaxException&) {
        throw_usage_error("configuration key '" + key + "' has a value of the wrong type");
    }
}

void read_http_limits(const Poco::Util::AbstractConfiguration& c, http::ServerLimits& h) {
    auto integer = [&](const std::string& key, int fallback) { return read_key(key, [&] { return c.getInt(key, fallback); }); };
    auto seconds = [&](const std::string& key, std::chrono::seconds fallback) {
        return std::chrono::seconds(integer(key, static_cast<int>(fallback.count())));
    };
    h.workers = integer("server.threads", h.workers);
    h.max_queued = integer("server.max_queued", h.max_queued);
    h.max_connections = integer("server.max_connections", h.max_connections);
    h.max_connections_per_address = integer("server.max_connections_per_address", h.max_connections_per_address);
    h.timeouts.header = seconds("server.header_timeout", h.timeouts.header);
    h.timeouts.keep_alive = seconds("server.keepalive_timeout", h.timeouts.keep_alive);
    h.timeouts.body = seconds("server.body_timeout", h.timeouts.body);
    h.timeouts.send = seconds("server.send_timeout", h.timeouts.send);
    h.timeouts.min_body_rate = static_cast<std::uint64_t>(integer("server.min_body_rate", static_cast<int>(h.timeouts.min_body_rate)));
    h.head.max_request_line = static_cast<std::size_t>(integer("server.max_request_line", static_cast<int>(h.head.max_request_line)));
}

void read_usage(const Poco::Util::AbstractConfiguration& c, UsageConfig& u) {
    auto real = [&](const std::string& key, double fallback) { return read_key(key, [&] { return c.getDouble(key, fallback); }); };
    u.labs_file = c.getString("usage.labs_file", "");
    u.source = c.getString("usage.source", u.source);
    u.jobcomp_file = c.getString("usage.jobcomp_file", "");
    u.factors.watts_per_core = real("usage.watts_per_core", u.factors.watts_per_core);
    u.factors.core_usage = real("usage.core_usage", u.factors.core_usage);
    u.factors.watts_per_gpu = real("usage.watts_per_gpu", u.factors.watts_per_gpu);
    u.factors.watts_per_gb = real("usage.watts_per_gb", u.factors.watts_per_gb);
    u.factors.pue = real("usage.pue", u.factors.pue);
    u.factors.carbon_g_per_kwh = real("usage.carbon_g_per_kwh", u.factors.carbon_g_per_kwh);
}

template <typename Range>
void validate_http_limits(const http::ServerLimits& h, Range&& range) {
    range("server.threads", h.workers, 1, 1024);
    range("server.max_queued", h.max_queued, 1, 100000);
    range("server.max_connections", h.max_connections, 16, 1000000);
    range("server.max_connections_per_address", h.max_connections_per_address, 1, 1000000);
    range("server.header_timeout", h.timeouts.header.count(), 1, 3600);
    range("server.keepalive_timeout", h.timeouts.keep_alive.count(), 1, 3600);
    range("server.body_timeout", h.timeouts.body.count(), 1, 3600);
    range("server.send_timeout", h.timeouts.send.count(), 1, 3600);
    range("server.min_body_rate", static_cast<long long>(h.timeouts.min_body_rate), 0, 1LL << 30);
    range("server.max_request_line", static_cast<long long>(h.head.max_request_line), 1 << 14, 64LL << 20);
}

}  // namespace

std::string token_digest(std::string_view secret) { return sha256(secret); }

GatewayConfig load_config(const Poco::Util::AbstractConfiguration& c) {
    GatewayConfig g;
    auto str = [&](const std::string& key, const std::string& fallback) { return c.getString(key, fallback); };
    auto integer = [&](const std::string& key, int fallback) {
        return read_key(key, [&] { return c.getInt(key, fallback); });
    };
    auto boolean = [&](const std::string& key, bool fallback) {
        return read_key(key, [&] { return c.getBool(key, fallback); });
    };
    g.bind = str("server.bind", g.bind);
    g.port = integer("server.port", g.port);
    read_http_limits(c, g.http);
    g.max_upload_bytes = read_key("server.max_upload_bytes", [&] {
        return static_cast<std::uint64_t>(c.getUInt64("server.max_upload_bytes", g.max_upload_bytes));
    });
    g.port_file = str("server.port_file", "");
    g.data_dir = str("store.data_dir", g.data_dir.string());
    const std::string sync = str("store.synchronous", "normal");
    if (sync != "normal" && sync != "full")
        throw_usage_error("store.synchronous must be 'normal' or 'full', not '" + sync + "'");
    g.synchronous_full = sync == "full";
    g.staging_dir = str("jobs.staging_dir", "");
    g.pulsar_version = str("jobs.pulsar_version", g.pulsar_version);
    g.galaxy_home = str("jobs.galaxy_home", "");
    g.maximum_stream_size = read_key("jobs.maximum_stream_size",
                                     [&] { return static_cast<long long>(c.getInt64("jobs.maximum_stream_size", -1)); });
    const std::string kind = str("executor.type", "local");
    if (kind == "local") g.executor = ExecutorKind::local;
    else if (kind == "slurm") g.executor = ExecutorKind::slurm;
    else throw_usage_error("executor.type must be 'local' or 'slurm', not '" + kind + "'");
    g.local.max_concurrent = integer("local.max_concurrent", g.local.max_concurrent);
    g.local.slots_per_job = integer("local.slots_per_job", g.local.slots_per_job);
    g.local.kill_grace_seconds = integer("local.kill_grace_seconds", g.local.kill_grace_seconds);
    g.slurm.partition = str("slurm.partition", "");
    g.slurm.sbatch_args = split_words(str("slurm.sbatch_args", ""));
    g.slurm.bin_dir = str("slurm.bin_dir", "");
    g.slurm.poll_interval_ms = integer("slurm.poll_interval_ms", g.slurm.poll_interval_ms);
    g.slurm.command_timeout_seconds = integer("slurm.command_timeout_seconds", g.slurm.command_timeout_seconds);
    g.slurm.allow_native_specification = boolean("slurm.allow_native_specification", true);
    if (const std::string secret = str("auth.token", ""); !secret.empty())
        g.tokens.push_back({str("auth.token_name", "galaxy"), str("auth.token_group", ""), token_digest(secret)});
    if (const std::string file = str("auth.token_file", ""); !file.empty()) read_token_file(file, g.tokens);
    g.allow_anonymous = boolean("auth.allow_anonymous", false);
    g.operator_groups = split_words(str("auth.operator_groups", ""));
    read_usage(c, g.usage);
    read_dataset_config(c, g.datasets);
    g.log_level = str("log.level", g.log_level);
    return g;
}

void validate(GatewayConfig& g) {
    auto range = [](const char* key, long long value, long long lo, long long hi) {
        if (value < lo || value > hi)
            throw_usage_error(std::string(key) + " = " + std::to_string(value) + " is out of range (" +
                              std::to_string(lo) + " to " + std::to_string(hi) + ")");
    };
    range("server.port", g.port, 0, 65535);
    validate_http_limits(g.http, range);
    range("local.max_concurrent", g.local.max_concurrent, 0, 4096);
    range("local.slots_per_job", g.local.slots_per_job, 1, 4096);
    range("local.kill_grace_seconds", g.local.kill_grace_seconds, 0, 3600);
    range("slurm.poll_interval_ms", g.slurm.poll_interval_ms, 100, 600000);
    range("slurm.command_timeout_seconds", g.slurm.command_timeout_seconds, 1, 3600);
    if (g.data_dir.empty()) throw_usage_error("store.data_dir must not be empty");
    g.data_dir = std::filesystem::absolute(g.data_dir).lexically_normal();
    if (g.staging_dir.empty()) g.staging_dir = g.data_dir / "jobs";
    g.staging_dir = std::filesystem::absolute(g.staging_dir).lexically_normal();
    if (g.local.max_concurrent == 0)
        g.local.max_concurrent = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    if (g.tokens.empty() && !g.allow_anonymous)
        throw_usage_error("no token configured: set auth.token or auth.token_file "
                          "(or auth.allow_anonymous = true to accept every client, as Pulsar does by default)");
    if (!g.tokens.empty() && g.allow_anonymous)
        throw_usage_error("auth.allow_anonymous = true contradicts the configured tokens; remove one of them");
    validate_dataset_config(g.datasets, g.data_dir);
    lab_usage::Options usage;
    usage.source = lab_usage::parse_source(g.usage.source);
    usage.factors = g.usage.factors;
    lab_usage::validate(usage);
    if (g.log_level != "error" && g.log_level != "warn" && g.log_level != "info" && g.log_level != "debug")
        throw_usage_error("log.level must be error, warn, info or debug, not '" + g.log_level + "'");
}

}  // namespace plateau::gateway
