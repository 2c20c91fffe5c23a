// SHA-1 (FIPS 180-4) of a byte string as 40 lowercase hex digits: vsearch's --relabel_sha1 label.
#pragma once

#include <string>
#include <string_view>

namespace plateau::amplicon {

[[nodiscard]] std::string sha1_hex(std::string_view data);

}  // namespace plateau::amplicon
