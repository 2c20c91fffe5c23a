#include "gateway/server_app.hpp"

#include "core/error.hpp"
#include "core/io/output_file.hpp"
#include "core/log.hpp"
#include "core/version.hpp"
#include "gateway/audit.hpp"
#include "gateway/data_dir_lock.hpp"
#include "gateway/datasets/upload_service.hpp"
#include "gateway/database.hpp"
#include "gateway/executors/local_executor.hpp"
#include "gateway/executors/slurm_executor.hpp"
#include "gateway/http/server.hpp"
#include "gateway/job_service.hpp"
#include "gateway/job_store.hpp"
#include "gateway/metrics.hpp"
#include "gateway/request_handler_factory.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Exception.h>

#include <signal.h>

#include <chrono>
#include <thread>

namespace plateau::gateway {

void prepare_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
}

namespace {

// The listening socket. SO_REUSEADDR (a restart may bind while old connections linger in
// TIME_WAIT) but never SO_REUSEPORT: Poco 1.11's bind(address, true) sets both, and with
// SO_REUSEPORT a second process could listen on the same port and take half the requests.
Poco::Net::ServerSocket listen_socket(const GatewayConfig& config) {
    const std::string where = config.bind + ":" + std::to_string(config.port);
    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress(config.bind, static_cast<Poco::UInt16>(config.port)), true, false);
        socket.listen(1024);
    } catch (const Poco::Exception& e) {
        throw_io_error("cannot listen on " + where + ": " + e.displayText());
    }
    return socket;
}

}  // namespace

int GatewayServer::main(const std::vector<std::string>&) {
    // Poco's Application::run would only log an escaping exception; report it as the tools do.
    try {
        return serve();
    } catch (const Error& e) {
        core::log_error("gateway", e.what());
    } catch (const Poco::Exception& e) {
        core::log_error("gateway", e.displayText());
    } catch (const std::exception& e) {
        core::log_error("gateway", e.what());
    }
    return 1;
}

int GatewayServer::serve() {
    const GatewayConfig& config = m_config;
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) throw_io_error("cannot create store.data_dir " + config.data_dir.string() + ": " + ec.message());
    std::filesystem::create_directories(config.staging_dir, ec);
    if (ec) throw_io_error("cannot create jobs.staging_dir " + config.staging_dir.string() + ": " + ec.message());

    // One gateway per data directory, and one process per port, before anything is recovered.
    const DataDirLock data_dir_lock = DataDirLock::acquire(config.data_dir);
    Poco::Net::ServerSocket socket = listen_socket(config);

    Database db(config.data_dir / "gateway.sqlite3", config.synchronous_full);
    JobStore store(db);
    AuditLog audit(db);
    Metrics metrics;
    std::unique_ptr<Executor> executor;
    if (config.executor == ExecutorKind::slurm) executor = std::make_unique<SlurmExecutor>(config.slurm);
    else executor = std::make_unique<LocalExecutor>(config.local);
    JobService jobs(config, store, audit, metrics, *executor);
    jobs.start();
    UploadService uploads(config, db, metrics);
    uploads.start();

    GatewayServices services{config, jobs, metrics, db, uploads};
    socket.setBlocking(false);
    http::HttpServer server(new RequestHandlerFactory(services), socket.impl()->sockfd(), config.http,
                            metrics.connections());
    server.start();
    const auto port = socket.address().port();
    if (!config.port_file.empty()) core::write_file_atomically(config.port_file.string(), std::to_string(port) + "\n");
    core::log_info("gateway", std::string("plateau-gateway ") + k_version + " listening on http://" + config.bind + ":" +
                                  std::to_string(port) + " (executor " + std::string(executor->name()) + ", store " +
                                  db.file().string() + ", jobs in " + config.staging_dir.string() + ")");

    waitForTerminationRequest();

    core::log_info("gateway", "stopping: no new connections; waiting for requests in flight");
    server.stop(std::chrono::seconds(20));
    jobs.stop();
    uploads.stop();
    core::log_info("gateway", "stopped; unfinished jobs will be recovered at the next start");
    return EXIT_OK;
}

}  // namespace plateau::gateway
