#include "amplicon/merge_output.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace plateau::amplicon {

namespace {

constexpr std::size_t k_flush_bytes = 1U << 20;
constexpr core::OutputOptions k_stream_output{.sync = false, .mode = 0};

// FROGS' read id for combined reads: the header up to the first blank, without "/1" or ".1".
std::string_view frogs_id(std::string_view header) {
    std::string_view id = header.substr(0, std::min(header.find_first_of(" \t"), header.size()));
    if (id.size() >= 2 && (id[id.size() - 2] == '/' || id[id.size() - 2] == '.') && id.back() == '1')
        id.remove_suffix(2);
    return id;
}

char complement_base(char c) {
    switch (c) {
        case 'A': return 'T';
        case 'C': return 'G';
        case 'G': return 'C';
        case 'T': case 'U': return 'A';
        case 'R': return 'Y';
        case 'Y': return 'R';
        case 'K': return 'M';
        case 'M': return 'K';
        case 'B': return 'V';
        case 'V': return 'B';
        case 'D': return 'H';
        case 'H': return 'D';
        case 'S': return 'S';
        case 'W': return 'W';
        default: return 'N';
    }
}

}  // namespace

MergeWriter::MergeWriter(const MergeOptions& o) : m_options(o) {
    open(merged_fastq, o.fastq_out);
    open(merged_fasta, o.fasta_out);
    open(fwd_fastq, o.notmerged_fwd_fastq);
    open(rev_fastq, o.notmerged_rev_fastq);
    open(fwd_fasta, o.notmerged_fwd_fasta);
    open(rev_fasta, o.notmerged_rev_fasta);
    open(ee_table, o.ee_tabbed_out);
}

void MergeWriter::open(Stream s, const std::string& path) {
    if (path.empty()) return;
    m_out[s].file = std::make_unique<core::OutputFile>(path, k_stream_output);
    m_out[s].gzip = core::is_gzip_path(path);
}

void MergeWriter::begin_sample(const PairedSample& sample) {
    m_counts = MergeCounts{};
    m_prefix = m_options.relabel;
    m_sample_tag.clear();
    if (sample.name.empty()) return;
    m_sample_tag = ";sample=" + sample.name;
    if (!m_options.keep_labels) m_prefix = sample.name + ".";
}

// vsearch: the relabel prefix and the ordinal, or the whole header line; then ";sample=".
std::string& MergeWriter::label(std::string_view header, std::uint64_t ordinal, std::string_view suffix) {
    m_label.clear();
    if (m_prefix.empty()) {
        m_label.append(suffix.empty() ? header : frogs_id(header));
    } else {
        m_label.append(m_prefix).append(std::to_string(ordinal));
    }
    m_label.append(suffix).append(m_sample_tag);
    return m_label;
}

void MergeWriter::write_merged(std::string_view header, const MatePair& p) {
    const std::string& name = label(header, m_counts.merged);
    if (wanted(merged_fastq)) core::append_fastq(m_out[merged_fastq].buffer, name, p.merged_seq, p.merged_qual);
    if (wanted(merged_fasta))
        core::append_fasta(m_out[merged_fasta].buffer, name, p.merged_seq, m_options.fasta_width);
    if (wanted(ee_table)) {
        char row[96];
        std::snprintf(row, sizeof row, "%.2lf\t%.2lf\t%" PRId64 "\t%" PRId64 "\n", p.ee_fwd, p.ee_rev, p.fwd_errors,
                      p.rev_errors);
        m_out[ee_table].buffer += row;
    }
}

void MergeWriter::write_not_merged(std::string_view fwd_header, std::string_view rev_header, const MatePair& p) {
    const std::uint64_t n = m_counts.not_merged;
    if (wanted(fwd_fastq)) core::append_fastq(m_out[fwd_fastq].buffer, label(fwd_header, n), p.fwd_seq, p.fwd_qual);
    if (wanted(rev_fastq)) core::append_fastq(m_out[rev_fastq].buffer, label(rev_header, n), p.rev_seq, p.rev_qual);
    if (wanted(fwd_fasta))
        core::append_fasta(m_out[fwd_fasta].buffer, label(fwd_header, n), p.fwd_seq, m_options.fasta_width);
    if (wanted(rev_fasta))
        core::append_fasta(m_out[rev_fasta].buffer, label(rev_header, n), p.rev_seq, m_options.fasta_width);
}

// FROGS combine_and_split.py: R1, the spacer, reverse complement of R2; qualities R1, Q0 for the
// spacer, R2's reversed.
void MergeWriter::write_combined(std::string_view fwd_header, const MatePair& p) {
    const std::size_t spacer = m_options.spacer_length;
    m_seq.assign(p.fwd_seq).append(spacer, 'N');
    m_qual.assign(p.fwd_qual).append(spacer, static_cast<char>(m_options.ascii));
    for (auto it = p.rev_seq.rbegin(); it != p.rev_seq.rend(); ++it) m_seq.push_back(complement_base(*it));
    m_qual.append(p.rev_qual.rbegin(), p.rev_qual.rend());
    const std::string& name = label(fwd_header, m_counts.combined, "_FROGS_combined");
    if (wanted(merged_fastq)) core::append_fastq(m_out[merged_fastq].buffer, name, m_seq, m_qual);
    if (wanted(merged_fasta)) core::append_fasta(m_out[merged_fasta].buffer, name, m_seq, m_options.fasta_width);
}

void MergeWriter::add(std::string_view fwd_header, std::string_view rev_header, const MatePair& p) {
    MergeCounts& c = m_counts;
    ++c.pairs;
    c.sum_read_length += static_cast<double>(p.fwd_seq.size() + p.rev_seq.size());
    if (p.merged) {
        ++c.merged;
        const auto len = static_cast<double>(p.merged_seq.size());
        c.sum_fragment_length += len;
        c.sum_squared_fragment_length += len * len;
        c.sum_ee_merged += p.ee_merged, c.sum_ee_fwd += p.ee_fwd, c.sum_ee_rev += p.ee_rev;
        c.sum_errors_fwd += static_cast<std::uint64_t>(p.fwd_errors);
        c.sum_errors_rev += static_cast<std::uint64_t>(p.rev_errors);
        write_merged(fwd_header, p);
        return;
    }
    ++c.failures[static_cast<std::size_t>(p.failure)];
    ++c.not_merged;
    write_not_merged(fwd_header, rev_header, p);
    if (m_options.keep_unmerged) {
        ++c.combined;
        write_combined(fwd_header, p);
    }
}

// Plain outputs are written at once; a gzip block is compressed by a helper thread, and the
// oldest blocks are written once more than `keep_pending` are on their way.
void MergeWriter::write_block(Output& out, std::size_t keep_pending) {
    if (!out.buffer.empty()) {
        if (!out.gzip) {
            out.file->write(out.buffer);
            out.buffer.clear();
        } else {
            const int level = m_options.compression;
            out.compressing.push_back(std::async(std::launch::async, [block = std::move(out.buffer), level] {
                core::GzipCompressor gzip(level);
                std::string member;
                gzip.compress_append(block, member);
                return member;
            }));
            out.buffer = std::string();
        }
    }
    while (out.compressing.size() > keep_pending) {
        out.file->write(out.compressing.front().get());
        out.compressing.pop_front();
    }
}

void MergeWriter::flush(bool force) {
    const auto pending = static_cast<std::size_t>(std::max(m_options.threads, 1));
    for (Output& out : m_out) {
        if (!out.file || (!force && out.buffer.size() < k_flush_bytes)) continue;
        write_block(out, force ? 0 : pending);
    }
}

void MergeWriter::commit() {
    flush(true);
    for (Output& out : m_out)
        if (out.file) out.file->commit();
}

}  // namespace plateau::amplicon
