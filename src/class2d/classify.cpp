// classify(): initialisation, then exactly `iterations` EM iterations (em2d-peers.md §3). Each
// iteration streams the particles in blocks: E-step in parallel over the block's particles, sums
// in a fixed order, then the M-step.
#include "class2d/classify.hpp"

#include "class2d/checkpoint.hpp"
#include "class2d/context.hpp"
#include "class2d/distributed_pass.hpp"
#include "class2d/initialise.hpp"
#include "class2d/maximisation.hpp"
#include "class2d/minibatch.hpp"
#include "class2d/particle_blocks.hpp"
#include "class2d/reseed.hpp"
#include "class2d/resolution.hpp"

#include <algorithm>
#include <chrono>

namespace plateau::class2d {
namespace {

struct RunState {
    std::vector<ParticleState> particles;
    std::vector<ParticleAssignment> assignments;
    IterationSums sums;
};

void expectation_pass(const ParticleSource& source, const IterationContext& ctx, const FftPool& ffts,
                      std::vector<BackProjector>& classes, RunState& run, const ProgressCallback& on_progress,
                      Communicator* comm) {
    const Class2dOptions& options = *ctx.options;
    const bool distributed = comm != nullptr && comm->size() > 1;
    DistributedState shared{&classes, &run.particles, &run.assignments, &run.sums};
    BucketSums buckets;  // this block's, over its chunks
    // Between ranks a rank's whole block goes to rank 0 at once (distributed_pass.hpp).
    const std::size_t chunk = distributed ? options.block_particles : chunk_particles(options);
    stream_particle_blocks(
        source, options, chunk,
        [&](ParticleChunk& held, std::size_t u, EStepScratch& s) {
            const std::size_t index = held.first + u;
            const int group = source.group.empty() ? 0 : source.group[index];
            const CtfParams* ctf = source.ctf.empty() ? nullptr : &source.ctf[index];
            const PixelShift centre = search_centre(options, run.particles[index], ctx.model->pixel_size_a);
            prepare_particle(ctx, ffts, held.image(u), index, centre, group, ctf, s, held.prepared[u]);
            expect_particle(ctx, held.prepared[u], s, held.records[u]);
            particle_residual(ctx, held.prepared[u], held.records[u]);
        },
        [&](ParticleChunk& held) {
            if (distributed) {
                const std::size_t done = distributed_block_step(ctx, held, shared, *comm, options.threads);
                if (on_progress && done > 0) on_progress(ctx.iteration, done, source.count);
                return;
            }
            add_chunk_to_buckets(ctx, held.prepared, held.records, held.count, options.threads, buckets);
            add_block_sums(ctx, held.prepared, held.records, held.first, held.count, run.particles,
                           run.assignments, run.sums);
            if (on_progress) on_progress(ctx.iteration, held.first + held.count, source.count);
        },
        [&] {
            if (!distributed) add_block_buckets(ctx, take_block_buckets(buckets), classes, options.threads);
        },
        distributed ? comm->rank() : 0, distributed ? comm->size() : 1);
}

// The E-step of a mini-batch: the subset as a source of its own, with its particles' states.
void minibatch_pass(const ParticleSource& source, const std::vector<std::size_t>& indices,
                    const IterationContext& ctx, const FftPool& ffts, std::vector<BackProjector>& classes,
                    RunState& run, const ProgressCallback& on_progress, Communicator* comm) {
    const ParticleSource subset = subset_source(source, indices);
    RunState batch{{}, {}, std::move(run.sums)};
    for (std::size_t i : indices) {
        batch.particles.push_back(run.particles[i]);
        batch.assignments.push_back(run.assignments[i]);
    }
    expectation_pass(subset, ctx, ffts, classes, batch, on_progress, comm);
    for (std::size_t u = 0; u < indices.size(); ++u) {
        run.particles[indices[u]] = batch.particles[u];
        run.assignments[indices[u]] = batch.assignments[u];
    }
    run.sums = std::move(batch.sums);
}

IterationRecord iteration_record(const ModelState& model, const IterationSums& sums, int iteration, int size,
                                 double seconds) {
    IterationRecord record;
    record.iteration = iteration;
    record.log_likelihood = sums.log_likelihood;
    record.class_distribution = model.class_prior;
    record.resolution_a = model.current_resolution_a;
    record.image_size = size;
    record.particles = sums.particles;
    record.changed_assignments = sums.changed;
    record.average_pmax = sums.particles ? sums.pmax_sum / static_cast<double>(sums.particles) : 0;
    record.sigma_offset_a = model.sigma_offset_a;
    record.seconds = seconds;
    return record;
}

// The result as it stands after an iteration (a copy: the run goes on).
Class2dResult make_result(const ModelState& model, const RunState& run, const std::vector<IterationRecord>& history) {
    Class2dResult result;
    result.box = model.box;
    result.pixel_size_a = model.pixel_size_a;
    for (const auto& reference : model.references)
        result.class_averages.insert(result.class_averages.end(), reference.begin(), reference.end());
    result.particles = run.assignments;
    result.class_distribution = model.class_prior;
    result.class_resolution_a = model.class_resolution_a;
    for (std::size_t k = 0; k < model.class_prior.size(); ++k) {
        const double members = std::max(run.sums.class_members[k], 1.0);
        result.accuracy_rotation_deg.push_back(run.sums.class_psi_spread[k] / members);
        result.accuracy_translation_a.push_back(run.sums.class_t_spread_px[k] / members * model.pixel_size_a);
    }
    result.sigma_offset_a = model.sigma_offset_a;
    result.current_resolution_a = model.current_resolution_a;
    result.current_image_size = model.current_size;
    result.iterations = history;
    if (!history.empty()) {
        result.average_pmax = history.back().average_pmax;
        result.log_likelihood = history.back().log_likelihood;
    }
    return result;
}

// The M-step on rank 0 (or the only process) and the re-seeding of a class that emptied (reseed.hpp),
// then the model and the particle states shared with the other ranks. Every rank returns the
// iteration's record; only rank 0's carries the re-seeding and is logged.
IterationRecord maximise_and_share(const ParticleSource& source, const Class2dOptions& options, const FftPool& ffts,
                                   const PoseGrid& poses, bool use_ctf, int iteration,
                                   std::vector<BackProjector>& classes, ModelState& model, RunState& run,
                                   Communicator* comm) {
    const int size = model.current_size;
    const bool root = comm == nullptr || comm->rank() == 0;
    IterationRecord record;
    if (root) {
        update_priors_and_noise(model, run.sums, model.current_size);
        update_sizes(model, update_references(model, classes, ffts, options, size, true), options);
        update_tau2(model, ffts, options.threads);
        record = iteration_record(model, run.sums, iteration, size, 0);
        int empty = class_to_reseed(model, options, iteration);
        if (empty < 0 && duplicate_check_due(model, options, iteration)) {
            const DuplicatePair pair =
                duplicate_to_reseed(make_context(model, poses, options, ffts, use_ctf, iteration), options, iteration);
            empty = pair.smaller;
            if (empty >= 0) {
                record.reseeded_twin = pair.larger + 1;
                record.reseeded_twin_cc = pair.cc;
            }
        }
        if (empty >= 0) {
            record.reseeded_particles =
                reseed_class(source, options, ffts, poses, use_ctf, iteration, empty, model, run.particles);
            record.reseeded_class = empty + 1;
        }
    }
    if (comm != nullptr && comm->size() > 1) {
        share_model(model, *comm);
        share_states(run.particles, *comm);
    }
    if (!root) record = iteration_record(model, run.sums, iteration, size, 0);
    return record;
}

}  // namespace

Class2dResult classify(const ParticleSource& source, const Class2dOptions& options,
                       const std::function<void(const IterationRecord&)>& on_iteration,
                       const ProgressCallback& on_progress, Communicator* comm, const Checkpoints& checkpoints) {
    source.validate();
    options.validate();
    const FftPool ffts(source.box);
    const PoseGrid poses = make_pose_grid(options);
    ModelState model;
    RunState run{std::vector<ParticleState>(source.count), std::vector<ParticleAssignment>(source.count), {}};
    std::vector<IterationRecord> history;
    int first = 1;
    if (checkpoints.resume != nullptr) {  // --continue: the state after iteration first - 1
        EmState state = unpack_state(*checkpoints.resume, source, options, checkpoints.resume_name);
        first = state.iteration + 1;
        model = std::move(state.model);
        run.particles = std::move(state.particles);
        run.assignments = std::move(state.assignments);
        history = std::move(state.history);
    } else {
        initialise_model(source, options, ffts, poses, model, on_progress);
    }
    const bool use_ctf = options.use_ctf && !source.ctf.empty();
    for (int iteration = first; iteration <= options.iterations; ++iteration) {
        const auto start = std::chrono::steady_clock::now();
        const IterationContext ctx = make_context(model, poses, options, ffts, use_ctf, iteration);
        std::vector<BackProjector> classes(static_cast<std::size_t>(model.classes), BackProjector(model.box));
        run.sums.reset(model.classes, model.groups, model.box / 2 + 1);
        const std::size_t batch = minibatch_size(source.count, options, iteration);
        if (batch < source.count)
            minibatch_pass(source, minibatch_indices(source.count, batch, options.seed, iteration), ctx, ffts, classes,
                           run, on_progress, comm);
        else
            expectation_pass(source, ctx, ffts, classes, run, on_progress, comm);
        IterationRecord record = maximise_and_share(source, options, ffts, poses, use_ctf, iteration, classes, model, run, comm);
        record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        history.push_back(record);
        if (on_iteration) on_iteration(history.back());
        if (checkpoints.write && checkpoints.wanted && checkpoints.wanted(iteration))
            checkpoints.write(make_result(model, run, history),
                              pack_state({iteration, model, run.particles, run.assignments, history}, source, options));
    }
    return make_result(model, run, history);
}

}  // namespace plateau::class2d
