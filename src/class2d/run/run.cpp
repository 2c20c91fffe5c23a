// plateau-class2d's run (run.hpp): open the particles, classify, write every output at the end.
#include "class2d/run/run.hpp"

#include "class2d/communicator.hpp"
#include "class2d/run/outputs.hpp"
#include "core/em/particle_set.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

namespace plateau::class2d {

namespace {

namespace fs = std::filesystem;
constexpr const char* k_module = "class2d";

bool is_folder_output(const std::string& output) {
    std::error_code ec;
    return output.back() == '/' || fs::is_directory(output, ec);
}

std::vector<CtfParams> ctf_of(const core::em::ParticleSet& set) {
    if (!set.from_star())
        throw_input_error(set.path() + ": --ctf needs a particles STAR file with CTF columns (_rlnDefocusU ...); "
                          "this is an MRC stack");
    std::vector<CtfParams> out;
    for (const core::em::ParticleCtf& c : set.ctf()) {
        out.push_back({c.defocus_u_a, c.defocus_v_a, c.defocus_angle_deg, c.voltage_kv, c.cs_mm, c.amplitude_contrast,
                       c.phase_shift_deg, c.bfactor_a2, c.scale});
    }
    return out;
}

ParticleSource source_of(const core::em::ParticleSet& set, const RunOptions& o) {
    if (set.box() % 2 != 0 || set.box() < 8)
        throw_input_error(set.path() + ": the box is " + std::to_string(set.box()) +
                          " pixels: 2D classification needs an even box of at least 8 pixels");
    ParticleSource source;
    source.box = set.box();
    source.pixel_size_a = set.pixel_size_a();
    source.count = set.size();
    if (o.ctf) source.ctf = ctf_of(set);
    source.group = set.groups();
    source.read = [&set](std::size_t first, std::size_t n, float* out) { set.read(first, n, out); };
    return source;
}

// Progress on stderr: one bar per pass over the particles.
struct PassProgress {
    core::ProgressMode mode;
    int pass = -1;
    std::unique_ptr<core::Progress> bar;
    void update(int iteration, std::size_t done) {
        if (iteration != pass) {
            if (bar) bar->finish();
            pass = iteration;
            bar = std::make_unique<core::Progress>(
                mode, iteration == 0 ? std::string("particles (initialisation)")
                                     : "particles (iteration " + std::to_string(iteration) + ")");
        }
        bar->update(done);
    }
    void finish() {
        if (bar) bar->finish();
        bar.reset();
    }
};

void log_iteration(const IterationRecord& r) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "iteration %d: %zu particles, log-likelihood %.6g, resolution %.2f A at %d px, <Pmax> %.3f, %zu changed "
                  "classes, %.1f s",
                  r.iteration, r.particles, r.log_likelihood, r.resolution_a, r.image_size, r.average_pmax,
                  r.changed_assignments, r.seconds);
    core::log_info(k_module, line);
    if (r.reseeded_class > 0 && r.reseeded_twin > 0) {
        std::snprintf(line, sizeof line,
                      "iteration %d: class %d (a duplicate of class %d, aligned correlation %.3f) re-seeded with the "
                      "worse-fitting %zu particles of the largest class",
                      r.iteration, r.reseeded_class, r.reseeded_twin, r.reseeded_twin_cc, r.reseeded_particles);
        core::log_info(k_module, line);
    } else if (r.reseeded_class > 0) {
        std::snprintf(line, sizeof line, "iteration %d: class %d re-seeded with the worse-fitting %zu particles of the largest class",
                      r.iteration, r.reseeded_class, r.reseeded_particles);
        core::log_info(k_module, line);
    }
}

std::vector<char> read_state_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error("--continue: cannot read " + path + " (every iteration's files include it)");
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw_io_error("--continue: error reading " + path);
    return bytes;
}

}  // namespace

void validate(const RunOptions& o) {
    if (o.input.empty()) throw_usage_error("--i is required: a particles STAR file or an MRC stack");
    if (o.output.empty()) throw_usage_error("--o is required: an output prefix (Class2D/run) or a folder");
    if (o.write_iter < 0)
        throw_usage_error("--write_iter " + std::to_string(o.write_iter) +
                          ": expected 0 (no per-iteration files) or a positive iteration interval");
    if (!o.continue_from.empty()) (void)continue_root(o.continue_from);  // a usage error before any work
    o.classify.validate();
}

OutputPaths output_paths(const std::string& output) {
    const std::string prefix = is_folder_output(output) ? (fs::path(output) / "run").string() : output;
    return {prefix, prefix + "_classes.mrcs", prefix + "_data.star", prefix + "_model.star", prefix + "_report.json",
            prefix + "_report.html"};
}

RunSummary run(const RunOptions& o, Communicator* comm) {
    const auto start = std::chrono::steady_clock::now();
    const bool writer = comm == nullptr || comm->rank() == 0;
    const bool folder = is_folder_output(o.output);
    const OutputPaths paths = output_paths(o.output);
    const fs::path parent = folder ? fs::path(o.output).parent_path().parent_path() : fs::path(paths.data).parent_path();
    std::error_code ec;
    if (!parent.empty() && !fs::is_directory(parent, ec))
        throw_io_error("--o " + o.output + ": folder " + parent.string() + " does not exist");
    const auto set = core::em::ParticleSet::open(o.input);
    const ParticleSource source = source_of(*set, o);
    RunOptions resolved = o;  // --fast auto: the fast mode from k_fast_min_particles particles
    resolved.classify.fast = o.fast == FastMode::on || (o.fast == FastMode::automatic && set->size() >= k_fast_min_particles);
    if (writer)
        core::log_info(k_module, std::to_string(set->size()) + " particles of " + std::to_string(set->box()) + " px at " +
                                     std::to_string(set->pixel_size_a()) + " A/px from " +
                                     std::to_string(set->stack_count()) + " stack(s)" +
                                     (o.ctf ? ", CTF in the likelihood" : ", no CTF") +
                                     (resolved.classify.fast ? ", fast mode (mini-batches)" : "") +
                                     (comm ? ", " + std::to_string(comm->size()) + " MPI rank(s)" : std::string()));
    PassProgress progress{writer ? o.progress : core::ProgressMode::never, -1, nullptr};
    Checkpoints iteration_files;  // <out>_itNNN_* (iteration_files.cpp), rank 0 only; --continue
    iteration_files.wanted = [&](int iteration) {
        return writer && iteration_wanted(iteration, o.classify.iterations, o.write_iter);
    };
    iteration_files.write = [&](const Class2dResult& snapshot, const std::vector<char>& state) {
        if (folder) fs::create_directories(o.output, ec);
        write_iteration_files(paths.prefix, OutputContext{*set, resolved, snapshot, 0}, state);
    };
    std::vector<char> resume;
    if (!o.continue_from.empty()) {
        iteration_files.resume_name = continue_root(o.continue_from) + "_state.bin";
        resume = read_state_file(iteration_files.resume_name);
        iteration_files.resume = &resume;
        if (writer) core::log_info(k_module, "continuing from " + iteration_files.resume_name);
    }
    const Class2dResult result = classify(
        source, resolved.classify,
        [&](const IterationRecord& r) {
            progress.finish();
            if (writer) log_iteration(r);
        },
        [&](int iteration, std::size_t done, std::size_t) { progress.update(iteration, done); }, comm, iteration_files);
    progress.finish();
    if (writer) {
        if (folder) fs::create_directories(o.output, ec);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        write_outputs(paths, OutputContext{*set, resolved, result, wall});
    }
    return {set->size(), o.classify.classes, int(result.iterations.size()), result.current_resolution_a};
}

}  // namespace plateau::class2d
