// PairedReader: reads mates in step from two files or from one interleaved input, checking that
// mate names agree (identifiers up to the first space, ignoring a trailing /1 or /2).
#pragma once

#include "core/io/sequence_reader.hpp"

#include <memory>

namespace plateau::core {

class PairedReader {
public:
    PairedReader(std::unique_ptr<SequenceReader> read1, std::unique_ptr<SequenceReader> read2);
    explicit PairedReader(std::unique_ptr<SequenceReader> interleaved);

    // Appends up to `max_pairs` pairs to r1/r2 (same count in each). Returns 0 at the end of input.
    // Throws when one input ends before the other or when mate names differ.
    std::size_t read(ReadBatch& r1, ReadBatch& r2, std::size_t max_pairs, std::uint64_t max_bases);

    [[nodiscard]] const SequenceReader& first() const { return *m_read1; }

private:
    void check_names(const ReadBatch& r1, const ReadBatch& r2, std::size_t from) const;
    std::size_t read_interleaved(ReadBatch& r1, ReadBatch& r2, std::size_t max_pairs, std::uint64_t max_bases);

    std::unique_ptr<SequenceReader> m_read1;
    std::unique_ptr<SequenceReader> m_read2;  // null when interleaved
    std::uint64_t m_pairs = 0;
};

}  // namespace plateau::core
