#include "qc/plan.hpp"

#include "qc/adapter_discovery.hpp"
#include "qc/adapter_trim.hpp"

#include <algorithm>

namespace plateau::qc {

bool is_two_colour_instrument(std::string_view name) {
    for (std::string_view prefix : {"NS", "NB", "NDX", "A0", "VH", "VL", "LH"})
        if (name.starts_with(prefix)) return true;
    return false;
}

std::optional<std::string> detect_adapter(const core::ReadBatch& reads) {
    constexpr std::size_t k_prefix = 12;
    std::size_t best = 0;
    std::optional<std::string> best_adapter;
    for (const KnownAdapter& adapter : k_known_adapters) {
        const std::string_view prefix = adapter.read1.substr(0, k_prefix);
        std::size_t hits = 0;
        for (std::size_t i = 0; i < reads.size(); ++i)
            hits += reads[i].seq.find(prefix) != std::string_view::npos;
        if (hits > best) {
            best = hits;
            best_adapter = std::string(adapter.read1);
        }
    }
    if (best < 10 || best * 1000 < reads.size()) return std::nullopt;
    return best_adapter;
}

std::optional<int> first_tile_field(const core::ReadBatch& reads) {
    for (std::size_t i = 0; i < reads.size(); ++i)
        if (fastqc_tile_sampled(reads.first_ordinal + i)) return fastqc_tile_field(reads[i].name);
    return std::nullopt;
}

namespace {

// A discovered adapter that begins with a known one is that known adapter (as fastp does).
std::string known_or_discovered(const std::string& discovered) {
    for (const KnownAdapter& k : k_known_adapters)
        if (discovered.starts_with(k.read1)) return std::string(k.read1);
    return discovered;
}

void plan_adapters(QcPlan& plan, const QcOptions& o, const core::ReadBatch& probe, const core::ReadBatch& probe2) {
    plan.adapter_source = "none";
    if (!o.adapter_trimming) return;
    plan.adapter_by_overlap = plan.paired;
    if (!o.adapter_r1.empty()) {
        plan.read1.adapter = AdapterMatcher(o.adapter_r1);
        plan.read2.adapter = AdapterMatcher(o.adapter_r2.empty() ? o.adapter_r1 : o.adapter_r2);
        plan.adapter_source = "given";
        return;
    }
    const std::optional<std::string> found = detect_adapter(probe);
    if (plan.paired) {
        // Pairs: overlap analysis first; reads whose insert is too short to overlap are then
        // searched for the detected (or else the TruSeq) adapter pair, or with
        // --detect-adapter-for-pe for adapters discovered in each mate.
        const KnownAdapter* known = &k_known_adapters[0];
        for (const KnownAdapter& k : k_known_adapters)
            if (found && k.read1 == *found) known = &k;
        plan.read1.adapter = AdapterMatcher(std::string(known->read1));
        plan.read2.adapter = AdapterMatcher(std::string(known->read2));
        plan.adapter_source = found ? "detected" : "default";
        if (found || !o.detect_adapter_for_pe) return;
        const auto d1 = discover_adapter(probe, o.trim_tail1), d2 = discover_adapter(probe2, o.trim_tail1);
        if (d1) plan.read1.adapter = AdapterMatcher(known_or_discovered(d1->sequence));
        if (d2) plan.read2.adapter = AdapterMatcher(known_or_discovered(d2->sequence));
        if (d1 || d2) plan.adapter_source = "discovered";
    } else if (found) {
        plan.read1.adapter = AdapterMatcher(*found);
        plan.adapter_source = "detected";
    } else if (const auto d = discover_adapter(probe, o.trim_tail1)) {
        plan.read1.adapter = AdapterMatcher(known_or_discovered(d->sequence));
        plan.adapter_source = "discovered";
    }
}

}  // namespace

QcPlan make_plan(const QcOptions& o, const core::ReadBatch& probe, const core::ReadBatch& probe2) {
    QcPlan plan;
    plan.tile_field1 = first_tile_field(probe);
    plan.tile_field2 = first_tile_field(probe2);
    plan.contaminants = o.contaminants_path.empty() ? builtin_contaminants() : read_contaminant_list(o.contaminants_path);
    plan.paired = o.paired();
    plan.phred_offset = 33;  // the reader converts Phred+64 and Solexa+64 input
    plan.read1 = {o.trim_front1, o.trim_tail1, o.max_len1, {}};
    plan.read2 = {o.trim_front2 >= 0 ? o.trim_front2 : o.trim_front1, o.trim_tail2 >= 0 ? o.trim_tail2 : o.trim_tail1,
                  o.max_len2, {}};

    plan_adapters(plan, o, probe, probe2);
    plan.overlap = {o.overlap_len_require, o.overlap_diff_limit, o.overlap_diff_percent_limit};

    auto window = [&](const QualityCutOptions& c) -> std::optional<WindowRule> {
        if (!c.enabled) return std::nullopt;
        return WindowRule{c.window_size > 0 ? c.window_size : o.cut_window_size,
                          c.mean_quality > 0 ? c.mean_quality : o.cut_mean_quality};
    };
    plan.cut_front = window(o.cut_front);
    plan.cut_tail = window(o.cut_tail);
    plan.cut_right = window(o.cut_right);

    const bool two_colour = !probe.empty() && is_two_colour_instrument(probe[0].name);
    plan.poly_g = o.poly_g == PolyGMode::on || (o.poly_g == PolyGMode::automatic && two_colour);
    plan.poly_g_min_len = o.poly_g_min_len;
    plan.poly_x = o.poly_x;
    plan.poly_x_min_len = o.poly_x_min_len;

    plan.filter = {o.quality_filter,  o.qualified_quality, o.unqualified_percent_limit, o.n_base_limit,
                   o.average_quality, o.length_filter,     o.length_required,           o.length_limit,
                   o.low_complexity_filter, o.complexity_threshold};
    plan.evaluate_duplication = o.evaluate_duplication;
    plan.insert_size_max = o.insert_size_max;
    return plan;
}

}  // namespace plateau::qc
