// Query-string parameters. Pulsar takes every parameter from the query string and never
// parses the body as a form (pulsar-contract.md §1.1); unknown parameters are ignored and a
// repeated name keeps its last value, as webob's MultiDict.get does.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace plateau::gateway {

class QueryParams {
public:
    // Throws HttpError 400 on a malformed percent escape.
    static QueryParams parse(std::string_view query);

    [[nodiscard]] const std::string* find(std::string_view name) const;
    [[nodiscard]] std::string get(std::string_view name, std::string_view fallback = {}) const;
    // Throws HttpError 400 naming the parameter when it is missing.
    [[nodiscard]] const std::string& require(std::string_view name) const;
    [[nodiscard]] std::optional<long long> get_int(std::string_view name) const;  // 400 if not an integer
    [[nodiscard]] const std::map<std::string, std::string, std::less<>>& all() const { return m_values; }

private:
    std::map<std::string, std::string, std::less<>> m_values;
};

// Splits a request URI into path and query ("/a?b=c" -> "/a", "b=c").
struct SplitUri {
    std::string_view path;
    std::string_view query;
};
[[nodiscard]] SplitUri split_uri(std::string_view uri);

}  // namespace plateau::gateway
