// The browser staging page (GET /stage/): its files are compiled into the gateway from
// src/gateway/stage_page/ (cmake/EmbedStagePage.cmake writes stage_assets.cpp at build time), so
// the page needs no install path, no CDN and no npm at run time, and a request can only ever name
// one of these files: lookup is by exact name, never through the file system.
#pragma once

#include <span>
#include <string_view>

namespace plateau::gateway {

struct StageAsset {
    std::string_view name;          // "index.html", "stage.js", ...
    std::string_view content_type;  // with charset for text
    std::string_view body;
    std::string_view etag;          // quoted SHA-256 of body, computed by CMake
};

// Every file of the page (generated).
[[nodiscard]] std::span<const StageAsset> stage_assets();

// The file that /stage/<name> serves ("" is index.html), or nullptr. `name` is the decoded last
// segment of the path; anything but an exact file name (a '/', "..", "%2e", ...) is not found.
[[nodiscard]] const StageAsset* find_stage_asset(std::string_view name);

}  // namespace plateau::gateway
