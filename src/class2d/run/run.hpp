// plateau-class2d's run: particles from a RELION 3.1 STAR file or an MRC stack (core/em), the
// classification (class2d/classify.hpp), and RELION-compatible outputs written through temporary
// names: after each iteration (--write_iter) <out>_itNNN_classes.mrcs, _data.star, _model.star,
// _optimiser.star and _sampling.star, at the end <out>_classes.mrcs, <out>_data.star,
// <out>_model.star, <out>_report.json and <out>_report.html (docs/class2d.md).
#pragma once

#include "class2d/classify.hpp"
#include "core/progress.hpp"

#include <cstddef>
#include <string>

namespace plateau::class2d {

enum class FastMode { automatic, on, off };

struct RunOptions {
    std::string input;   // --i: particles STAR (*.star) or an MRC stack
    std::string output;  // --o: a prefix ("Class2D/run"), or a folder (ends with '/' or exists): <folder>/run
    Class2dOptions classify;
    bool ctf = false;              // --ctf: the CTF in the likelihood (needs the STAR's CTF columns)
    FastMode fast = FastMode::automatic;  // --fast (accepted; the fast mode is chosen in classify)
    // --write_iter N: the per-iteration files <out>_itNNN_* after every Nth iteration and the last
    // (1, as RELION: every iteration; 0: none, only the final files).
    int write_iter = 1;
    // --continue: a per-iteration file (<run>_itNNN_optimiser.star, _model.star, ...) of an earlier
    // run; the EM goes on from <run>_itNNN_state.bin to --iter as if it had never stopped.
    std::string continue_from;
    core::ProgressMode progress = core::ProgressMode::automatic;
    std::string command_line;
};

/// Throws plateau::Error (Usage) naming the flag.
void validate(const RunOptions& options);

struct OutputPaths {
    std::string prefix;  // "Class2D/run": the per-iteration files are <prefix>_itNNN_*
    std::string classes, data, model, json, html;
};
/// The output prefix and the five final output paths for --o.
[[nodiscard]] OutputPaths output_paths(const std::string& output);

struct RunSummary {
    std::size_t particles = 0;
    int classes = 0;
    int iterations = 0;
    double resolution_a = 0;
};

/// Reads, classifies, writes; throws plateau::Error (no output is left on failure). With a
/// communicator (plateau-class2d-mpi), every rank calls run and only rank 0 logs and writes.
RunSummary run(const RunOptions& options, Communicator* comm = nullptr);

}  // namespace plateau::class2d
