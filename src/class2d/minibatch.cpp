// Mini-batch schedule, subsets and subset sources (minibatch.hpp).
#include "class2d/minibatch.hpp"

#include "class2d/mask.hpp"

#include <algorithm>
#include <numeric>
#include <random>

namespace plateau::class2d {

std::size_t minibatch_size(std::size_t particles, const Class2dOptions& options, int iteration) {
    const Class2dOptions::FastSchedule& f = options.fast_schedule;
    const int batches = options.iterations - f.full_iterations;
    if (!options.fast || iteration > batches) return particles;
    // Position in the mini-batch iterations: 0 for the first 30 %, 1 for the last 20 %.
    const double at = batches > 1 ? double(iteration - 1) / double(batches - 1) : 1.0;
    const double ramp = std::clamp((at - 0.3) / 0.5, 0.0, 1.0);
    const double per_class = double(f.per_class_first) + ramp * double(f.per_class_last - f.per_class_first);
    const auto size = static_cast<std::size_t>(per_class * options.classes + 0.5);
    return std::min(particles, std::max(size, f.min_batch));
}

std::vector<std::size_t> minibatch_indices(std::size_t particles, std::size_t size, std::uint64_t seed,
                                           int iteration) {
    std::vector<std::size_t> all(particles);
    std::iota(all.begin(), all.end(), std::size_t{0});
    if (size >= particles) return all;
    std::mt19937_64 rng(mix_seed(seed, static_cast<std::uint64_t>(iteration), 0xBA7C4));
    for (std::size_t i = 0; i < size; ++i) {  // partial Fisher-Yates
        const std::size_t j = i + static_cast<std::size_t>(rng() % (particles - i));
        std::swap(all[i], all[j]);
    }
    all.resize(size);
    std::sort(all.begin(), all.end());
    return all;
}

ParticleSource subset_source(const ParticleSource& source, const std::vector<std::size_t>& indices) {
    ParticleSource out;
    out.box = source.box;
    out.pixel_size_a = source.pixel_size_a;
    out.count = indices.size();
    for (std::size_t i : indices) {
        if (!source.ctf.empty()) out.ctf.push_back(source.ctf[i]);
        if (!source.group.empty()) out.group.push_back(source.group[i]);
    }
    const std::size_t pixels = static_cast<std::size_t>(source.box) * static_cast<std::size_t>(source.box);
    out.read = [&source, &indices, pixels](std::size_t first, std::size_t n, float* images) {
        for (std::size_t a = first; a < first + n;) {
            std::size_t b = a + 1;
            while (b < first + n && indices[b] == indices[b - 1] + 1) ++b;
            source.read(indices[a], b - a, images + (a - first) * pixels);
            a = b;
        }
    };
    return out;
}

}  // namespace plateau::class2d
