// plateau-amplicon filter: options, the per-read verdict and the streamed run.
// vsearch 2.22.1 (filter.cc, analyse): EE accumulates exp10(-0.1 * Q) base by base and a read
// goes when EE > --fastq_maxee; length outside [--fastq_minlen, --fastq_maxlen] or more than
// --fastq_maxns N/n goes too. FROGS' filterSeq.py tests length first, then N; the reason counted
// is the first that fails in that order, expected errors last.
#include "amplicon/filter_api.hpp"
#include "amplicon/read_stream.hpp"
#include "amplicon/step_report.hpp"

#include "core/error.hpp"

#include <cmath>
#include <sstream>

namespace plateau::amplicon {

FilterSummary& FilterSummary::operator+=(const FilterSummary& o) {
    reads += o.reads;
    bases += o.bases;
    too_short += o.too_short;
    too_long += o.too_long;
    too_many_ns += o.too_many_ns;
    too_many_errors += o.too_many_errors;
    written += o.written;
    bases_written += o.bases_written;
    return *this;
}

double expected_errors(std::string_view qual, int offset) {
    double ee = 0.0;
    for (char c : qual) ee += ::exp10(-0.1 * (static_cast<unsigned char>(c) - offset));
    return ee;
}

FilterVerdict judge_read(const FilterOptions& o, std::string_view seq, std::string_view qual) {
    if (seq.size() < o.min_length) return FilterVerdict::too_short;
    if (seq.size() > o.max_length) return FilterVerdict::too_long;
    if (o.max_ns != std::numeric_limits<std::uint64_t>::max()) {
        std::uint64_t ns = 0;
        for (char c : seq) ns += (c == 'N' || c == 'n') ? 1 : 0;
        if (ns > o.max_ns) return FilterVerdict::too_many_ns;
    }
    if (std::isfinite(o.max_ee)) {
        for (char c : qual) {
            if (static_cast<unsigned char>(c) < o.quality_offset) {
                throw_input_error("quality character '" + std::string(1, c) + "' is below the offset " +
                                  std::to_string(o.quality_offset) + " (--fastq_ascii)");
            }
        }
        if (expected_errors(qual, o.quality_offset) > o.max_ee) return FilterVerdict::too_many_errors;
    }
    return FilterVerdict::kept;
}

void count_verdict(FilterVerdict v, std::size_t read_length, FilterSummary& s) {
    ++s.reads;
    s.bases += read_length;
    switch (v) {
        case FilterVerdict::too_short: ++s.too_short; return;
        case FilterVerdict::too_long: ++s.too_long; return;
        case FilterVerdict::too_many_ns: ++s.too_many_ns; return;
        case FilterVerdict::too_many_errors: ++s.too_many_errors; return;
        case FilterVerdict::kept: break;
    }
    ++s.written;
    s.bases_written += read_length;
}

void validate(const FilterOptions& o) {
    if (o.max_length < o.min_length) {
        throw_usage_error("--min-length " + std::to_string(o.min_length) + " / --max-length " +
                          std::to_string(o.max_length) + ": need min <= max");
    }
    if (std::isnan(o.max_ee) || o.max_ee < 0.0) {
        std::ostringstream v;
        v << o.max_ee;
        throw_usage_error("--max-ee " + v.str() + ": must be at least 0");
    }
    if (o.quality_offset != 33 && o.quality_offset != 64)
        throw_usage_error("--fastq_ascii " + std::to_string(o.quality_offset) + ": must be 33 or 64");
    if (o.compression < 1 || o.compression > 12)
        throw_usage_error("--compression " + std::to_string(o.compression) + ": must be 1 to 12");
    if (o.threads < 1) throw_usage_error("--threads " + std::to_string(o.threads) + ": must be at least 1");
    if (o.input.empty() || o.output.empty()) throw_usage_error("filter: input and -o/--output must not be empty");
}

FilterSummary run_filter(const FilterOptions& o) {
    validate(o);
    const StreamSpec spec{o.input, o.output, o.fasta_out, o.compression, o.threads, o.progress,
                          std::isfinite(o.max_ee) ? "--max-ee" : ""};
    const auto decide = [&](FilterSummary& counts, std::size_t, const core::ReadView& read, std::uint64_t record) {
        FilterVerdict v = FilterVerdict::kept;
        try {
            v = judge_read(o, read.seq, read.qual);
        } catch (const Error& e) {
            throw Error(e.code(), o.input + ": record " + std::to_string(record) + ": " + e.what());
        }
        count_verdict(v, read.seq.size(), counts);
        return ReadSlice{v == FilterVerdict::kept, 0, read.seq.size(), false, 0};
    };
    return stream_counted<FilterSummary>(spec, o.json_out, decide, [&](const FilterSummary& total, double seconds) {
        return filter_report_json(o, total, seconds);
    });
}

}  // namespace plateau::amplicon
