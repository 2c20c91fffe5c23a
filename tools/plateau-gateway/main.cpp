// plateau-gateway: a Galaxy Pulsar-compatible job service (see docs/gateway.md).
// This file only reads the configuration file and flags into GatewayConfig and runs the server.
#include "core/cli/tool.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/version.hpp"
#include "gateway/config.hpp"
#include "gateway/server_app.hpp"
#include "usage_command.hpp"

#include <CLI/CLI.hpp>
#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace {

struct Flags {
    std::string config_file;
    std::map<std::string, std::string> overrides;  // section.key -> value
    std::vector<std::string> settings;            // --set section.key=value
};

plateau::core::LogLevel log_level(const std::string& name) {
    if (name == "error") return plateau::core::LogLevel::error;
    if (name == "warn") return plateau::core::LogLevel::warn;
    if (name == "debug") return plateau::core::LogLevel::debug;
    return plateau::core::LogLevel::info;
}

// The configuration file, then --set and the flags over it.
plateau::gateway::GatewayConfig read_config(const Flags& flags) {
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> layered(new Poco::Util::LayeredConfiguration);
    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
    if (const char* token = std::getenv("PLATEAU_GATEWAY_TOKEN"); token != nullptr && *token != '\0')
        overrides->setString("auth.token", token);
    // Jobs inherit the gateway's environment: the secret must not go with them.
    ::unsetenv("PLATEAU_GATEWAY_TOKEN");
    for (const auto& setting : flags.settings) {
        const auto eq = setting.find('=');
        if (eq == std::string::npos || eq == 0)
            plateau::throw_usage_error("--set expects section.key=value, not '" + setting + "'");
        overrides->setString(setting.substr(0, eq), setting.substr(eq + 1));
    }
    for (const auto& [key, value] : flags.overrides) overrides->setString(key, value);
    layered->add(overrides, -100);
    if (!flags.config_file.empty()) layered->add(new Poco::Util::IniFileConfiguration(flags.config_file), 0);
    return plateau::gateway::load_config(*layered);
}

void bind(CLI::App& app, Flags& f, const std::string& flag, const std::string& key, const std::string& help) {
    app.add_option_function<std::string>(flag, [&f, key](const std::string& v) { f.overrides[key] = v; }, help);
}

}  // namespace

int main(int argc, char** argv) {
    plateau::gateway::prepare_signals();
    CLI::App app{"plateau-gateway: runs Galaxy jobs sent through Pulsar's REST protocol (pulsar_rest runner) "
                 "on this machine or on Slurm, with a durable SQLite job store."};
    Flags flags;
    app.set_version_flag("--version", std::string("plateau-gateway ") + plateau::k_version);
    app.add_option("-c,--config", flags.config_file, "INI configuration file (see docs/gateway.md)")->check(CLI::ExistingFile);
    bind(app, flags, "--bind", "server.bind", "Address to listen on (default 127.0.0.1)");
    bind(app, flags, "-p,--port", "server.port", "Port (default 8913; 0 = any free port, see --port-file)");
    bind(app, flags, "--port-file", "server.port_file", "Write the port actually bound to this file");
    bind(app, flags, "--threads", "server.threads", "HTTP worker threads, i.e. requests served at once (default 64; idle connections take none)");
    bind(app, flags, "--data-dir", "store.data_dir", "Directory of the SQLite job store (default /var/lib/plateau-gateway)");
    bind(app, flags, "--staging-dir", "jobs.staging_dir", "Directory of job directories (default <data-dir>/jobs)");
    bind(app, flags, "--executor", "executor.type", "local or slurm (default local)");
    bind(app, flags, "--max-concurrent", "local.max_concurrent", "Local executor: jobs at once (default: CPUs)");
    bind(app, flags, "--token-file", "auth.token_file", "File of 'name group secret' lines");
    bind(app, flags, "--log-level", "log.level", "error, warn, info or debug");
    app.add_flag_function("--allow-anonymous", [&flags](std::int64_t) { flags.overrides["auth.allow_anonymous"] = "true"; },
                          "Accept requests without a token (Pulsar's default; not for shared networks)");
    app.add_option("--set", flags.settings, "Override any configuration key: --set section.key=value");
    app.fallthrough();
    UsageFlags usage_flags;
    CLI::App* usage = add_usage_command(app, usage_flags);
    app.footer("The token may also be given in the environment as PLATEAU_GATEWAY_TOKEN (identity 'galaxy').");
    CLI11_PARSE(app, argc, argv);

    try {
        plateau::gateway::GatewayConfig config = read_config(flags);
        if (usage->parsed()) {
            plateau::core::set_log_level(log_level(config.log_level));
            return run_usage_command(config, usage_flags);
        }
        plateau::gateway::validate(config);
        plateau::core::set_log_level(log_level(config.log_level));
        plateau::gateway::GatewayServer server(std::move(config));
        char* server_argv[] = {argv[0], nullptr};
        return server.run(1, server_argv);
    } catch (const plateau::Error& e) {
        // Bad configuration (a usage error) exits 2; an unreadable token file or a failure while
        // serving (data directory in use, port taken, store) exits 1.
        std::fprintf(stderr, "plateau-gateway: error: %s\n", e.what());
        return plateau::core::cli::exit_status(e.code());
    } catch (const Poco::Exception& e) {
        std::fprintf(stderr, "plateau-gateway: error: %s\n", e.displayText().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "plateau-gateway: error: %s\n", e.what());
        return 1;
    }
}
