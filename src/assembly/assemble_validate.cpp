// validate(AssembleOptions): every flag's range, named as on the command line.
#include "assembly/api.hpp"
#include "assembly/kmer.hpp"

#include "core/error.hpp"

namespace plateau::assembly {

void validate(const AssembleOptions& o) {
    if (o.libraries.empty()) throw_usage_error("no reads: give -1/-2 (paired) or -r (single-end) files");
    if (o.out_dir.empty()) throw_usage_error("-o/--out-dir is required");
    int previous = 0;
    for (int k : o.k_list) {
        if (k < k_min_k || k > k_max_k || k % 2 == 0 || k <= previous) {
            throw_usage_error("--k-list: " + std::to_string(k) + " is not an odd k from " + std::to_string(k_min_k) +
                              " to " + std::to_string(k_max_k) + " greater than the one before");
        }
        previous = k;
    }
    if (o.min_count < 0 || o.min_count > 1000) throw_usage_error("--min-count must be 0 (automatic) to 1000");
    if (o.tip_factor < 0 || o.tip_factor > 10) throw_usage_error("--tip-factor must be 0 to 10");
    if (o.bubble_factor < 0 || o.bubble_factor > 100) throw_usage_error("--bubble-factor must be 0 to 100");
    if (!(o.disconnect_ratio >= 0 && o.disconnect_ratio < 1)) throw_usage_error("--disconnect-ratio must be in [0, 1)");
    if (!(o.low_local_ratio >= 0 && o.low_local_ratio < 1)) throw_usage_error("--low-local-ratio must be in [0, 1)");
    if (o.cleaning_rounds < 0 || o.cleaning_rounds > 100) throw_usage_error("--cleaning-rounds must be 0 to 100");
    if (o.threads < 1 || o.threads > 1024) throw_usage_error("--threads must be 1 to 1024");
    if (o.memory_bytes != 0 && o.memory_bytes < (1u << 20)) throw_usage_error("--memory must be 0 (no cap) or at least 1M");
}

}  // namespace plateau::assembly
