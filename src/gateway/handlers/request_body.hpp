// Reading an upload body fast. Poco's request stream reads the socket 4 KiB at a time through a
// stream buffer; for a body with a Content-Length, this reader takes the bytes Poco already
// buffered with the headers through that stream and then receives the rest straight from the
// socket in large reads, never past Content-Length. Chunked bodies use Poco's stream.
#pragma once

#include "gateway/staging.hpp"

#include <Poco/Net/HTTPServerRequest.h>

#include <cstdint>

namespace plateau::gateway {

[[nodiscard]] BodyReader request_body_reader(Poco::Net::HTTPServerRequest& request,
                                             std::optional<std::uint64_t> content_length);

}  // namespace plateau::gateway
