// The service: a Poco ServerApplication that opens the store, starts the executor, recovers
// unfinished jobs, serves HTTP until SIGTERM/SIGINT, then stops accepting, lets requests in
// flight finish, and stops the executor (jobs keep running and are found again on restart).
#pragma once

#include "gateway/config.hpp"

#include <Poco/Util/ServerApplication.h>

namespace plateau::gateway {

class GatewayServer final : public Poco::Util::ServerApplication {
public:
    explicit GatewayServer(GatewayConfig config) : m_config(std::move(config)) {}

protected:
    int main(const std::vector<std::string>& args) override;

private:
    int serve();
    GatewayConfig m_config;
};

// Blocks SIGINT, SIGTERM and SIGQUIT in the calling thread (so that every thread created later
// inherits the mask and only waitForTerminationRequest() receives them) and ignores SIGPIPE.
// Call first thing in main, before any thread exists.
void prepare_signals();

}  // namespace plateau::gateway
