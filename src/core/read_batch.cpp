#include "core/read_batch.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstring>

namespace plateau::core {

std::string_view mate_id(std::string_view name) {
    std::size_t end = 0;
    while (end < name.size() && name[end] != ' ' && name[end] != '\t') ++end;
    std::string_view id = name.substr(0, end);
    if (id.size() >= 2 && id[id.size() - 2] == '/' && (id.back() == '1' || id.back() == '2'))
        id.remove_suffix(2);
    return id;
}

void ReadBatch::clear() {
    m_size = 0;
    m_records.clear();
    m_bases = 0;
    m_pending_start = 0;
    first_ordinal = 0;
}

ReadView ReadBatch::operator[](std::size_t i) const {
    const Record& r = m_records[i];
    const char* base = m_bytes.get();
    return {{base + r.name.begin, r.name.size}, {base + r.seq.begin, r.seq.size}, {base + r.qual.begin, r.qual.size}};
}

void ReadBatch::begin_read() {
    m_size = m_pending_start;  // drop an unfinished read
    m_pending = Record{};
}

void ReadBatch::end_read() {
    m_records.push_back(m_pending);
    m_bases += m_pending.seq.size;
    m_pending_start = m_size;
}

ReadBatch::Field ReadBatch::append(std::string_view text) {
    char* dst = nullptr;
    Field field;
    dst = reserve_field(field, text.size());
    if (!text.empty()) std::memcpy(dst, text.data(), text.size());
    return field;
}

void ReadBatch::ensure_capacity(std::size_t needed) {
    if (needed <= m_capacity) return;
    if (needed > UINT32_MAX) throw Error(ErrorCode::ResourceExhausted, "read batch exceeds 4 GiB");
    std::size_t capacity = std::max<std::size_t>(needed, std::max<std::size_t>(m_capacity * 2, 1 << 16));
    auto grown = std::make_unique_for_overwrite<char[]>(capacity);
    if (m_size > 0) std::memcpy(grown.get(), m_bytes.get(), m_size);
    m_bytes = std::move(grown);
    m_capacity = capacity;
}

char* ReadBatch::reserve_field(Field& field, std::size_t len) {
    ensure_capacity(m_size + len);
    field.begin = static_cast<std::uint32_t>(m_size);
    field.size = static_cast<std::uint32_t>(len);
    m_size += len;
    return m_bytes.get() + field.begin;
}

char* ReadBatch::extend_field(Field& field, std::size_t len) {
    if (field.begin + field.size != m_size) throw Error(ErrorCode::Internal, "read batch: only the last field can grow");
    ensure_capacity(m_size + len);
    char* dst = m_bytes.get() + m_size;
    field.size += static_cast<std::uint32_t>(len);
    m_size += len;
    return dst;
}

void ReadBatch::add(std::string_view name, std::string_view seq, std::string_view qual) {
    begin_read();
    set_name(name);
    set_seq(seq);
    set_qual(qual);
    end_read();
}

}  // namespace plateau::core
