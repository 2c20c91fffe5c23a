// classify(): the EM driver (placeholder until the algorithm lands).
#include "class2d/classify.hpp"

#include "core/error.hpp"

namespace plateau::class2d {

Class2dResult classify(const ParticleSource& source, const Class2dOptions& options,
                       const std::function<void(const IterationRecord&)>& /*on_iteration*/,
                       const ProgressCallback& /*on_progress*/) {
    source.validate();
    options.validate();
    throw Error(ErrorCode::Unsupported, "plateau-class2d: the EM is not implemented yet");
}

}  // namespace plateau::class2d
