// The E-step pass shared between ranks (docs/class2d.md "MPI"). Blocks of `block_particles` go to
// the ranks round-robin (block b to rank b mod size, each rank streaming only its own blocks); after
// each round the ranks' block results (class-psi bucket sums and per-particle scalars) are gathered
// at rank 0, which adds them in block order exactly as one process adds its blocks, so any number of
// ranks at any thread count gives the same bytes. Rank 0 then runs the M-step and sends the model and
// the particle states to every rank.
#pragma once

#include "class2d/communicator.hpp"
#include "class2d/maximisation.hpp"
#include "class2d/particle_blocks.hpp"

#include <vector>

namespace plateau::class2d {

struct DistributedState {
    std::vector<BackProjector>* classes;          // rank 0 adds every block into these
    std::vector<ParticleState>* states;           // rank 0 updates every particle's
    std::vector<ParticleAssignment>* assignments;
    IterationSums* sums;                          // meaningful on rank 0 only
};

// One round's step for this rank's block, held as one chunk (block.count == 0 when the rank has none
// this round).
// Collective. Returns, on rank 0, the particles done after this round (first + count of the
// round's last block); 0 elsewhere.
std::size_t distributed_block_step(const IterationContext& ctx, const ParticleChunk& block, DistributedState& state,
                                   Communicator& comm, int threads);

// Collective: rank 0's model replaces every other rank's.
void share_model(ModelState& model, Communicator& comm);

// Collective: rank 0's particle states (every particle's last class and offset, the next E-step's
// prior) replace every other rank's. A rank cannot keep only its own: mini-batches (--fast) send a
// particle to another rank in each iteration.
void share_states(std::vector<ParticleState>& states, Communicator& comm);

}  // namespace plateau::class2d
