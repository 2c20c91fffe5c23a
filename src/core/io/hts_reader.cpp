#include "core/io/hts_reader.hpp"

#include "core/error.hpp"

#include <htslib/sam.h>

#include <algorithm>
#include <string>

namespace plateau::core {
namespace {

struct HtsFileCloser {
    void operator()(htsFile* f) const {
        if (f) hts_close(f);
    }
};
struct HeaderDeleter {
    void operator()(sam_hdr_t* h) const { sam_hdr_destroy(h); }
};
struct BamDeleter {
    void operator()(bam1_t* b) const { bam_destroy1(b); }
};

char complement(char base) {
    switch (base) {
    case 'A': return 'T';
    case 'C': return 'G';
    case 'G': return 'C';
    case 'T': return 'A';
    default: return 'N';
    }
}

class HtsReader final : public SequenceReader {
public:
    HtsReader(const std::string& name, htsFile* file, SequenceFormat format)
        : SequenceReader(name, format), m_file(file), m_record(bam_init1()) {
        m_header.reset(sam_hdr_read(m_file.get()));
        if (!m_header) throw_input_error(name + ": cannot read the " + format_name(format) + " header");
    }

    std::size_t read(ReadBatch& batch, std::size_t max_reads, std::uint64_t max_bases) override {
        std::size_t added = 0;
        std::uint64_t start_bases = batch.bases();
        while (added < max_reads && batch.bases() - start_bases < max_bases) {
            int rc = sam_read1(m_file.get(), m_header.get(), m_record.get());
            if (rc == -1) break;
            if (rc < -1)
                throw_input_error(path() + ": record " + std::to_string(m_records_seen + 1) + ": malformed or truncated " +
                                  format_name(format()) + " record");
            ++m_records_seen;
            if (m_record->core.flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY)) continue;
            append(batch);
            ++added;
            ++m_records_read;
        }
        return added;
    }

private:
    // Reads come back in their sequencing orientation (reverse-strand alignments are flipped), as FastQC does.
    void append(ReadBatch& batch) {
        const bam1_t* b = m_record.get();
        const int len = b->core.l_qseq;
        const bool reverse = (b->core.flag & BAM_FREVERSE) != 0;
        const std::uint8_t* seq = bam_get_seq(b);
        const std::uint8_t* qual = bam_get_qual(b);
        batch.begin_read();
        batch.set_name(bam_get_qname(b));
        char* s = batch.set_seq_raw(len);
        for (int i = 0; i < len; ++i) {
            char base = seq_nt16_str[bam_seqi(seq, i)];
            if (reverse) s[len - 1 - i] = complement(base);
            else s[i] = base;
        }
        const bool has_qual = len > 0 && qual[0] != 0xff;
        char* q = batch.set_qual_raw(has_qual ? len : 0);
        if (has_qual) {
            for (int i = 0; i < len; ++i) {
                char c = static_cast<char>(std::min(qual[i], std::uint8_t{93}) + 33);
                q[reverse ? len - 1 - i : i] = c;
            }
        }
        batch.end_read();
    }

    std::unique_ptr<htsFile, HtsFileCloser> m_file;
    std::unique_ptr<sam_hdr_t, HeaderDeleter> m_header;
    std::unique_ptr<bam1_t, BamDeleter> m_record;
    std::uint64_t m_records_seen = 0;
};

}  // namespace

std::unique_ptr<SequenceReader> make_hts_reader(const std::string& name, hFILE* file, const htsFormat& detected,
                                                int hts_threads) {
    htsFile* hts = hts_hopen(file, name.c_str(), "r");
    if (!hts) {
        hclose_abruptly(file);
        throw_input_error(name + ": cannot open as SAM/BAM/CRAM");
    }
    if (hts_threads > 0) hts_set_threads(hts, hts_threads);
    SequenceFormat format = detected.format == bam ? SequenceFormat::bam
                            : detected.format == cram ? SequenceFormat::cram
                                                      : SequenceFormat::sam;
    return std::make_unique<HtsReader>(name, hts, format);
}

}  // namespace plateau::core
