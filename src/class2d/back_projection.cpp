// Class-psi bucket sums of one block and their back-projection (maximisation.hpp).
#include "class2d/maximisation.hpp"

#include <omp.h>

#include <algorithm>

namespace plateau::class2d {
namespace {

struct BucketEntry {
    std::size_t particle, first, last;  // sample range in the particle's record
};

__attribute__((target_clones("avx2,fma", "default"))) void bucket_sum(const IterationContext& ctx, const std::vector<PreparedParticle>& prepared,
                const std::vector<ParticleRecord>& records, const std::vector<BucketEntry>& entries,
                std::vector<double>& data, std::vector<double>& weight, std::vector<float>& ramp) {
    const std::size_t n = ctx.pixels.count();
    if (data.empty()) {
        data.assign(2 * n, 0.0);
        weight.assign(n, 0.0);
    }
    ramp.resize(2 * n);
    for (const BucketEntry& e : entries) {
        const PreparedParticle& p = prepared[e.particle];
        const Sample* samples = records[e.particle].samples.data();
        double wsum = 0;
        for (std::size_t i = e.first; i < e.last; ++i) wsum += samples[i].w;
        weighted_ramp(ctx, samples + e.first, samples + e.last, ramp.data());
        const float* inv_sigma2 = ctx.inv_sigma2.data() + static_cast<std::size_t>(p.group) * n;
        for (std::size_t j = 0; j < n; ++j) {
            const double xr = p.xu[2 * j], xi = p.xu[2 * j + 1];
            const double f = double(inv_sigma2[j]) * p.ctf[j];
            data[2 * j] += f * (xr * ramp[2 * j] - xi * ramp[2 * j + 1]);
            data[2 * j + 1] += f * (xr * ramp[2 * j + 1] + xi * ramp[2 * j]);
            weight[j] += f * p.ctf[j] * wsum;
        }
    }
}

}  // namespace

void add_chunk_to_buckets(const IterationContext& ctx, const std::vector<PreparedParticle>& prepared,
                          const std::vector<ParticleRecord>& records, std::size_t count, int threads,
                          BucketSums& sums) {
    const int npsi = ctx.poses->fine_psi();
    const std::size_t buckets = static_cast<std::size_t>(ctx.model->classes) * static_cast<std::size_t>(npsi);
    sums.data.resize(buckets);
    sums.weight.resize(buckets);
    std::vector<std::vector<BucketEntry>> entries(buckets);
    for (std::size_t i = 0; i < count; ++i) {
        const std::vector<Sample>& s = records[i].samples;
        for (std::size_t a = 0; a < s.size();) {
            std::size_t b = a;
            while (b < s.size() && s[b].k == s[a].k && s[b].psi == s[a].psi) ++b;
            entries[static_cast<std::size_t>(s[a].k) * npsi + s[a].psi].push_back({i, a, b});
            a = b;
        }
    }
    std::vector<std::size_t> touched;
    for (std::size_t b = 0; b < buckets; ++b)
        if (!entries[b].empty()) touched.push_back(b);
    const long long total = static_cast<long long>(touched.size());
#pragma omp parallel num_threads(threads)
    {
        std::vector<float> ramp;
#pragma omp for schedule(dynamic, 1)
        for (long long u = 0; u < total; ++u) {
            const std::size_t b = touched[static_cast<std::size_t>(u)];
            bucket_sum(ctx, prepared, records, entries[b], sums.data[b], sums.weight[b], ramp);
        }
    }
}

BlockBuckets take_block_buckets(BucketSums& sums) {
    BlockBuckets out;
    for (std::size_t b = 0; b < sums.data.size(); ++b)
        if (!sums.data[b].empty()) {
            out.bucket.push_back(static_cast<int>(b));
            out.data.push_back(std::move(sums.data[b]));
            out.weight.push_back(std::move(sums.weight[b]));
        }
    sums.data.clear();
    sums.weight.clear();
    return out;
}

BlockBuckets block_bucket_sums(const IterationContext& ctx, const std::vector<PreparedParticle>& prepared,
                               const std::vector<ParticleRecord>& records, std::size_t count, int threads) {
    BucketSums sums;
    add_chunk_to_buckets(ctx, prepared, records, count, threads, sums);
    return take_block_buckets(sums);
}

void add_block_buckets(const IterationContext& ctx, const BlockBuckets& buckets, std::vector<BackProjector>& classes,
                       int threads) {
    const int npsi = ctx.poses->fine_psi();
    const long long k_total = static_cast<long long>(classes.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (long long k = 0; k < k_total; ++k) {  // buckets are sorted by (class, psi)
        const auto first = std::lower_bound(buckets.bucket.begin(), buckets.bucket.end(), static_cast<int>(k) * npsi);
        for (auto it = first; it != buckets.bucket.end() && *it < static_cast<int>(k + 1) * npsi; ++it) {
            const auto i = static_cast<std::size_t>(it - buckets.bucket.begin());
            const int j = *it - static_cast<int>(k) * npsi;
            classes[static_cast<std::size_t>(k)].add(ctx.poses->fine_psi_deg[static_cast<std::size_t>(j)], ctx.pixels,
                                                      buckets.data[i].data(), buckets.weight[i].data());
        }
    }
}

}  // namespace plateau::class2d
