// The [datasets] configuration keys: sizes with binary suffixes, per-group quotas.
#include "core/error.hpp"
#include "gateway/config.hpp"
#include "gateway/text.hpp"

#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cctype>
#include <charconv>

namespace plateau::gateway {

std::uint64_t parse_size(const std::string& key, const std::string& text) {
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr == text.data())
        throw_usage_error(key + " = '" + text + "' is not a size (bytes, or a number with K, M, G, T or P)");
    int shift = 0;
    if (ptr != end) {
        const std::string suffix(ptr, end);
        const std::string_view units = "KMGTP";
        const auto unit = suffix.size() == 1 || (suffix.size() == 3 && suffix.substr(1) == "iB")
                              ? units.find(static_cast<char>(std::toupper(static_cast<unsigned char>(suffix[0]))))
                              : std::string_view::npos;
        if (unit == std::string_view::npos)
            throw_usage_error(key + " = '" + text + "': unknown unit '" + suffix + "' (K, M, G, T or P)");
        shift = 10 * static_cast<int>(unit + 1);
    }
    if (shift > 0 && value > (~std::uint64_t{0} >> shift)) throw_usage_error(key + " = '" + text + "' is too large");
    return value << shift;
}

void read_dataset_config(const Poco::Util::AbstractConfiguration& c, DatasetConfig& d) {
    auto integer = [&](const std::string& key, int fallback) {
        try {
            return c.getInt(key, fallback);
        } catch (const Poco::SyntaxException&) {
            throw_usage_error("configuration key '" + key + "' has a value of the wrong type");
        }
    };
    d.dir = c.getString("datasets.dir", "");
    d.link_key_file = c.getString("datasets.link_key_file", "");
    d.link_max_ttl_seconds = integer("datasets.link_max_ttl_seconds", static_cast<int>(d.link_max_ttl_seconds));
    if (const auto text = c.getString("datasets.max_size", ""); !text.empty()) d.max_size = parse_size("datasets.max_size", text);
    d.expire_seconds = integer("datasets.expire_seconds", d.expire_seconds);
    d.sweep_seconds = integer("datasets.sweep_seconds", d.sweep_seconds);
    if (const auto text = c.getString("datasets.checkpoint_bytes", ""); !text.empty())
        d.checkpoint_bytes = parse_size("datasets.checkpoint_bytes", text);
    if (const auto text = c.getString("datasets.quota", ""); !text.empty()) d.default_quota = parse_size("datasets.quota", text);
    for (const std::string& word : split_words(c.getString("datasets.group_quotas", ""))) {
        const auto colon = word.rfind(':');
        if (colon == std::string::npos || colon == 0)
            throw_usage_error("datasets.group_quotas: '" + word + "' is not 'group:size'");
        d.group_quotas.emplace_back(word.substr(0, colon), parse_size("datasets.group_quotas", word.substr(colon + 1)));
    }
}

void validate_dataset_config(DatasetConfig& d, const std::filesystem::path& data_dir) {
    auto range = [](const char* key, long long value, long long lo, long long hi) {
        if (value < lo || value > hi)
            throw_usage_error(std::string(key) + " = " + std::to_string(value) + " is out of range (" +
                              std::to_string(lo) + " to " + std::to_string(hi) + ")");
    };
    range("datasets.expire_seconds", d.expire_seconds, 1, 365LL * 24 * 3600);
    range("datasets.sweep_seconds", d.sweep_seconds, 1, 24 * 3600);
    range("datasets.checkpoint_bytes", static_cast<long long>(d.checkpoint_bytes >> 20), 1, 1 << 20);
    range("datasets.link_max_ttl_seconds", d.link_max_ttl_seconds, 60, 366LL * 24 * 3600);
    if (d.dir.empty()) d.dir = data_dir / "datasets";
    d.dir = std::filesystem::absolute(d.dir).lexically_normal();
    if (d.link_key_file.empty()) d.link_key_file = d.dir / "link.key";
}

std::uint64_t group_quota(const DatasetConfig& config, const std::string& group) {
    for (const auto& [name, bytes] : config.group_quotas)
        if (name == group) return bytes;
    return config.default_quota;
}

}  // namespace plateau::gateway
