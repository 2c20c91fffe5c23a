// Contig selection, naming and the FASTA and GFA writers (contig_set.hpp).
#include "assembly/contig_set.hpp"

#include "core/io/fastx_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace plateau::assembly {

std::vector<Contig> select_contigs(const UnitigGraph& g, std::uint32_t min_length) {
    std::vector<Contig> contigs;
    for (std::uint32_t u = 0; u < g.size(); ++u) {
        if (g.removed(u) || g.length(u) < min_length) continue;
        Contig c;
        c.node = u;
        c.coverage = g.coverage(u);
        std::string rc = reverse_complement(g.node(u).seq);
        c.flipped = rc < g.node(u).seq;
        c.seq = c.flipped ? std::move(rc) : g.node(u).seq;
        contigs.push_back(std::move(c));
    }
    std::sort(contigs.begin(), contigs.end(), [](const Contig& a, const Contig& b) {
        return a.seq.size() != b.seq.size() ? a.seq.size() > b.seq.size() : a.seq < b.seq;
    });
    for (std::size_t i = 0; i < contigs.size(); ++i) {
        char cov[32];
        std::snprintf(cov, sizeof cov, "%.2f", contigs[i].coverage);
        contigs[i].name = "NODE_" + std::to_string(i + 1) + "_length_" + std::to_string(contigs[i].seq.size()) +
                          "_cov_" + cov;
    }
    return contigs;
}

std::string contigs_fasta(const std::vector<Contig>& contigs) {
    std::string out;
    for (const Contig& c : contigs) core::append_fasta(out, c.name, c.seq);
    return out;
}

std::string graph_gfa(const UnitigGraph& g, const std::vector<Contig>& contigs) {
    std::vector<std::int64_t> contig_of(g.size(), -1);
    for (std::size_t i = 0; i < contigs.size(); ++i) contig_of[contigs[i].node] = std::int64_t(i);
    std::string out = "H\tVN:Z:1.0\n";
    for (const Contig& c : contigs) {
        char depth[32];
        std::snprintf(depth, sizeof depth, "%.2f", c.coverage);
        out += "S\t" + c.name + "\t" + c.seq + "\tLN:i:" + std::to_string(c.seq.size()) +
               "\tKC:i:" + std::to_string(g.node(c.node).count_sum) + "\tdp:f:" + depth + "\n";
    }
    const std::string overlap = std::to_string(g.k() - 1) + "M";
    // Leaving through a right end reads the unitig forward; entering through a left end too.
    for (std::uint32_t a = 0; a < 2 * g.size(); ++a) {
        for (std::uint32_t b : g.links(a)) {
            if (b < a || contig_of[a / 2] < 0 || contig_of[b / 2] < 0) continue;
            const Contig& from = contigs[std::size_t(contig_of[a / 2])];
            const Contig& to = contigs[std::size_t(contig_of[b / 2])];
            const bool from_forward = ((a & 1) == 1) != from.flipped;
            const bool to_forward = ((b & 1) == 0) != to.flipped;
            out += "L\t" + from.name + "\t" + (from_forward ? "+" : "-") + "\t" + to.name + "\t" +
                   (to_forward ? "+" : "-") + "\t" + overlap + "\n";
        }
    }
    return out;
}

std::uint64_t n50(std::vector<std::uint64_t> lengths, std::uint64_t total) {
    std::sort(lengths.begin(), lengths.end(), std::greater<>());
    if (total == 0) {
        for (std::uint64_t l : lengths) total += l;
    }
    std::uint64_t sum = 0;
    for (std::uint64_t l : lengths) {
        sum += l;
        if (2 * sum >= total) return l;
    }
    return 0;
}

}  // namespace plateau::assembly
