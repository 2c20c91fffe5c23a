// UCHIME's parent choice and score (Edgar et al. 2011, as vsearch 2.22.1 chimera.cc computes them):
// per-position matches of each candidate's global alignment smoothed over 32-nt windows, parent A
// the candidate winning most windows, B likewise once A's windows are wiped; then the three-way
// alignment, its A/B/N columns (gaps and their neighbours, ambiguous bases ignored), the best
// breakpoint h = Y_L/(xn(N_L+dn)+A_L) * Y_R/(xn(N_R+dn)+A_R) in either orientation, and the call.
#pragma once

#include "amplicon/uchime_search.hpp"

namespace plateau::amplicon::uchime {

// Fills result.status, .h, .uchimeout and (chimeras, when p.alignments) .alignment for query k.
void score_query(const QuerySet& set, std::size_t k, const std::vector<std::uint32_t>& candidates,
                 const std::vector<Alignment>& alignments, const Params& p, Result& result);

}  // namespace plateau::amplicon::uchime
