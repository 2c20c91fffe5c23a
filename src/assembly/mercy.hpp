// Mercy k-mers (MEGAHIT's rescue of read-supported low-coverage edges, read_to_sdbg_s1.cpp): in
// each read, when two solid k-mers x and y are separated only by non-solid k-mers, x has no solid
// successor and y no solid predecessor, the k-mers between them are made solid. They close
// coverage gaps that a read proves, without keeping every singleton k-mer.
#pragma once

#include "assembly/api.hpp"
#include "assembly/solid_index.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace plateau::assembly {

/// Appends to `out` the canonical mercy k-mers of one read.
template <class W>
void find_mercy_kmers(const BasicSolidIndex<W>& index, std::string_view seq, std::vector<W>& out);

/// Adds the mercy k-mers of every read to the index (count `count` each); returns how many.
/// The result does not depend on the thread count (a sorted set union).
template <class W>
std::uint64_t add_mercy_kmers(const AssembleOptions& options, BasicSolidIndex<W>& index, std::uint32_t count);

}  // namespace plateau::assembly
