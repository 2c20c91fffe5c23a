#include "core/io/paired_reader.hpp"

#include "core/error.hpp"

namespace plateau::core {

PairedReader::PairedReader(std::unique_ptr<SequenceReader> read1, std::unique_ptr<SequenceReader> read2)
    : m_read1(std::move(read1)), m_read2(std::move(read2)) {}

PairedReader::PairedReader(std::unique_ptr<SequenceReader> interleaved) : m_read1(std::move(interleaved)) {}

std::size_t PairedReader::read(ReadBatch& r1, ReadBatch& r2, std::size_t max_pairs, std::uint64_t max_bases) {
    if (!m_read2) return read_interleaved(r1, r2, max_pairs, max_bases);
    const std::size_t from = r1.size();
    std::size_t n1 = m_read1->read(r1, max_pairs, max_bases);
    std::size_t n2 = m_read2->read(r2, n1, UINT64_MAX);
    if (n2 < n1) {
        throw_input_error("mates out of step: " + m_read2->path() + " ends after record " +
                          std::to_string(m_read2->records_read()) + " but " + m_read1->path() + " has record " +
                          std::to_string(m_read2->records_read() + 1));
    }
    if (n1 == 0) {
        ReadBatch extra;
        if (m_read2->read(extra, 1, UINT64_MAX) > 0) {
            throw_input_error("mates out of step: " + m_read1->path() + " ends after record " +
                              std::to_string(m_read1->records_read()) + " but " + m_read2->path() + " has record " +
                              std::to_string(m_read1->records_read() + 1));
        }
    }
    check_names(r1, r2, from);
    m_pairs += n1;
    return n1;
}

std::size_t PairedReader::read_interleaved(ReadBatch& r1, ReadBatch& r2, std::size_t max_pairs,
                                           std::uint64_t max_bases) {
    const std::size_t from = r1.size();
    std::size_t pairs = 0;
    const std::uint64_t start_bases = r1.bases() + r2.bases();
    while (pairs < max_pairs && r1.bases() + r2.bases() - start_bases < max_bases) {
        if (m_read1->read(r1, 1, UINT64_MAX) == 0) break;
        if (m_read1->read(r2, 1, UINT64_MAX) == 0) {
            throw_input_error(m_read1->path() + ": record " + std::to_string(m_read1->records_read()) +
                              ": interleaved input ends with an unpaired read");
        }
        ++pairs;
    }
    check_names(r1, r2, from);
    m_pairs += pairs;
    return pairs;
}

void PairedReader::check_names(const ReadBatch& r1, const ReadBatch& r2, std::size_t from) const {
    for (std::size_t i = from; i < r1.size(); ++i) {
        std::string_view id1 = mate_id(r1[i].name);
        std::string_view id2 = mate_id(r2[i].name);
        if (id1 != id2) {
            const std::uint64_t pair_no = m_pairs + (i - from) + 1;
            const std::string where = m_read2 ? m_read1->path() + " and " + m_read2->path()
                                              : m_read1->path() + " (interleaved)";
            throw_input_error(where + ": pair " + std::to_string(pair_no) + ": mate names differ ('" + std::string(id1) +
                              "' vs '" + std::string(id2) + "'); are the files in the same order?");
        }
    }
}

}  // namespace plateau::core
