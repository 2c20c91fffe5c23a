#include "gateway/handlers/request_body.hpp"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace plateau::gateway {
namespace {

// HTTPSession::buffered() is protected; naming it through a derived class is allowed.
struct SessionBuffer : Poco::Net::HTTPSession {
    static int bytes(const Poco::Net::HTTPSession& session) { return (session.*(&SessionBuffer::buffered))(); }
};

}  // namespace

BodyReader request_body_reader(Poco::Net::HTTPServerRequest& request, std::optional<std::uint64_t> content_length) {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (impl == nullptr || !content_length || request.getChunkedTransferEncoding()) return stream_reader(request.stream());
    Poco::Net::HTTPServerSession& session = impl->session();
    struct State {
        std::istream* stream;
        std::uint64_t from_stream;  // bytes Poco read ahead with the headers
        Poco::Net::StreamSocket socket;
    };
    auto state = std::make_shared<State>(State{&request.stream(),
                                               std::min<std::uint64_t>(static_cast<std::uint64_t>(SessionBuffer::bytes(session)), *content_length),
                                               impl->socket()});
    state->socket.setReceiveTimeout(session.getTimeout());
    return [state](char* buffer, std::size_t size) -> std::size_t {
        if (state->from_stream > 0) {
            const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(size, state->from_stream));
            state->stream->read(buffer, want);
            const auto got = static_cast<std::size_t>(state->stream->gcount());
            state->from_stream -= got;
            return got;
        }
        return static_cast<std::size_t>(state->socket.receiveBytes(buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX))));
    };
}

}  // namespace plateau::gateway
