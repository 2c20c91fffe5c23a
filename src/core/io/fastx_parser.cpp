#include "core/io/fastx_parser.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace plateau::core {
namespace {

constexpr std::size_t k_initial_buffer = 4 << 20;

bool is_sequence_char(char c) {
    unsigned folded = static_cast<unsigned>(static_cast<unsigned char>(c) | 0x20u) - 'a';
    return folded < 26u || c == '.' || c == '-' || c == '*';
}

// Copies a sequence line, upper-casing bases and turning '.' into 'N' unless Keep; returns false
// if any character is not a sequence character. Written branch-free so the compiler vectorises it.
template <bool Keep>
bool copy_sequence(std::string_view line, char* dst) {
    bool all_valid = true;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        all_valid &= is_sequence_char(c);
        if constexpr (Keep) {
            dst[i] = c;
        } else {
            char upper = static_cast<char>(c - ((c >= 'a' && c <= 'z') ? 32 : 0));
            dst[i] = upper == '.' ? 'N' : upper;
        }
    }
    return all_valid;
}

bool valid_quality(std::string_view qual) {
    bool ok = true;
    for (char c : qual) ok &= (c >= '!' && c <= '~');
    return ok;
}

// Input character -> Phred+33 character for each encoding; 0 marks characters outside its range.
std::array<char, 256> quality_table(QualityEncoding encoding) {
    std::array<char, 256> table{};
    for (int c = '!'; c <= '~'; ++c) {
        switch (encoding) {
        case QualityEncoding::phred33: table[static_cast<std::size_t>(c)] = static_cast<char>(c); break;
        case QualityEncoding::phred64:
            if (c >= '@') table[static_cast<std::size_t>(c)] = static_cast<char>(c - 31);
            break;
        case QualityEncoding::solexa64:
            if (c >= ';') {
                const double solexa = c - 64;
                const double phred = 10.0 * std::log10(std::pow(10.0, solexa / 10.0) + 1.0);
                table[static_cast<std::size_t>(c)] = static_cast<char>(33 + static_cast<int>(std::lround(phred)));
            }
            break;
        }
    }
    return table;
}

// The identifier part of a header: up to the first space or tab.
std::string_view identifier(std::string_view header) {
    return header.substr(0, std::min(header.find_first_of(" \t"), header.size()));
}

std::string describe_char(char c) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 32 && u < 127) return std::string("'") + c + "'";
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", u);
    return hex;
}

}  // namespace

FastxParser::FastxParser(std::unique_ptr<ByteSource> source, SequenceFormat format, QualityEncoding encoding,
                         SequenceLetters letters)
    : SequenceReader(source->path(), format),
      m_source(std::move(source)),
      m_encoding(encoding),
      m_letters(letters),
      m_to_phred33(quality_table(encoding)),
      m_buffer(k_initial_buffer) {}

void FastxParser::fail(const std::string& problem) const {
    throw_input_error(path() + ": record " + std::to_string(m_records_read + 1) + " (line " + std::to_string(m_line) +
                      "): " + problem);
}

std::optional<std::string_view> FastxParser::next_line() {
    for (;;) {
        const char* start = m_buffer.data() + m_begin;
        if (const void* nl = std::memchr(start, '\n', m_end - m_begin)) {
            std::size_t len = static_cast<const char*>(nl) - start;
            m_begin += len + 1;
            ++m_line;
            if (len > 0 && start[len - 1] == '\r') --len;
            return std::string_view(start, len);
        }
        if (m_eof) {
            if (m_begin == m_end) return std::nullopt;
            std::string_view last(start, m_end - m_begin);  // final line without a newline
            m_begin = m_end;
            ++m_line;
            if (!last.empty() && last.back() == '\r') last.remove_suffix(1);
            return last;
        }
        // Move the partial line to the front, grow if a single line fills the buffer, then refill.
        std::size_t partial = m_end - m_begin;
        if (m_begin > 0) std::memmove(m_buffer.data(), start, partial);
        m_begin = 0;
        m_end = partial;
        if (m_end == m_buffer.size()) m_buffer.resize(m_buffer.size() * 2);
        std::size_t n = m_source->read(m_buffer.data() + m_end, m_buffer.size() - m_end);
        if (n == 0) m_eof = true;
        m_end += n;
    }
}

void FastxParser::check_sequence(std::string_view seq) const {
    auto bad = std::find_if(seq.begin(), seq.end(), [](char c) { return !is_sequence_char(c); });
    fail("invalid character " + describe_char(*bad) + " in the sequence at position " +
         std::to_string(bad - seq.begin() + 1));
}

void FastxParser::check_quality(std::string_view qual, std::size_t done) const {
    auto bad = std::find_if(qual.begin(), qual.end(), [this](char c) { return m_to_phred33[static_cast<unsigned char>(c)] == 0; });
    const char* range = m_encoding == QualityEncoding::phred33 ? "'!'..'~'" : m_encoding == QualityEncoding::phred64 ? "'@'..'~'" : "';'..'~'";
    fail("invalid quality character " + describe_char(*bad) + " at position " + std::to_string(done + (bad - qual.begin()) + 1) +
         " (" + encoding_name(m_encoding) + " allows " + range + ")");
}

void FastxParser::copy_sequence_line(std::string_view line, char* dst) const {
    const bool valid = m_letters == SequenceLetters::keep ? copy_sequence<true>(line, dst) : copy_sequence<false>(line, dst);
    if (!valid) check_sequence(line);
}

// Copies one quality line to dst as Phred+33; `done` = quality characters before this line.
void FastxParser::copy_quality(std::string_view line, char* dst, std::size_t done) const {
    if (m_encoding == QualityEncoding::phred33) {
        if (!valid_quality(line)) check_quality(line, done);
        if (!line.empty()) std::memcpy(dst, line.data(), line.size());
        return;
    }
    bool all_valid = true;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char out = m_to_phred33[static_cast<unsigned char>(line[i])];
        all_valid &= out != 0;
        dst[i] = out;
    }
    if (!all_valid) check_quality(line, done);
}

// Slow path: sequence lines after the first, up to the '+' line (which is returned).
std::string_view FastxParser::read_wrapped_sequence(ReadBatch& batch, std::string_view line, std::size_t& seq_len) {
    for (;;) {
        if (!line.empty() && line[0] == '+') return line;
        if (!line.empty() && line[0] == '@') fail("expected a '+' line after the sequence, found a line starting with '@'");
        copy_sequence_line(line, batch.extend_seq_raw(line.size()));
        seq_len += line.size();
        std::optional<std::string_view> next = next_line();
        if (!next) fail("truncated record: the file ends before the '+' line");
        line = *next;
    }
}

// A '+' line may repeat the header; if it does, it must name the same record.
void FastxParser::check_plus_line(const ReadBatch& batch, std::string_view repeated) const {
    if (repeated.empty()) return;
    const std::string_view name = batch.pending_name();
    if (repeated == name) return;
    const std::string_view id = identifier(repeated);
    if (id.empty() || id == identifier(name)) return;
    fail("the '+' line names '" + std::string(id) + "', not the header's '" + std::string(identifier(name)) + "'");
}

// Slow path: a quality line shorter than the sequence continues on the next lines until the
// quality is as long as the sequence (its lines may start with '@' or '+').
void FastxParser::read_wrapped_quality(ReadBatch& batch, std::string_view first, std::size_t seq_len) {
    const std::size_t first_size = first.size();
    auto lengths_differ = [&](std::size_t total) {
        std::string problem = "sequence and quality lengths differ (" + std::to_string(seq_len) + " vs " + std::to_string(first_size);
        if (total != first_size) problem += ", or " + std::to_string(total) + " reading the next line as wrapped quality";
        fail(problem + ")");
    };
    if (first_size > seq_len) lengths_differ(first_size);
    copy_quality(first, batch.set_qual_raw(first_size), 0);
    std::size_t have = first_size;
    while (have < seq_len) {
        std::optional<std::string_view> line = next_line();
        if (!line) {
            fail("sequence and quality lengths differ (" + std::to_string(seq_len) + " vs " + std::to_string(have) +
                 "): the file ends before the quality is complete");
        }
        if (have + line->size() > seq_len) lengths_differ(have + line->size());
        copy_quality(*line, batch.extend_qual_raw(line->size()), have);
        have += line->size();
    }
}

bool FastxParser::read_fastq_record(ReadBatch& batch) {
    std::optional<std::string_view> line = next_line();
    while (line && line->empty()) line = next_line();  // blank lines between records / at the end
    if (!line) return false;
    if ((*line)[0] != '@') {
        fail("expected '@' at the start of a FASTQ header, found " + describe_char((*line)[0]));
    }
    batch.begin_read();
    batch.set_name(line->substr(1));

    line = next_line();
    if (!line) fail("truncated record: the file ends after the header");
    std::size_t seq_len = line->size();
    copy_sequence_line(*line, batch.set_seq_raw(seq_len));

    line = next_line();
    if (!line) fail("truncated record: the file ends after the sequence");
    std::string_view plus = *line;
    if (plus.empty() || plus[0] != '+') plus = read_wrapped_sequence(batch, plus, seq_len);
    check_plus_line(batch, plus.substr(1));

    line = next_line();
    if (!line) fail("truncated record: the file ends before the quality line");
    if (line->size() == seq_len) copy_quality(*line, batch.set_qual_raw(seq_len), 0);
    else read_wrapped_quality(batch, *line, seq_len);
    batch.end_read();
    return true;
}

bool FastxParser::read_fasta_record(ReadBatch& batch) {
    if (!m_fasta_started) {
        m_fasta_started = true;
        std::optional<std::string_view> line = next_line();
        while (line && line->empty()) line = next_line();
        if (!line) return false;
        if ((*line)[0] != '>') fail("expected '>' at the start of a FASTA header, found " + describe_char((*line)[0]));
        m_fasta_header.assign(line->substr(1));
        m_fasta_pending = true;
    }
    if (!m_fasta_pending) return false;
    batch.begin_read();
    batch.set_name(m_fasta_header);
    m_fasta_pending = false;
    std::string& sequence = m_fasta_sequence;
    sequence.clear();
    while (std::optional<std::string_view> line = next_line()) {
        if (!line->empty() && (*line)[0] == '>') {
            m_fasta_header.assign(line->substr(1));
            m_fasta_pending = true;
            break;
        }
        std::size_t old = sequence.size();
        sequence.resize(old + line->size());
        copy_sequence_line(*line, sequence.data() + old);
    }
    batch.set_seq(sequence);
    batch.set_qual({});
    batch.end_read();
    return true;
}

std::size_t FastxParser::read(ReadBatch& batch, std::size_t max_reads, std::uint64_t max_bases) {
    std::size_t added = 0;
    std::uint64_t bases_at_start = batch.bases();
    const bool fastq = format() == SequenceFormat::fastq;
    while (added < max_reads && batch.bases() - bases_at_start < max_bases) {
        bool got = fastq ? read_fastq_record(batch) : read_fasta_record(batch);
        if (!got) break;
        ++added;
        ++m_records_read;
    }
    return added;
}

}  // namespace plateau::core
