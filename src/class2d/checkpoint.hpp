// The EM's exact state after an iteration, as bytes (classify.hpp Checkpoints): what a run continued
// from that iteration (plateau-class2d --continue) needs to give the bytes an uninterrupted run gives:
// the model (references, priors, spectra, sizes, as share_model sends them), every particle's state
// and assignment, and the iteration records so far. Plain binary (byte_buffer.hpp) behind a magic
// string and a format version; a state is read back by the same build on the same kind of machine.
#pragma once

#include "class2d/byte_buffer.hpp"
#include "class2d/model.hpp"

#include <string>
#include <vector>

namespace plateau::class2d {

// The model's fields in a fixed order (share_model sends the same bytes between ranks).
void pack_model(ByteWriter& w, const ModelState& m);
void unpack_model(ByteReader& r, ModelState& m);

struct EmState {
    int iteration = 0;  // the last iteration done
    ModelState model;
    std::vector<ParticleState> particles;
    std::vector<ParticleAssignment> assignments;
    std::vector<IterationRecord> history;
};

[[nodiscard]] std::vector<char> pack_state(const EmState& state, const ParticleSource& source,
                                           const Class2dOptions& options);
/// Throws plateau::Error (Input) naming `what` (the file) when the bytes are not a state of this
/// format, or were written for another particle set (count, box, pixel size) or class count, or
/// when the state's iteration is not before options.iterations.
[[nodiscard]] EmState unpack_state(const std::vector<char>& bytes, const ParticleSource& source,
                                   const Class2dOptions& options, const std::string& what);

}  // namespace plateau::class2d
