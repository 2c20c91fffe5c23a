#include "qc/trim.hpp"

#include <catch2/catch.hpp>

#include <string>

using plateau::qc::ReadSpan;
using plateau::qc::WindowRule;

namespace {
// Phred+33 string from a list of scores.
std::string quals(std::initializer_list<int> q) {
    std::string s;
    for (int v : q) s.push_back(static_cast<char>(v + 33));
    return s;
}
}  // namespace

TEST_CASE("cut_front: drops low-quality 5' bases up to the first good window", "[qc][trim]") {
    const std::string seq = "ACGTACGTAC";
    const std::string q = quals({2, 2, 2, 30, 30, 30, 30, 30, 30, 30});
    // Windows of 2: [2,2]=2, [2,2]=2, [2,30]=16, [30,30]=30 -> first good window starts at 3.
    ReadSpan s = plateau::qc::cut_front(seq, q, {0, 10}, WindowRule{2, 20}, 33);
    CHECK(s.begin == 3);
    CHECK(s.length == 7);
    // A read with no good window is cut to nothing.
    ReadSpan none = plateau::qc::cut_front(seq, quals({2, 2, 2, 2, 2, 2, 2, 2, 2, 2}), {0, 10}, WindowRule{4, 20}, 33);
    CHECK(none.length == 0);
}

TEST_CASE("cut_tail: drops low-quality 3' bases after the last good window", "[qc][trim]") {
    const std::string seq = "ACGTACGTAN";
    const std::string q = quals({30, 30, 30, 30, 30, 30, 30, 10, 2, 2});
    // From the 3' end, windows of 2: [2,2], [10,2], [30,10]=20 is good -> keep through index 7, then no N trimming needed.
    ReadSpan s = plateau::qc::cut_tail(seq, q, {0, 10}, WindowRule{2, 20}, 33);
    CHECK(s.begin == 0);
    CHECK(s.length == 8);
}

TEST_CASE("cut_right: cuts at the first bad window, keeping its good leading bases", "[qc][trim]") {
    const std::string q = quals({30, 30, 30, 30, 25, 5, 5, 30, 30, 30});
    // Windows of 3: [30,30,30], [30,30,25], [30,25,5]=20 ok, [25,5,5]=11.7 bad at 4 -> keep index 4 (25>=20).
    ReadSpan s = plateau::qc::cut_right(q, {0, 10}, WindowRule{3, 20}, 33);
    CHECK(s.length == 5);
    ReadSpan all = plateau::qc::cut_right(quals({30, 30, 30, 30}), {0, 4}, WindowRule{3, 20}, 33);
    CHECK(all.length == 4);
}

TEST_CASE("poly_g_tail_length: finds G tails with sparse mismatches", "[qc][trim]") {
    CHECK(plateau::qc::poly_g_tail_length("ACGTACGTAC" + std::string(20, 'G'), 10) == 20);
    CHECK(plateau::qc::poly_g_tail_length("ACGTACGTAC" + std::string(8, 'G'), 10) == 0);
    // fastp counts the scanned window, mismatch included: 9 Gs and the C before them make 10.
    CHECK(plateau::qc::poly_g_tail_length("ACGTACGTAC" + std::string(9, 'G'), 10) == 9);
    CHECK(plateau::qc::poly_g_tail_length("ACGTACGTACGGGGAGGGGGGGGGGG", 10) == 16);  // one A inside
    CHECK(plateau::qc::poly_g_tail_length("ACGTACGTACGTACGTACGT", 10) == 0);
}

TEST_CASE("poly_x_tail_length: finds homopolymer tails of any base", "[qc][trim]") {
    CHECK(plateau::qc::poly_x_tail_length("ACGTACGTCG" + std::string(12, 'A'), 10) == 12);
    CHECK(plateau::qc::poly_x_tail_length("ACGTACGTCG" + std::string(12, 'T'), 10) == 12);
    CHECK(plateau::qc::poly_x_tail_length("ACGTACGTCGACGTACGTCG", 10) == 0);
}
