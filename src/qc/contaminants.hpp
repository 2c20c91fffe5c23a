// FastQC's "Possible Source" of an overrepresented sequence: the best match against a list of
// contaminants (adapters, primers), by FastQC 0.11.9's rule (ContaminentFinder): a query of 8-19 bp
// contained in a contaminant or its reverse complement is a 100% hit; otherwise, at every offset,
// runs of the contaminant and the query that agree except for at most one mismatch count when
// they are longer than 20 bp. The longest hit wins (then the higher identity, then list order).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plateau::qc {

struct Contaminant {
    std::string name;
    std::string forward;  // upper-case A/C/G/T
    std::string reverse;  // reverse complement
};

// Our own list, from Illumina's published adapter and primer sequences (FastQC's list is GPL-3
// data and is not copied; pass it with --contaminants to get FastQC's exact sources).
[[nodiscard]] std::vector<Contaminant> builtin_contaminants();
// A list in FastQC's format: "name<TAB...>sequence" lines, '#' comments, blank lines; lines that
// do not split into two fields are skipped (as FastQC does). Throws plateau::Error naming the file
// and line for a sequence with a character other than A/C/G/T.
[[nodiscard]] std::vector<Contaminant> read_contaminant_list(const std::string& path);
[[nodiscard]] Contaminant make_contaminant(std::string name, std::string_view sequence);

struct ContaminantHit {
    const Contaminant* contaminant = nullptr;
    int length = 0;
    int percent_identity = 0;
};
[[nodiscard]] std::optional<ContaminantHit> best_contaminant_hit(std::string_view sequence, const std::vector<Contaminant>& list);
// "<name> (<identity>% over <length>bp)", or "No Hit".
[[nodiscard]] std::string possible_source(std::string_view sequence, const std::vector<Contaminant>& list);

}  // namespace plateau::qc
