#include "core/error.hpp"
#include "qc/api.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace plateau::qc {
namespace {

void require(bool ok, const std::string& message) {
    if (!ok) throw_usage_error(message);
}

void require_range(const char* flag, int value, int low, int high) {
    require(value >= low && value <= high, std::string(flag) + " must be between " + std::to_string(low) + " and " +
                                               std::to_string(high) + " (got " + std::to_string(value) + ")");
}

bool valid_adapter(const std::string& s) {
    for (char c : s)
        if (c != 'A' && c != 'C' && c != 'G' && c != 'T' && c != 'N') return false;
    return true;
}

}  // namespace

void validate(const QcOptions& o) {
    require(!o.in1.empty(), "--in1 is required (use - for stdin)");
    require(!(o.interleaved_in && !o.in2.empty()), "--interleaved-in reads both mates from --in1; do not give --in2");
    require(!(o.in1 == "-" && o.in2 == "-"), "--in1 and --in2 cannot both be stdin");
    if (!o.paired()) {
        require(o.out2.empty(), "--out2 needs paired input (--in2 or --interleaved-in)");
        require(o.unpaired2.empty() && o.unpaired1.empty(), "--unpaired1/--unpaired2 need paired input");
    } else {
        require(o.out1.empty() == o.out2.empty() || o.out1 == "-",
                "paired input needs both --out1 and --out2 (or neither for a report-only run)");
    }
    require(o.out1 != "-" || o.out2.empty(), "--out1 - (stdout) with paired input is not supported; give --out2 a file");
    for (const std::string* out : {&o.out1, &o.out2, &o.unpaired1, &o.unpaired2, &o.failed_out, &o.json_path, &o.html_path}) {
        if (out->empty() || *out == "-") continue;
        require(*out != o.in1 && *out != o.in2, "output " + *out + " would overwrite an input file");
    }
    {
        std::vector<std::string> outputs;
        for (const std::string* out : {&o.out1, &o.out2, &o.unpaired1, &o.unpaired2, &o.failed_out, &o.json_path, &o.html_path})
            if (!out->empty() && *out != "-") outputs.push_back(*out);
        std::sort(outputs.begin(), outputs.end());
        auto dup = std::adjacent_find(outputs.begin(), outputs.end());
        require(dup == outputs.end(), "output " + (dup == outputs.end() ? std::string() : *dup) + " is given twice");
    }
    require_range("--threads", o.threads, 1, 256);
    require_range("--compression", o.compression, 1, 12);
    require(valid_adapter(o.adapter_r1), "--adapter-sequence must contain only A, C, G, T or N");
    require(valid_adapter(o.adapter_r2), "--adapter-sequence-r2 must contain only A, C, G, T or N");
    require(o.adapter_r2.empty() || o.paired(), "--adapter-sequence-r2 needs paired input");
    require_range("--overlap-len-require", o.overlap_len_require, 8, 1000);
    require_range("--overlap-diff-limit", o.overlap_diff_limit, 0, 100);
    require_range("--overlap-diff-percent-limit", o.overlap_diff_percent_limit, 0, 100);
    for (int v : {o.trim_front1, o.trim_tail1, o.max_len1, o.max_len2}) require(v >= 0, "trim lengths must be >= 0");
    require(o.trim_front2 >= -1 && o.trim_tail2 >= -1, "trim lengths must be >= 0");
    require_range("--cut-window-size", o.cut_window_size, 1, 1000);
    require_range("--cut-mean-quality", o.cut_mean_quality, 1, 93);
    for (const QualityCutOptions* c : {&o.cut_front, &o.cut_tail, &o.cut_right}) {
        require(c->window_size == 0 || (c->window_size >= 1 && c->window_size <= 1000), "cut window sizes must be 1-1000");
        require(c->mean_quality == 0 || (c->mean_quality >= 1 && c->mean_quality <= 93), "cut mean qualities must be 1-93");
    }
    require_range("--poly-g-min-len", o.poly_g_min_len, 1, 1000);
    require_range("--poly-x-min-len", o.poly_x_min_len, 1, 1000);
    require_range("--qualified-quality-phred", o.qualified_quality, 0, 93);
    require_range("--unqualified-percent-limit", o.unqualified_percent_limit, 0, 100);
    require_range("--n-base-limit", o.n_base_limit, 0, 1000000);
    require_range("--average-qual", o.average_quality, 0, 93);
    require_range("--length-required", o.length_required, 0, 1000000);
    require(o.length_limit == 0 || o.length_limit >= o.length_required,
            "--length-limit must be 0 (off) or at least --length-required");
    require_range("--complexity-threshold", o.complexity_threshold, 0, 100);
    require_range("--insert-size-max", o.insert_size_max, 1, 100000);
}

}  // namespace plateau::qc
