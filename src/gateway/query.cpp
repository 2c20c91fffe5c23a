#include "gateway/query.hpp"

#include "gateway/http_errors.hpp"
#include "gateway/router.hpp"

#include <charconv>

namespace plateau::gateway {

QueryParams QueryParams::parse(std::string_view query) {
    QueryParams params;
    std::string name;
    std::string value;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const std::string_view raw_name = pair.substr(0, eq);
        const std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        if (!percent_decode(raw_name, name, true) || !percent_decode(raw_value, value, true))
            throw_http(400, "malformed_query", "malformed percent-encoding in the query string");
        params.m_values.insert_or_assign(name, value);
    }
    return params;
}

const std::string* QueryParams::find(std::string_view name) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? nullptr : &it->second;
}

std::string QueryParams::get(std::string_view name, std::string_view fallback) const {
    const std::string* value = find(name);
    return value ? *value : std::string(fallback);
}

const std::string& QueryParams::require(std::string_view name) const {
    const std::string* value = find(name);
    if (!value) throw_http(400, "missing_parameter", "missing required query parameter '" + std::string(name) + "'");
    return *value;
}

std::optional<long long> QueryParams::get_int(std::string_view name) const {
    const std::string* value = find(name);
    if (!value) return std::nullopt;
    long long parsed = 0;
    const auto* end = value->data() + value->size();
    const auto [ptr, ec] = std::from_chars(value->data(), end, parsed);
    if (ec != std::errc{} || ptr != end)
        throw_http(400, "malformed_query", "query parameter '" + std::string(name) + "' must be an integer");
    return parsed;
}

SplitUri split_uri(std::string_view uri) {
    const auto q = uri.find('?');
    if (q == std::string_view::npos) return {uri, {}};
    std::string_view query = uri.substr(q + 1);
    if (const auto hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
    return {uri.substr(0, q), query};
}

}  // namespace plateau::gateway
