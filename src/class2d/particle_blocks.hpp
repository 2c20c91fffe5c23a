// Streams a particle source in blocks of `options.block_particles`, each block in chunks of
// consecutive particles: a chunk's images are read, `per_particle` runs for every particle of the
// chunk in parallel (OpenMP, one scratch per thread), then `per_chunk` runs once, on the calling
// thread, with the chunk's results in particle order; after a block's last chunk, `per_block` runs.
// The block is the unit of the sums (the class-psi bucket sums are added to the references once per
// block), the chunk the unit of memory: a chunk's records hold every significant sample, tens of
// thousands per particle at low SNR. Sums carried over a block's chunks in particle order give the
// bytes of the whole block at once, so the chunk size may follow the thread count. Shared by the
// initialisation pass, every E-step and the re-seeding reconstruction.
#pragma once

#include "class2d/classify.hpp"
#include "class2d/expectation.hpp"

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace plateau::class2d {

/// Consecutive particles held together, and what the per-particle step made of them.
struct ParticleChunk {
    std::size_t first = 0;  ///< index of the chunk's first particle in the source
    std::size_t count = 0;  ///< particles in this chunk (0: an empty round, below)
    int box = 0;
    std::vector<float> images;  ///< `count` real-space images, box * box each
    std::vector<PreparedParticle> prepared;
    std::vector<ParticleRecord> records;

    [[nodiscard]] const float* image(std::size_t u) const { return images.data() + u * box * box; }
};

/// Particles per chunk when a block's sums are carried over its chunks: enough for every thread to
/// take several (dynamic schedule), never more than a block.
inline std::size_t chunk_particles(const Class2dOptions& options) {
    return std::min<std::size_t>(options.block_particles, 16 * static_cast<std::size_t>(std::max(options.threads, 1)));
}

/// per_particle(ParticleChunk&, std::size_t index_in_chunk, EStepScratch&); per_chunk(ParticleChunk&);
/// per_block(). `chunk` particles per chunk (at most a block; a block's last chunk may be short).
/// With ranks > 1 this process takes blocks rank, rank + ranks, ... (round-robin), and in a round
/// where it has none, per_chunk sees one empty chunk (count 0), so every rank calls it equally often.
template <class PerParticle, class PerChunk, class PerBlock>
void stream_particle_blocks(const ParticleSource& source, const Class2dOptions& options, std::size_t chunk,
                            PerParticle&& per_particle, PerChunk&& per_chunk, PerBlock&& per_block, int rank = 0,
                            int ranks = 1) {
    const std::size_t capacity = std::min(options.block_particles, source.count);
    chunk = std::clamp<std::size_t>(chunk, 1, std::max<std::size_t>(capacity, 1));
    ParticleChunk held;
    held.box = source.box;
    held.images.resize(chunk * source.box * source.box);
    held.prepared.resize(chunk);
    held.records.resize(chunk);
    std::vector<EStepScratch> scratch(static_cast<std::size_t>(options.threads));
    const std::size_t blocks = capacity == 0 ? 0 : (source.count + capacity - 1) / capacity;
    const auto r = static_cast<std::size_t>(rank), step = static_cast<std::size_t>(ranks);
    for (std::size_t round = 0; round * step < blocks; ++round) {
        const std::size_t b = round * step + r;
        const std::size_t first = std::min(b * capacity, source.count);
        const std::size_t count = b < blocks ? std::min(capacity, source.count - first) : 0;
        if (count == 0) {
            held.first = first;
            held.count = 0;
            per_chunk(held);
        }
        for (std::size_t done = 0; done < count; done += held.count) {
            held.first = first + done;
            held.count = std::min(chunk, count - done);
            source.read(held.first, held.count, held.images.data());
            const auto total = static_cast<long long>(held.count);
#pragma omp parallel for num_threads(options.threads) schedule(dynamic, 1)
            for (long long i = 0; i < total; ++i)
                per_particle(held, static_cast<std::size_t>(i), scratch[static_cast<std::size_t>(omp_get_thread_num())]);
            per_chunk(held);
        }
        per_block();
    }
}

}  // namespace plateau::class2d
