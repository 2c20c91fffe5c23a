// plateau-class2d-mpi: plateau-class2d under mpirun/srun (like relion_refine_mpi). Same flags and
// outputs; the E-step is shared between the ranks, rank 0 writes, and any rank's failure ends all.
#include "core/cli/tool.hpp"
#include "core/log.hpp"
#include "flags.hpp"
#include "mpi_communicator.hpp"

#include <string>

int main(int argc, char** argv) {
    namespace cli = plateau::core::cli;
    namespace c2d = plateau::class2d;
    plateau::class2d_cli::MpiSession session(&argc, &argv);
    plateau::class2d_cli::MpiCommunicator comm;
    plateau::class2d_cli::Class2dFlags flags;
    c2d::RunOptions& options = flags.options;
    cli::ToolSpec spec;
    spec.name = "plateau-class2d-mpi";
    spec.module = "class2d";
    spec.description =
        "NAME\n"
        "  plateau-class2d-mpi - plateau-class2d over MPI ranks (mpirun, srun)\n\n"
        "SYNOPSIS\n"
        "  mpirun -np R plateau-class2d-mpi --i particles.star --o OUT --K N --particle_diameter D [options]\n\n"
        "DESCRIPTION\n"
        "  The same classification, flags and outputs as plateau-class2d (see its --help). Particle blocks\n"
        "  go to the ranks round-robin, each rank reading only its own blocks and using --j threads; rank 0\n"
        "  adds the ranks' sums in block order, so the outputs are byte-identical to plateau-class2d's at any\n"
        "  number of ranks and threads. Rank 0 writes every output.";
    spec.footer = "EXAMPLES\n"
                  "  mpirun -np 4 plateau-class2d-mpi --i Extract/particles.star --o Class2D/run --K 50 \\\n"
                  "      --particle_diameter 180 --ctf --j 8\n"
                  "  srun plateau-class2d-mpi ... --j \"$SLURM_CPUS_PER_TASK\"   (sbatch --ntasks R --cpus-per-task J)\n\n"
                  "EXIT STATUS\n"
                  "  0 success; 1 bad input or I/O error; 2 invalid options (any rank's failure ends every rank).";
    spec.threads_flag = "-t,--threads,--j";
    spec.default_threads = 1;
    const int status = cli::run_tool(
        argc, argv, spec, [&](CLI::App& app) { plateau::class2d_cli::add_class2d_flags(app, flags); },
        [&](const cli::RunContext& run) -> std::string {
            if (comm.rank() != 0) plateau::core::set_log_level(plateau::core::LogLevel::error);
            plateau::class2d_cli::finish_class2d_flags(flags);
            options.classify.threads = run.threads;
            options.progress = run.progress;
            options.command_line = run.command_line;
            c2d::validate(options);
            const c2d::RunSummary s = c2d::run(options, &comm);
            return std::to_string(s.particles) + " particles, " + std::to_string(s.classes) + " classes, " +
                   std::to_string(s.iterations) + " iterations, " + std::to_string(comm.size()) + " ranks";
        });
    if (status != 0 && comm.size() > 1) plateau::class2d_cli::MpiSession::abort(status);
    return status;
}
