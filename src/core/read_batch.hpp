// ReadBatch: a block of sequencing reads stored in one contiguous byte buffer.
// Reads are appended field by field by the parsers; views stay valid until the batch is modified.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::core {

struct ReadView {
    std::string_view name;  // header line without '@'/'>' (identifier and comment)
    std::string_view seq;
    std::string_view qual;  // empty for FASTA input
};

// The identifier part of a read name: up to the first whitespace, without a trailing "/1" or "/2".
[[nodiscard]] std::string_view mate_id(std::string_view name);

class ReadBatch {
public:
    void clear();
    [[nodiscard]] std::size_t size() const { return m_records.size(); }
    [[nodiscard]] bool empty() const { return m_records.empty(); }
    [[nodiscard]] std::uint64_t bases() const { return m_bases; }
    [[nodiscard]] ReadView operator[](std::size_t i) const;

    // Builder: begin_read(), then name/seq/qual once each, then end_read(). A read begun but
    // not ended is dropped by the next begin_read() or clear().
    void begin_read();
    void set_name(std::string_view name) { m_pending.name = append(name); }
    void set_seq(std::string_view seq) { m_pending.seq = append(seq); }
    void set_qual(std::string_view qual) { m_pending.qual = append(qual); }
    char* set_seq_raw(std::size_t len) { return reserve_field(m_pending.seq, len); }
    char* set_qual_raw(std::size_t len) { return reserve_field(m_pending.qual, len); }
    // Line-wrapped records: lengthen the sequence (or quality) just set, while it is still the
    // last field written; returns where the `len` new bytes go. Throws Internal otherwise.
    char* extend_seq_raw(std::size_t len) { return extend_field(m_pending.seq, len); }
    char* extend_qual_raw(std::size_t len) { return extend_field(m_pending.qual, len); }
    // The name of the read being built (valid until the batch is modified).
    [[nodiscard]] std::string_view pending_name() const {
        return {m_bytes.get() + m_pending.name.begin, m_pending.name.size};
    }
    void end_read();

    void add(std::string_view name, std::string_view seq, std::string_view qual);

    std::uint64_t first_ordinal = 0;  // 0-based record number of the first read in its input

private:
    struct Field { std::uint32_t begin = 0, size = 0; };
    struct Record { Field name, seq, qual; };
    Field append(std::string_view text);
    char* reserve_field(Field& field, std::size_t len);
    char* extend_field(Field& field, std::size_t len);

    void ensure_capacity(std::size_t needed);
    // Raw buffer (not std::string: resizing would zero-fill bytes about to be overwritten).
    std::unique_ptr<char[]> m_bytes;
    std::size_t m_size = 0, m_capacity = 0;
    std::vector<Record> m_records;
    Record m_pending;
    std::size_t m_pending_start = 0;
    std::uint64_t m_bases = 0;
};

}  // namespace plateau::core
