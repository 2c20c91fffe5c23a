// plateau-class2d public API: reference-free 2D classification by maximum-likelihood EM (RELION 3.1's
// algorithm, docs/class2d.md "## Algorithm"). The caller supplies particles through a streaming
// ParticleSource (no file I/O here) and gets class averages, per-particle assignments and a
// per-iteration log back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plateau::class2d {

// One particle's CTF, as RELION 3.1 STAR columns give it (em2d-peers.md §11.4).
struct CtfParams {
    double defocus_u_a = 0;         // rlnDefocusU (Å, positive = underfocus)
    double defocus_v_a = 0;         // rlnDefocusV (Å)
    double defocus_angle_deg = 0;   // rlnDefocusAngle (°)
    double voltage_kv = 300;        // rlnVoltage
    double cs_mm = 2.7;             // rlnSphericalAberration
    double amplitude_contrast = 0.1;  // rlnAmplitudeContrast (Q0)
    double phase_shift_deg = 0;     // rlnPhaseShift
    double bfactor_a2 = 0;          // rlnCtfBfactor
    double scale = 1;               // rlnCtfScalefactor
};

// Where the particles come from. read(first, n, out) fills out[0 .. n*box*box) with particles
// first .. first+n-1, real space, row-major (x = column fastest), protein white, normalised like
// relion_preprocess (background mean 0, std 1). It is called from one thread at a time, in blocks
// (never all particles at once), once per pass over the data; it may throw plateau::Error.
struct ParticleSource {
    int box = 0;                // square box edge (pixels, even)
    double pixel_size_a = 0;    // Å per pixel
    std::size_t count = 0;      // number of particles
    std::vector<CtfParams> ctf;   // empty: no CTF; otherwise one entry per particle
    std::vector<int> group;       // noise group per particle (0-based, e.g. per micrograph); empty: one group
    std::function<void(std::size_t first, std::size_t n, float* out)> read;
    void validate() const;  // throws plateau::Error (Usage) naming the field
};

// How a particle's reported class (and its psi and origin) is chosen from its posterior.
enum class ClassAssignment {
    marginal,   // the class of largest posterior summed over its poses, at its most probable pose
    best_pose,  // the class of the single most probable pose (RELION 3.1)
};

struct Class2dOptions {
    int classes = 0;                   // --K
    int iterations = 25;               // --iter
    double tau2_fudge = 2;             // --tau2_fudge (T)
    double particle_diameter_a = 0;    // --particle_diameter (mask diameter, Å)
    // Sampling as relion_refine's flags give it (not the GUI's, which doubles psi and offset steps):
    // the coarse pass uses these steps, the fine pass (oversampling 1) halves both.
    double offset_range_px = 5;        // --offset_range (pixels, radius of the translation search disc)
    // --offset_memory: centre each particle's translation search on its previous offset (rounded),
    // as RELION 3.1 does; by default the search is centred on the box centre in every iteration.
    bool offset_memory = false;
    double offset_step_px = 2;         // --offset_step (pixels, coarse grid)
    double psi_step_deg = 12;          // --psi_step (coarse in-plane step; fine = half)
    double sigma_offset_a = 10;        // --offset: initial sigma of the translation prior (Å)
    double adaptive_fraction = 0.999;  // --adaptive_fraction (significance)
    int max_significant = 0;           // --maxsig (0: no cap)
    // --reseed_fraction: a class below this fraction of N/K particles takes over the worse-fitting
    // half of the largest class (reseed.hpp); 0 keeps RELION 3.1's behaviour (no re-seeding).
    double reseed_fraction = 0.1;
    // --duplicate_cc: while the largest class holds at least 1.5 N/K particles, the smaller of the
    // two classes whose references agree best (aligned correlation at or above this) is re-seeded
    // the same way (reseed.hpp); 0 turns it off.
    double duplicate_cc = 0.93;
    ClassAssignment class_assignment = ClassAssignment::marginal;  // --class_assignment
    int incr_size = 10;                // --incr_size
    int minres_map = 5;                // --minres_map: shells below it are not regularised, and the
                                       // resolution never falls below it (RELION 3.1's default)
    double strict_highres_exp_a = 0;   // --strict_highres_exp (0: off)
    double mask_edge_px = 5;           // --maskedge
    bool zero_mask = false;            // --zero_mask (else noise fill)
    bool flatten_solvent = true;       // --flatten_solvent
    bool ctf_intact_first_peak = false;  // --ctf_intact_first_peak
    bool use_ctf = true;               // --ctf (ignored when the source has no CTF)
    std::uint64_t seed = 1;            // --random_seed
    int threads = 1;                   // --j
    std::size_t block_particles = 512;  // particles whose sums are added together (read in chunks of
                                        // 16 per thread, particle_blocks.hpp)
    // Fast mode (--fast, minibatch.hpp): mini-batch EM iterations, then full ones.
    bool fast = false;
    struct FastSchedule {
        int full_iterations = 2;             // the last iterations use every particle
        std::size_t per_class_first = 100;   // mini-batch particles per class, first 30 % of them
        std::size_t per_class_last = 300;    // ... last 20 % (a linear ramp between)
        std::size_t min_batch = 1000;        // smallest mini-batch
    } fast_schedule;
    bool double_precision_check = false;  // test hook: accumulate E-step sums in double
    void validate() const;  // throws plateau::Error (Usage) naming the option, value and range
};

// --fast auto turns the fast mode on from this many particles (docs/class2d.md "Fast mode").
inline constexpr std::size_t k_fast_min_particles = 20000;

struct ParticleAssignment {
    int class_index = 0;        // 1-based, like rlnClassNumber
    double psi_deg = 0;         // rlnAnglePsi (RELION 3.1 convention, em2d-peers.md §11.5)
    double origin_x_a = 0;      // rlnOriginXAngst: translate the particle by +origin, then rotate by
    double origin_y_a = 0;      // +psi, and it lands on the class average
    double max_probability = 0;  // rlnMaxValueProbDistribution
    int significant_samples = 0;  // rlnNrOfSignificantSamples
    double log_likelihood = 0;   // rlnLogLikeliContribution
    double norm_correction = 1;  // rlnNormCorrection (1: no --norm)
};

struct IterationRecord {
    int iteration = 0;              // 1-based
    double log_likelihood = 0;      // sum over particles
    std::vector<double> class_distribution;  // K, sums to 1
    double resolution_a = 0;        // current resolution (Å) after this iteration
    int image_size = 0;             // current image size (pixels) used in this iteration
    std::size_t particles = 0;      // particles in this iteration's E-step (fewer in a mini-batch)
    std::size_t changed_assignments = 0;  // particles whose class changed from the previous iteration
    double average_pmax = 0;        // <Pmax>
    double sigma_offset_a = 0;      // translation prior sigma after this iteration
    int reseeded_class = 0;         // 1-based class re-seeded after this iteration (0: none)
    int reseeded_twin = 0;          // 1-based class it duplicated (0: re-seeded for being small)
    double reseeded_twin_cc = 0;    // the two references' aligned correlation
    std::size_t reseeded_particles = 0;  // particles it took over from the largest class
    double seconds = 0;             // wall time of the iteration
};

struct Class2dResult {
    int box = 0;
    double pixel_size_a = 0;
    std::vector<float> class_averages;  // K * box * box, real space, row-major
    std::vector<ParticleAssignment> particles;  // one per input particle, input order
    std::vector<double> class_distribution;     // K
    std::vector<double> class_resolution_a;     // K, rlnEstimatedResolution
    std::vector<double> accuracy_rotation_deg;  // K, rlnAccuracyRotations
    std::vector<double> accuracy_translation_a;  // K, rlnAccuracyTranslationsAngst
    std::vector<IterationRecord> iterations;
    double sigma_offset_a = 0;                  // rlnSigmaOffsetsAngst
    double current_resolution_a = 0;            // rlnCurrentResolution
    int current_image_size = 0;                 // rlnCurrentImageSize
    double average_pmax = 0;                    // rlnAveragePmax
    double log_likelihood = 0;                  // rlnLogLikelihood
};

// Progress within a pass over the particles: (iteration, particles done, particles in total);
// iteration 0 is the initialisation pass. Called from the calling thread after each chunk of particles.
using ProgressCallback = std::function<void(int iteration, std::size_t done, std::size_t total)>;

class Communicator;  // class2d/communicator.hpp

// Per-iteration results and continuing a run (plateau-class2d's <out>_itNNN_* files and --continue,
// docs/class2d.md "Outputs"). After iteration i, when wanted(i), write receives what classify would
// have returned had the run stopped after iteration i (the last iteration's is the returned result,
// value for value) and the EM's exact state then, as bytes (checkpoint.hpp). Given such bytes as
// resume, classify skips the initialisation and iterations 1..i and gives the bytes an uninterrupted
// run with the same source and options gives (the iteration records of 1..i come from the state).
struct Checkpoints {
    std::function<bool(int iteration)> wanted;
    std::function<void(const Class2dResult& result, const std::vector<char>& state)> write;
    const std::vector<char>* resume = nullptr;
    std::string resume_name;  // the state's file, for errors
};

// Runs the EM. on_iteration (optional) is called after each iteration from the calling thread.
// With a communicator of several ranks (MPI, docs/class2d.md "MPI"), every rank calls classify with
// the same source and options; the E-step is shared, and only rank 0's result is complete (the
// other ranks' assignments cover their own particles, their iteration records are not meaningful).
// Throws plateau::Error: Usage for invalid options or source fields, whatever source.read throws.
Class2dResult classify(const ParticleSource& source, const Class2dOptions& options,
                       const std::function<void(const IterationRecord&)>& on_iteration = {},
                       const ProgressCallback& on_progress = {}, Communicator* comm = nullptr,
                       const Checkpoints& checkpoints = {});

}  // namespace plateau::class2d
