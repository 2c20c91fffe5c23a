// plateau-stage: scripted transfers into and out of plateau-gateway's dataset area (tus 1.0.0).
// This file names the tool, binds the flags (flags.cpp) and calls the library (src/stage).
#include "core/cli/tool.hpp"
#include "flags.hpp"

#include <string>

int main(int argc, char** argv) {
    namespace cli = plateau::core::cli;
    namespace stage = plateau::stage;
    plateau::stage_cli::StageFlags flags;
    cli::ToolSpec spec;
    spec.name = "plateau-stage";
    spec.module = "stage";
    spec.description =
        "NAME\n"
        "  plateau-stage - upload data sets to plateau-gateway, resumably and in parallel; list, download, delete\n\n"
        "SYNOPSIS\n"
        "  plateau-stage --url URL --token T upload [--parallel N] [--part-size S] FILE|FOLDER...\n"
        "  plateau-stage --url URL --token T list\n"
        "  plateau-stage --url URL --token T download DATASET -o FILE\n"
        "  plateau-stage --url URL --token T delete DATASET\n"
        "  plateau-stage --url URL --token T link DATASET [--ttl 7d]\n\n"
        "DESCRIPTION\n"
        "  upload sends each file to the gateway's tus 1.0.0 endpoint (/api/v1/uploads). A file larger than\n"
        "  one part is cut into parts (--part-size, by default its size / --parallel, on 1 MiB boundaries),\n"
        "  sent as tus partial uploads by --parallel connections, and joined by a final upload (tus\n"
        "  concatenation) into one dataset; the final upload is made before any byte is sent, so the\n"
        "  gateway writes each part straight into the dataset's file (concatenation-unfinished; an older\n"
        "  gateway joins the parts at the end). Every PATCH carries Upload-Checksum: sha256 of its bytes; a\n"
        "  request the gateway refuses for its checksum (460) is sent again. Folders are walked\n"
        "  recursively; each file becomes a dataset named by its path from the folder's parent\n"
        "  (run42/lane1/a.fq.gz). At the end the dataset's sha256 is compared with the local file's.\n"
        "  For each dataset, one line goes to standard output: id, name, size, sha256 (tab-separated).\n\n"
        "RESUME\n"
        "  The upload URLs of each file are kept in a state file (--state-dir, by default\n"
        "  ~/.cache/plateau-stage), named from the server and the file's absolute path. Run the same\n"
        "  command again after an interruption (a killed client, a network cut, a restarted gateway): each\n"
        "  part asks the gateway (HEAD) how many bytes it holds and goes on from there, so no byte the\n"
        "  gateway acknowledged is sent again. Network errors and 5xx answers are retried in the same run\n"
        "  (--retries, pauses doubling from 0.5 s to 5 s). A file changed since (size or modification time)\n"
        "  starts afresh. The state file is removed once the dataset is verified.\n\n"
        "OTHER COMMANDS\n"
        "  list      the datasets the token sees (TSV: id, name, size, sha256, owner, group, created)\n"
        "  download  writes FILE.part, resumes it with Range/If-Range after an interruption, checks the\n"
        "            sha256, then renames it to FILE\n"
        "  delete    removes a dataset\n"
        "  link      prints a signed link that reads the dataset without a token until --ttl has passed\n"
        "            (paste it into Galaxy's upload dialog, \"Paste/Fetch data\")\n\n"
        "ENVIRONMENT\n"
        "  PLATEAU_STAGE_URL, PLATEAU_STAGE_TOKEN   defaults for --url and --token";
    spec.footer = "EXAMPLES\n"
                  "  export PLATEAU_STAGE_URL=https://gateway.example.org PLATEAU_STAGE_TOKEN=$(cat ~/.plateau-token)\n"
                  "  plateau-stage upload --parallel 8 /acquisition/2026-12-03/grid4/\n"
                  "  plateau-stage upload run42.tar        # again after a cut: resumes\n"
                  "  plateau-stage list | sort -k2\n"
                  "  plateau-stage download 5f3a... -o grid4.tar\n"
                  "  plateau-stage link 5f3a... --ttl 2d\n\n"
                  "EXIT STATUS\n"
                  "  0 success; 1 any failure (unreachable gateway, refused token, quota, checksum or sha256\n"
                  "  mismatch, I/O error), with one \"plateau-stage: error:\" line; 2 invalid options.";
    spec.default_threads = 1;
    return cli::run_tool(
        argc, argv, spec, [&](CLI::App& app) { plateau::stage_cli::add_stage_flags(app, flags); },
        [&](const cli::RunContext& run) -> std::string {
            plateau::stage_cli::finish_stage_flags(flags);
            flags.server.progress = run.progress;
            if (flags.upload_cmd->parsed()) {
                const auto done = stage::upload(flags.server, flags.upload);
                std::uint64_t bytes = 0;
                for (const auto& d : done) bytes += d.size;
                return std::to_string(done.size()) + " dataset(s), " + std::to_string(bytes) + " bytes";
            }
            if (flags.list_cmd->parsed()) return std::to_string(stage::list(flags.server)) + " dataset(s)";
            if (flags.download_cmd->parsed())
                return std::to_string(stage::download(flags.server, flags.download)) + " bytes to " + flags.download.output;
            if (flags.delete_cmd->parsed()) {
                stage::remove(flags.server, flags.dataset);
                return "dataset " + flags.dataset + " deleted";
            }
            (void)stage::link(flags.server, flags.dataset, plateau::stage_cli::parse_ttl(flags.ttl));
            return "link to dataset " + flags.dataset;
        });
}
