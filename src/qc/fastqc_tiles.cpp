#include "qc/fastqc_tiles.hpp"

#include "qc/fastqc_modules.hpp"
#include "qc/fastqc_modules_detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace plateau::qc {
namespace {

// Fields of Java's name.split(":"): trailing empty fields are dropped.
std::vector<std::string_view> split_fields(std::string_view name) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t colon = name.find(':', start);
        fields.push_back(name.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    while (fields.size() > 1 && fields.back().empty()) fields.pop_back();
    if (fields.size() == 1 && fields[0].empty()) fields.clear();
    return fields;
}

std::optional<int> parse_java_int(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
        if (value > static_cast<std::int64_t>(std::numeric_limits<int>::max()) + 1) return std::nullopt;
    }
    if (negative) value = -value;
    if (value > std::numeric_limits<int>::max() || value < std::numeric_limits<int>::min()) return std::nullopt;
    return static_cast<int>(value);
}

}  // namespace

std::optional<int> fastqc_tile_field(std::string_view name) {
    const std::size_t fields = split_fields(name).size();
    if (fields >= 7) return 4;
    if (fields >= 5) return 2;
    return std::nullopt;
}

std::optional<int> fastqc_tile_of(std::string_view name, int field) {
    const auto fields = split_fields(name);
    if (static_cast<std::size_t>(field) >= fields.size()) return std::nullopt;
    return parse_java_int(fields[static_cast<std::size_t>(field)]);
}

void TileQualityCounts::add(std::string_view name, std::string_view qual, int field) {
    if (unusable) return;
    const std::optional<int> tile = fastqc_tile_of(name, field);
    if (!tile) {
        unusable = true;
        tiles.clear();
        return;
    }
    std::vector<Position>& positions = tiles[*tile];
    if (positions.size() < qual.size()) positions.resize(qual.size());
    for (std::size_t i = 0; i < qual.size(); ++i) {
        const auto c = static_cast<unsigned char>(qual[i]);
        positions[i].char_sum += c;
        ++positions[i].bases;
        lowest_char = std::min(lowest_char, static_cast<int>(c));
    }
    longest = std::max(longest, qual.size());
}

void TileQualityCounts::merge(const TileQualityCounts& other) {
    if (unusable || other.unusable) {
        unusable = true;
        tiles.clear();
        return;
    }
    for (const auto& [tile, positions] : other.tiles) {
        std::vector<Position>& mine = tiles[tile];
        if (mine.size() < positions.size()) mine.resize(positions.size());
        for (std::size_t i = 0; i < positions.size(); ++i) {
            mine[i].char_sum += positions[i].char_sum;
            mine[i].bases += positions[i].bases;
        }
    }
    lowest_char = std::min(lowest_char, other.lowest_char);
    longest = std::max(longest, other.longest);
}

namespace detail {

// PerTileQualityScores.getMean: the mean of the per-position means of the group's positions that
// have bases; 0 when none has.
double tile_group_mean(const std::vector<TileQualityCounts::Position>& positions, const BaseGroup& group, int offset) {
    double total = 0;
    int counted = 0;
    for (std::size_t pos = group.lower - 1; pos < group.upper && pos < positions.size(); ++pos) {
        const auto& p = positions[pos];
        if (p.bases == 0) continue;
        const auto phred_sum = static_cast<std::int64_t>(p.char_sum) - static_cast<std::int64_t>(offset) * static_cast<std::int64_t>(p.bases);
        total += static_cast<double>(phred_sum) / static_cast<double>(p.bases);
        ++counted;
    }
    return counted > 0 ? total / counted : 0.0;
}

std::optional<ModuleResult> per_tile_module(const TileQualityCounts& counts, const FastqcLimits& limits,
                                            std::string& not_applicable) {
    if (counts.unusable || counts.tiles.empty() || counts.longest == 0) {
        not_applicable = "read names carry no Illumina tile number (FastQC leaves this module out)";
        return std::nullopt;
    }
    if (counts.tiles.size() > static_cast<std::size_t>(k_fastqc_max_tiles)) {
        not_applicable = "more than 1,001 tiles: the names are probably not Illumina's (FastQC gives up)";
        return std::nullopt;
    }
    const int offset = counts.lowest_char < 64 ? 33 : 64;
    const auto groups = fastqc_base_groups(counts.longest);
    std::vector<std::string> labels;
    for (const auto& g : groups) labels.push_back(g.label());
    ModuleResult r = named_result("Per tile sequence quality", labels);
    std::vector<double> average(groups.size(), 0.0);
    for (const auto& [tile, positions] : counts.tiles) {
        Series s{std::to_string(tile), {}};
        for (std::size_t g = 0; g < groups.size(); ++g) {
            s.values.push_back(tile_group_mean(positions, groups[g], offset));
            average[g] += s.values.back();
        }
        r.series.push_back(std::move(s));
    }
    double max_deviation = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        average[g] /= static_cast<double>(counts.tiles.size());
        for (Series& s : r.series) {
            s.values[g] -= average[g];
            max_deviation = std::max(max_deviation, std::abs(s.values[g]));
        }
    }
    r.values = {{"Maximum deviation", max_deviation}};
    r.verdict = verdict_of(max_deviation > limits.tile_error, max_deviation > limits.tile_warn);
    return r;
}

}  // namespace detail
}  // namespace plateau::qc
