// The EM state as bytes (checkpoint.hpp).
#include "class2d/checkpoint.hpp"

#include "core/error.hpp"

#include <cstring>
#include <type_traits>

namespace plateau::class2d {
namespace {

// A new ModelState field must be packed below (and so sent between ranks and kept by --continue);
// cli.class2d.mpi and cli.class2d.iterations would then fail.
static_assert(sizeof(ModelState) == 224, "ModelState changed: update pack_model()/unpack_model()");
static_assert(std::is_trivially_copyable_v<ParticleState> && sizeof(ParticleState) == 32,
              "ParticleState changed: it is written whole (no padding) by pack_state()");
static_assert(sizeof(ParticleAssignment) == 64, "ParticleAssignment changed: update pack_assignments()");

constexpr char k_magic[16] = "plateau-c2d-em";
constexpr int k_format_version = 2;

struct Fingerprint {
    std::size_t count = 0;
    int box = 0;
    double pixel_size_a = 0;
    int classes = 0;
};

void pack_record(ByteWriter& w, const IterationRecord& r) {
    for (int v : {r.iteration, r.image_size, r.reseeded_class, r.reseeded_twin}) w.put(v);
    for (double v : {r.log_likelihood, r.resolution_a, r.average_pmax, r.sigma_offset_a, r.seconds, r.reseeded_twin_cc})
        w.put(v);
    for (std::size_t v : {r.particles, r.changed_assignments, r.reseeded_particles}) w.put(v);
    w.put_vector(r.class_distribution);
}

// Field by field: the struct's padding would make the file's bytes vary between runs.
void pack_assignments(ByteWriter& w, const std::vector<ParticleAssignment>& all) {
    w.put<std::size_t>(all.size());
    for (const ParticleAssignment& a : all) {
        for (int v : {a.class_index, a.significant_samples}) w.put(v);
        for (double v : {a.psi_deg, a.origin_x_a, a.origin_y_a, a.max_probability, a.log_likelihood, a.norm_correction})
            w.put(v);
    }
}

void unpack_assignments(ByteReader& r, std::vector<ParticleAssignment>& all) {
    all.resize(r.get<std::size_t>());
    for (ParticleAssignment& a : all) {
        for (int* v : {&a.class_index, &a.significant_samples}) *v = r.get<int>();
        for (double* v : {&a.psi_deg, &a.origin_x_a, &a.origin_y_a, &a.max_probability, &a.log_likelihood,
                          &a.norm_correction})
            *v = r.get<double>();
    }
}

IterationRecord unpack_record(ByteReader& r) {
    IterationRecord rec;
    for (int* v : {&rec.iteration, &rec.image_size, &rec.reseeded_class, &rec.reseeded_twin}) *v = r.get<int>();
    for (double* v : {&rec.log_likelihood, &rec.resolution_a, &rec.average_pmax, &rec.sigma_offset_a, &rec.seconds,
                      &rec.reseeded_twin_cc})
        *v = r.get<double>();
    for (std::size_t* v : {&rec.particles, &rec.changed_assignments, &rec.reseeded_particles}) *v = r.get<std::size_t>();
    r.get_vector(rec.class_distribution);
    return rec;
}

EmState unpack_body(ByteReader& r, Fingerprint& written) {
    char magic[sizeof k_magic];
    for (char& c : magic) c = r.get<char>();
    if (std::memcmp(magic, k_magic, sizeof k_magic) != 0) throw_input_error("not a plateau-class2d state file");
    if (const int version = r.get<int>(); version != k_format_version)
        throw_input_error("state format " + std::to_string(version) + ", this build reads format " +
                          std::to_string(k_format_version));
    written.count = r.get<std::size_t>();
    written.box = r.get<int>();
    written.pixel_size_a = r.get<double>();
    written.classes = r.get<int>();
    EmState state;
    state.iteration = r.get<int>();
    unpack_model(r, state.model);
    r.get_vector(state.particles);
    unpack_assignments(r, state.assignments);
    state.history.resize(r.get<std::size_t>());
    for (IterationRecord& rec : state.history) rec = unpack_record(r);
    return state;
}

}  // namespace

void pack_model(ByteWriter& w, const ModelState& m) {
    for (int v : {m.box, m.classes, m.groups, m.current_size, m.coarse_size, m.best_shell}) w.put(v);
    for (double v : {m.pixel_size_a, m.sigma_offset_a, m.current_resolution_a}) w.put(v);
    w.put_nested(m.references);
    for (const std::vector<double>* v : {&m.class_prior, &m.prior_x_a, &m.prior_y_a, &m.class_resolution_a})
        w.put_vector(*v);
    w.put_nested(m.sigma2);
    w.put_nested(m.tau2);
}

void unpack_model(ByteReader& r, ModelState& m) {
    for (int* v : {&m.box, &m.classes, &m.groups, &m.current_size, &m.coarse_size, &m.best_shell}) *v = r.get<int>();
    for (double* v : {&m.pixel_size_a, &m.sigma_offset_a, &m.current_resolution_a}) *v = r.get<double>();
    r.get_nested(m.references);
    for (std::vector<double>* v : {&m.class_prior, &m.prior_x_a, &m.prior_y_a, &m.class_resolution_a}) r.get_vector(*v);
    r.get_nested(m.sigma2);
    r.get_nested(m.tau2);
}

std::vector<char> pack_state(const EmState& state, const ParticleSource& source, const Class2dOptions& options) {
    ByteWriter w;
    for (char c : k_magic) w.put(c);
    w.put(k_format_version);
    w.put(source.count);
    w.put(source.box);
    w.put(source.pixel_size_a);
    w.put(options.classes);
    w.put(state.iteration);
    pack_model(w, state.model);
    w.put_vector(state.particles);
    pack_assignments(w, state.assignments);
    w.put<std::size_t>(state.history.size());
    for (const IterationRecord& rec : state.history) pack_record(w, rec);
    return std::move(w.bytes());
}

EmState unpack_state(const std::vector<char>& bytes, const ParticleSource& source, const Class2dOptions& options,
                     const std::string& what) {
    EmState state;
    Fingerprint written;
    try {
        ByteReader r(bytes);
        state = unpack_body(r, written);
    } catch (const Error& e) {
        throw_input_error(what + ": " + (e.code() == ErrorCode::Internal ? std::string("truncated state") : e.what()));
    }
    if (written.count != source.count || written.box != source.box || written.pixel_size_a != source.pixel_size_a)
        throw_input_error(what + ": written for " + std::to_string(written.count) + " particles of " +
                          std::to_string(written.box) + " px; this input has " + std::to_string(source.count) +
                          " of " + std::to_string(source.box) + " px");
    if (written.classes != options.classes)
        throw_input_error(what + ": written by a run with --K " + std::to_string(written.classes) + ", this run has --K " +
                          std::to_string(options.classes));
    if (state.particles.size() != source.count || state.assignments.size() != source.count)
        throw_input_error(what + ": truncated state");
    if (state.iteration >= options.iterations)
        throw_input_error(what + ": iteration " + std::to_string(state.iteration) + " is already the last of --iter " +
                          std::to_string(options.iterations) + " (raise --iter to continue)");
    return state;
}

}  // namespace plateau::class2d
