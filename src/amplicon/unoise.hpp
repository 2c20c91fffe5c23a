// UNOISE3 denoising with vsearch 2.22.1 --cluster_unoise semantics (cluster.cc, searchcore.cc),
// written from its documented behaviour. The input is in vsearch's order (abundance desc, label
// strcmp, input order) and DUST-masked. Each sequence in turn is searched against the centroids
// (ASVs) found before it: candidates are the centroids sharing at least min(12, its unique 8-mers)
// unique unmasked 8-mers, ranked by shared 8-mers desc, then shorter, then earlier; the first 32
// are aligned in that order (vsearch's global alignment, uchime_align.hpp) and the first accepted
// one takes the sequence. Acceptance (maxaccepts 1, maxrejects 32, weak_id 0.90): identity over
// the alignment without terminal gaps >= 90 %, then the skew rule with d = mismatches:
//   accepted when d == 0 or size(query)/size(centroid) <= beta(d) = 1 / 2^(alpha*d + 1).
// A sequence no candidate accepts becomes a new centroid.
// Parallel: a batch of queries is searched at once against the centroids known before the batch;
// then, in order, the centroids the batch itself created before a query are merged into that
// query's ranked list (their shared 8-mers counted then). The decisions on the earlier centroids do
// not depend on the later ones, so the result is that of the sequential algorithm at any thread
// count.
#pragma once

#include "amplicon/uchime_align.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plateau::amplicon::unoise {

struct Sequence {
    std::string label;  // header up to the first blank, with its ;size=
    std::string seq;    // DUST-masked (uppercase, masked runs lowercase)
    std::uint64_t size = 1;
};

struct Params {
    double alpha = 2.0;
    int threads = 1;
};

// The skew rule of one aligned candidate: true when d == 0 or query_size / target_size <=
// 1 / 2^(alpha * d + 1), computed in double as vsearch does.
[[nodiscard]] bool skew_accepts(std::uint64_t query_size, std::uint64_t target_size, std::uint32_t mismatches,
                                double alpha);

// The full acceptance test of an alignment of the query to a candidate centroid (identity >= 90 %
// without terminal gaps, vsearch's "mid" test, then the skew rule). `id` receives the identity.
[[nodiscard]] bool accepts(const uchime::Alignment& a, std::uint64_t query_size, std::uint64_t target_size,
                           double alpha, double& id);

struct Assignment {
    std::int64_t centroid = -1;  // index of the accepting centroid, -1 when the sequence is one
    std::uint32_t cluster = 0;   // 0-based cluster number (order of creation)
    double id = 0.0;             // identity (%) to the centroid
    bool perfect = false;        // every alignment column a match (uc "=")
    std::string cigar;           // vsearch's CIGAR (runs of 1 without a number)
};

struct Stats {
    std::uint64_t centroids = 0, merged = 0;  // queries whose ranked list took batch-new centroids
};

// Assigns every sequence of `seqs` (sorted and masked); progress(done) after each batch.
[[nodiscard]] std::vector<Assignment> denoise(const std::vector<Sequence>& seqs, const Params& p, Stats& stats,
                                              const std::function<void(std::size_t)>& progress);

}  // namespace plateau::amplicon::unoise
