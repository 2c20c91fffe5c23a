// Streams a particle source in blocks of `options.block_particles`: each block's images are read,
// `per_particle` runs for every particle of the block in parallel (OpenMP, one scratch per thread),
// then `per_block` runs once, on the calling thread, with the block's results in particle order.
// Shared by the initialisation pass and every E-step, so both hold one block in memory at most.
#pragma once

#include "class2d/classify.hpp"
#include "class2d/expectation.hpp"

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace plateau::class2d {

/// One block of particles and what the per-particle step made of them.
struct ParticleBlock {
    std::size_t first = 0;  ///< index of the block's first particle in the source
    std::size_t count = 0;  ///< particles in this block (the last block may be short)
    int box = 0;
    std::vector<float> images;  ///< `count` real-space images, box * box each
    std::vector<PreparedParticle> prepared;
    std::vector<ParticleRecord> records;

    [[nodiscard]] const float* image(std::size_t u) const { return images.data() + u * box * box; }
};

/// per_particle(ParticleBlock&, std::size_t index_in_block, EStepScratch&); per_block(ParticleBlock&).
/// With ranks > 1 this process takes blocks rank, rank + ranks, ... (round-robin), and in a round
/// where it has none, per_block sees an empty block (count 0), so every rank calls it equally often.
template <class PerParticle, class PerBlock>
void stream_particle_blocks(const ParticleSource& source, const Class2dOptions& options, PerParticle&& per_particle,
                            PerBlock&& per_block, int rank = 0, int ranks = 1) {
    ParticleBlock block;
    block.box = source.box;
    const std::size_t capacity = std::min(options.block_particles, source.count);
    block.images.resize(capacity * source.box * source.box);
    block.prepared.resize(capacity);
    block.records.resize(capacity);
    std::vector<EStepScratch> scratch(static_cast<std::size_t>(options.threads));
    const std::size_t blocks = (source.count + capacity - 1) / capacity;
    const auto r = static_cast<std::size_t>(rank), step = static_cast<std::size_t>(ranks);
    for (std::size_t round = 0; round * step < blocks; ++round) {
        const std::size_t b = round * step + r;
        block.first = std::min(b * capacity, source.count);
        block.count = b < blocks ? std::min(capacity, source.count - block.first) : 0;
        if (block.count > 0) source.read(block.first, block.count, block.images.data());
        const auto total = static_cast<long long>(block.count);
#pragma omp parallel for num_threads(options.threads) schedule(dynamic, 1)
        for (long long i = 0; i < total; ++i)
            per_particle(block, static_cast<std::size_t>(i), scratch[static_cast<std::size_t>(omp_get_thread_num())]);
        per_block(block);
    }
}

}  // namespace plateau::class2d
