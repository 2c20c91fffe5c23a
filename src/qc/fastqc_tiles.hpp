// FastQC 0.11.9's "Per tile sequence quality": the tile comes from Illumina read names
// (@inst:run:flowcell:lane:TILE:x:y for Casava 1.8+, @inst:lane:TILE:x:y before), and the module
// reports, per tile and base group, the tile's mean quality minus the mean over all tiles.
// FastQC 0.11.9 counts every tenth read (10th, 20th, ...) and decides which name field holds the
// tile from the first of them; so do we, by input ordinal. (0.12 also counts the first 10,000.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace plateau::qc {

inline constexpr int k_fastqc_max_tiles = 1001;  // FastQC 0.11.9 gives up when a 1,002nd tile appears

// Which ':'-separated field of the name holds the tile, decided by FastQC from the first read:
// 4 with 7 or more fields, 2 with 5 or 6, none otherwise.
[[nodiscard]] std::optional<int> fastqc_tile_field(std::string_view name);
// The tile number in that field (Java's Integer.parseInt rules), or nothing if it is not a number.
[[nodiscard]] std::optional<int> fastqc_tile_of(std::string_view name, int field);
// Whether FastQC's per-tile module counts the read with this 0-based ordinal.
[[nodiscard]] inline bool fastqc_tile_sampled(std::uint64_t ordinal) { return (ordinal + 1) % 10 == 0; }

// Per tile and position: the sum of quality characters and the number of bases. Merged by
// addition, so per-worker counts give the same result at any thread count.
struct TileQualityCounts {
    struct Position {
        std::uint64_t char_sum = 0;
        std::uint64_t bases = 0;
    };
    std::map<int, std::vector<Position>> tiles;
    bool unusable = false;  // a counted read had no tile in the expected field: no module (FastQC)
    int lowest_char = 127;
    std::size_t longest = 0;

    // Counts one read (quality as Phred+33 characters; an empty one still makes its tile known, as
    // in FastQC); marks the counts unusable if the name has no tile in `field`.
    void add(std::string_view name, std::string_view qual, int field);
    void merge(const TileQualityCounts& other);
};

}  // namespace plateau::qc
