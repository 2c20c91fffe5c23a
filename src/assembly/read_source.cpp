// Streaming of the read libraries through the ordered pipeline (read_source.hpp).
#include "assembly/read_source.hpp"

#include "core/io/paired_reader.hpp"
#include "core/io/sequence_reader.hpp"
#include "core/pipeline.hpp"
#include "core/progress.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

namespace plateau::assembly {

namespace {

constexpr std::size_t k_batch_reads = 4096;
constexpr std::uint64_t k_batch_bases = 1u << 20;

struct Slot {
    core::ReadBatch first;
    core::ReadBatch second;
};

class LibraryReader {
public:
    explicit LibraryReader(const ReadLibrary& library) {
        auto first = core::SequenceReader::open(library.first);
        if (library.second.empty()) {
            m_single = std::move(first);
        } else {
            m_pairs.emplace(std::move(first), core::SequenceReader::open(library.second));
        }
    }
    bool next(Slot& slot) {
        slot.first.clear();
        slot.second.clear();
        const std::size_t n = m_pairs ? m_pairs->read(slot.first, slot.second, k_batch_reads, k_batch_bases)
                                      : m_single->read(slot.first, k_batch_reads, k_batch_bases);
        return n > 0;
    }

private:
    std::unique_ptr<core::SequenceReader> m_single;
    std::optional<core::PairedReader> m_pairs;
};

void add_batch_stats(ReadPassStats& stats, const core::ReadBatch& batch) {
    stats.reads += batch.size();
    stats.bases += batch.bases();
    for (std::size_t i = 0; i < batch.size(); ++i)
        stats.max_length = std::max<std::uint32_t>(stats.max_length, std::uint32_t(batch[i].seq.size()));
}

}  // namespace

ReadPassStats for_each_read_batch(const std::vector<ReadLibrary>& libraries, int threads,
                                  core::ProgressMode progress, const std::string& label,
                                  const ReadBatchVisitor& visit) {
    ReadPassStats stats;
    core::Progress bar(progress, "reads (" + label + ")");
    for (const ReadLibrary& library : libraries) {
        LibraryReader reader(library);
        core::PipelineStages<Slot> stages;
        stages.produce = [&](Slot& slot) { return reader.next(slot); };
        stages.process = [&](std::size_t worker, Slot& slot) { visit(worker, slot.first, slot.second); };
        stages.consume = [&](Slot& slot) {
            add_batch_stats(stats, slot.first);
            add_batch_stats(stats, slot.second);
            bar.update(stats.reads);
        };
        core::run_ordered_pipeline(std::size_t(std::max(1, threads)), stages);
    }
    bar.finish();
    return stats;
}

std::uint32_t probe_read_length(const std::vector<ReadLibrary>& libraries) {
    auto reader = core::SequenceReader::open(libraries.front().first);
    core::ReadBatch batch;
    reader->read(batch, 4096, k_batch_bases);
    ReadPassStats stats;
    add_batch_stats(stats, batch);
    return stats.max_length;
}

std::uint64_t estimate_input_bases(const std::vector<ReadLibrary>& libraries) {
    std::uint64_t bases = 0;
    auto add = [&](const std::string& path) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec) return;
        const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
        bases += gz ? size * 2 : size / 2;  // FASTQ: about half the bytes are bases; gzip about 4x
    };
    for (const ReadLibrary& library : libraries) {
        add(library.first);
        if (!library.second.empty()) add(library.second);
    }
    return bases;
}

}  // namespace plateau::assembly
