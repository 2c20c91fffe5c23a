#include "qc/read_trimming.hpp"

#include "qc/adapter_trim.hpp"

#include <algorithm>

namespace plateau::qc {
namespace {

// Steps 1-7: fixed trims, quality cuts, polyG.
ReadSpan trim_before_adapter(const core::ReadView& r, const ReadTrimPlan& t, const QcPlan& plan) {
    const int len = static_cast<int>(r.seq.size());
    if (t.front + t.tail >= len) return {len, 0};
    ReadSpan span{t.front, len - t.front - t.tail};
    if (plan.cut_front) span = cut_front(r.seq, r.qual, span, *plan.cut_front, plan.phred_offset);
    if (plan.cut_right && span.length > 0) span = cut_right(r.qual, span, *plan.cut_right, plan.phred_offset);
    if (plan.cut_tail && span.length > 0) span = cut_tail(r.seq, r.qual, span, *plan.cut_tail, plan.phred_offset);
    if (plan.poly_g && span.length > 0)
        span.length -= poly_g_tail_length(r.seq.substr(span.begin, span.length), plan.poly_g_min_len);
    return span;
}

// Steps 9-11 for one read: adapter by sequence (if asked), polyX, maximum length.
void trim_after_overlap(const core::ReadView& r, const ReadTrimPlan& t, const QcPlan& plan, bool search_adapter,
                        TrimmedRead& out) {
    if (search_adapter && !t.adapter.empty() && out.span.length > 0) {
        int keep = t.adapter.find(r.seq.substr(out.span.begin, out.span.length));
        out.adapter_bases += out.span.length - keep;
        out.span.length = keep;
    }
    if (plan.poly_x && out.span.length > 0)
        out.span.length -= poly_x_tail_length(r.seq.substr(out.span.begin, out.span.length), plan.poly_x_min_len);
    if (t.max_length > 0) out.span.length = std::min(out.span.length, t.max_length);
}

}  // namespace

TrimmedRead trim_single(const core::ReadView& read, const QcPlan& plan) {
    TrimmedRead out{trim_before_adapter(read, plan.read1, plan), 0};
    trim_after_overlap(read, plan.read1, plan, true, out);
    return out;
}

TrimmedPair trim_pair(const core::ReadView& read1, const core::ReadView& read2, const QcPlan& plan, TrimScratch& scratch) {
    TrimmedPair out;
    out.read1.span = trim_before_adapter(read1, plan.read1, plan);
    out.read2.span = trim_before_adapter(read2, plan.read2, plan);
    bool search_adapter = true;
    // The overlap is computed for every pair (it also gives the insert size), trimming only if asked.
    if (out.read1.span.length > 0 && out.read2.span.length > 0) {
        const std::string_view w1 = read1.seq.substr(out.read1.span.begin, out.read1.span.length);
        reverse_complement(read2.seq.substr(out.read2.span.begin, out.read2.span.length), scratch.r2_revcomp);
        out.overlap = find_overlap(w1, scratch.r2_revcomp, plan.overlap);
        if (out.overlap.found && plan.adapter_by_overlap) {
            search_adapter = false;  // the overlap tells where the insert ends; no sequence search
            OverlapTrim keep = overlap_adapter_trim(out.overlap, out.read1.span.length, out.read2.span.length,
                                                    out.read1.span.begin, out.read2.span.begin);
            out.read1.adapter_bases = out.read1.span.length - keep.keep1;
            out.read2.adapter_bases = out.read2.span.length - keep.keep2;
            out.read1.span.length = keep.keep1;
            out.read2.span.length = keep.keep2;
        }
    }
    trim_after_overlap(read1, plan.read1, plan, search_adapter, out.read1);
    trim_after_overlap(read2, plan.read2, plan, search_adapter, out.read2);
    return out;
}

}  // namespace plateau::qc
