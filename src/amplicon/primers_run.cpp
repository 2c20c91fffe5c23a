// plateau-amplicon primers: options, the per-read primer cut and the streamed run.
// FROGS 5.0.2 (tools/denoising/denoising.py, Cutadapt5prim and Cutadapt3prim) runs two cutadapt
// passes on merged reads; a read without the 5' primer never reaches the 3' pass. cutadapt
// removes the 5' primer with everything before it (read[read_stop:]) and the 3' primer with
// everything after it (read[:read_start]); reads trimmed to nothing are still written.
#include "amplicon/primers_api.hpp"
#include "amplicon/read_stream.hpp"
#include "amplicon/step_report.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace plateau::amplicon {

PrimerSummary& PrimerSummary::operator+=(const PrimerSummary& o) {
    reads += o.reads;
    bases += o.bases;
    with_five_prime += o.with_five_prime;
    with_three_prime += o.with_three_prime;
    discarded_no_five_prime += o.discarded_no_five_prime;
    discarded_no_three_prime += o.discarded_no_three_prime;
    written += o.written;
    bases_written += o.bases_written;
    return *this;
}

PrimerSpec parse_primer(const std::string& text, const std::string& flag, bool five_prime) {
    PrimerSpec spec;
    std::string s = text;
    const char anchor = five_prime ? '^' : '$';
    if (!s.empty() && five_prime && s.front() == anchor) {
        spec.anchored = true;
        s.erase(0, 1);
    } else if (!s.empty() && !five_prime && s.back() == anchor) {
        spec.anchored = true;
        s.pop_back();
    }
    if (s.empty()) throw_usage_error(flag + " '" + text + "': the primer is empty");
    for (char c : s) {
        char u = static_cast<char>(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
        if (u == 'U') u = 'T';
        if (u == 'I') u = 'N';
        if (u != 'X' && iupac_code(u) == 0) {
            throw_usage_error(flag + " '" + text + "': '" + std::string(1, c) +
                              "' is not an IUPAC nucleotide code (ABCDGHIKMNRSTUVWXY" +
                              (five_prime ? "; ^ anchors a 5' primer at the read start)" : "; $ anchors a 3' primer at the read end)"));
        }
        spec.sequence.push_back(u);
    }
    if (std::all_of(spec.sequence.begin(), spec.sequence.end(), [](char c) { return c == 'N'; }))
        throw_usage_error(flag + " '" + text + "': a primer of N only matches anywhere");
    return spec;
}

void validate(const PrimerOptions& o) {
    if (o.five_prime.empty() && o.three_prime.empty())
        throw_usage_error("primers: give a 5' primer (-g/--front) and/or a 3' primer (-a/--adapter)");
    if (!o.five_prime.empty()) (void)parse_primer(o.five_prime, "-g/--front", true);
    if (!o.three_prime.empty()) (void)parse_primer(o.three_prime, "-a/--adapter", false);
    if (!(o.error_rate >= 0.0) || o.error_rate > 1e6) {
        std::ostringstream v;
        v << o.error_rate;
        throw_usage_error("-e/--error-rate " + v.str() + ": must be a rate in [0, 1) or a number of errors >= 1");
    }
    if (o.overlap < 0) throw_usage_error("-O/--overlap " + std::to_string(o.overlap) + ": must be at least 1 (0: primer length - 1)");
    if (o.compression < 1 || o.compression > 12)
        throw_usage_error("--compression " + std::to_string(o.compression) + ": must be 1 to 12");
    if (o.threads < 1) throw_usage_error("--threads " + std::to_string(o.threads) + ": must be at least 1");
    if (o.input.empty() || o.output.empty()) throw_usage_error("primers: input and -o/--output must not be empty");
}

namespace {

PrimerAligner make_aligner(const PrimerOptions& o, const PrimerSpec& spec, bool five_prime) {
    const int length = static_cast<int>(spec.sequence.size());
    const int non_n = static_cast<int>(std::count_if(spec.sequence.begin(), spec.sequence.end(), [](char c) { return c != 'N'; }));
    // cutadapt: a value >= 1 is a number of errors, turned into a rate of the non-N length.
    const double rate = o.error_rate >= 1.0 ? o.error_rate / non_n : o.error_rate;
    // Anchored primers must align whole; otherwise FROGS' len-1 unless -O says otherwise,
    // never more than the primer length (cutadapt's min(min_overlap, len)).
    int overlap = o.overlap > 0 ? o.overlap : std::max(1, length - 1);
    overlap = spec.anchored ? length : std::min(overlap, length);
    const unsigned where = five_prime ? (spec.anchored ? k_where_prefix : k_where_front)
                                      : (spec.anchored ? k_where_suffix : k_where_back);
    return PrimerAligner(spec.sequence, rate, where, o.read_wildcards, overlap);
}

// --revcomp: where a read stands after some passes: orient(read[lo, hi)), orient = identity or
// reverse complement. Each pass aligns its primer to the current text and to its reverse
// complement and keeps the reverse complement only with a strictly higher score (cutadapt's
// ReverseComplementer, one adapter per pass).
struct StrandState {
    std::size_t lo = 0, hi = 0;
    bool reversed = false;
    int flips = 0;
};

bool strand_pass(const PrimerAligner& aligner, bool five_prime, std::string_view seq, StrandState& st,
                 AlignScratch& scratch) {
    const std::string_view part = seq.substr(st.lo, st.hi - st.lo);
    reverse_complement(part, scratch.text);
    const std::string_view current = st.reversed ? std::string_view(scratch.text) : part;
    const std::string_view other = st.reversed ? part : std::string_view(scratch.text);
    const auto forward = aligner.locate(current, scratch);
    const auto reverse = aligner.locate(other, scratch);
    const bool flip = reverse && reverse->score > (forward ? forward->score : 0);
    const std::optional<PrimerMatch>& m = flip ? reverse : forward;
    if (!m) return false;
    if (flip) {
        st.reversed = !st.reversed;
        ++st.flips;
    }
    if (five_prime) {  // drop the first read_stop letters of the current text
        const auto k = static_cast<std::size_t>(m->read_stop);
        if (st.reversed) st.hi -= k; else st.lo += k;
    } else {  // keep the first read_start letters
        const auto k = static_cast<std::size_t>(m->read_start);
        if (st.reversed) st.lo = st.hi - k; else st.hi = st.lo + k;
    }
    return true;
}

}  // namespace

PrimerCut PrimerTrimmer::cut_both_strands(std::string_view seq, AlignScratch& scratch) const {
    PrimerCut c;
    StrandState st{0, seq.size(), false, 0};
    if (m_five) {
        c.five_found = strand_pass(*m_five, true, seq, st, scratch);
        if (!c.five_found && !m_keep_untrimmed) c.fate = PrimerCut::Fate::no_five_prime;
    }
    if (m_three && c.fate == PrimerCut::Fate::kept) {
        c.three_found = strand_pass(*m_three, false, seq, st, scratch);
        if (!c.three_found && !m_keep_untrimmed) c.fate = PrimerCut::Fate::no_three_prime;
    }
    c.begin = st.lo;
    c.end = st.hi;
    c.reversed = st.reversed;
    c.flips = st.flips;
    return c;
}

PrimerTrimmer::PrimerTrimmer(const PrimerOptions& o) : m_keep_untrimmed(o.keep_untrimmed), m_revcomp(o.revcomp) {
    if (!o.five_prime.empty()) m_five.emplace(make_aligner(o, parse_primer(o.five_prime, "-g/--front", true), true));
    if (!o.three_prime.empty())
        m_three.emplace(make_aligner(o, parse_primer(o.three_prime, "-a/--adapter", false), false));
}

PrimerCut PrimerTrimmer::cut(std::string_view seq, AlignScratch& scratch) const {
    if (m_revcomp) return cut_both_strands(seq, scratch);
    PrimerCut c;
    c.end = seq.size();
    if (m_five) {
        const auto match = m_five->locate(seq, scratch);
        c.five_found = match.has_value();
        if (match) {
            c.begin = static_cast<std::size_t>(match->read_stop);
        } else if (!m_keep_untrimmed) {
            c.fate = PrimerCut::Fate::no_five_prime;
            return c;
        }
    }
    if (m_three) {
        const auto match = m_three->locate(seq.substr(c.begin), scratch);
        c.three_found = match.has_value();
        if (match) {
            c.end = c.begin + static_cast<std::size_t>(match->read_start);
        } else if (!m_keep_untrimmed) {
            c.fate = PrimerCut::Fate::no_three_prime;
        }
    }
    return c;
}

void PrimerTrimmer::count(const PrimerCut& c, std::size_t read_length, PrimerSummary& s) const {
    ++s.reads;
    s.bases += read_length;
    if (c.five_found) ++s.with_five_prime;
    if (c.three_found) ++s.with_three_prime;
    switch (c.fate) {
        case PrimerCut::Fate::no_five_prime: ++s.discarded_no_five_prime; return;
        case PrimerCut::Fate::no_three_prime: ++s.discarded_no_three_prime; return;
        case PrimerCut::Fate::kept: break;
    }
    ++s.written;
    s.bases_written += c.end - c.begin;
}

PrimerSummary run_primers(const PrimerOptions& o) {
    validate(o);
    const PrimerTrimmer trimmer(o);
    std::vector<AlignScratch> scratch(static_cast<std::size_t>(o.threads));
    const StreamSpec spec{o.input, o.output, o.fasta_out, o.compression, o.threads, o.progress, {}};
    const auto decide = [&](PrimerSummary& counts, std::size_t w, const core::ReadView& read, std::uint64_t) {
        const PrimerCut c = trimmer.cut(read.seq, scratch[w]);
        trimmer.count(c, read.seq.size(), counts);
        return ReadSlice{c.fate == PrimerCut::Fate::kept, c.begin, c.end, c.reversed, c.flips};
    };
    return stream_counted<PrimerSummary>(spec, o.json_out, decide, [&](const PrimerSummary& total, double seconds) {
        return primers_report_json(o, total, seconds);
    });
}

}  // namespace plateau::amplicon
