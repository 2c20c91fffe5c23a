#include "amplicon/global_alignment.hpp"

#include <algorithm>

namespace plateau::amplicon {

namespace {
constexpr std::uint8_t k_up = 1, k_left = 2, k_ext_up = 4, k_ext_left = 8;

struct CigarBuilder {  // operations arrive last to first
    std::vector<std::pair<char, std::uint64_t>> runs;
    void push(char op) {
        if (!runs.empty() && runs.back().first == op) {
            ++runs.back().second;
        } else {
            runs.emplace_back(op, 1);
        }
    }
    [[nodiscard]] std::string str() const {
        std::string out;
        for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
            if (it->second > 1) out.append(std::to_string(it->second));
            out.push_back(it->first);
        }
        return out;
    }
};

void fill(const std::vector<std::uint8_t>& d, const std::vector<std::uint8_t>& q, const Scoring& s,
          AlignmentWorkspace& ws) {
    const std::int64_t k_mismatch = s.mismatch, k_open = s.gap_open, k_extend = s.gap_extend;
    const auto qlen = static_cast<std::int64_t>(q.size());
    const auto dlen = static_cast<std::int64_t>(d.size());
    ws.dir.assign(static_cast<std::size_t>(qlen * dlen), 0);
    ws.he.resize(static_cast<std::size_t>(2 * qlen));
    for (std::int64_t i = 0; i < qlen; ++i) {
        ws.he[2 * i] = k_open + (i + 1) * k_extend;
        ws.he[2 * i + 1] = 2 * k_open + (i + 2) * k_extend;
    }
    for (std::int64_t j = 0; j < dlen; ++j) {
        std::int64_t f = 2 * k_open + (j + 2) * k_extend;
        std::int64_t h = j == 0 ? 0 : k_open + j * k_extend;
        for (std::int64_t i = 0; i < qlen; ++i) {
            std::uint8_t& dir = ws.dir[static_cast<std::size_t>(qlen * j + i)];
            const std::int64_t n = ws.he[2 * i];
            std::int64_t e = ws.he[2 * i + 1];
            h += d[static_cast<std::size_t>(j)] == q[static_cast<std::size_t>(i)] ? 0 : k_mismatch;
            dir |= f < h ? k_up : 0;
            h = std::min({h, f, e});
            dir |= e == h ? k_left : 0;
            ws.he[2 * i] = h;
            h += k_open + k_extend;
            e += k_extend;
            f += k_extend;
            dir |= f < h ? k_ext_up : 0;
            dir |= e < h ? k_ext_left : 0;
            f = std::min(h, f);
            ws.he[2 * i + 1] = std::min(h, e);
            h = n;
        }
    }
}
}  // namespace

AlignmentResult align_global(const std::vector<std::uint8_t>& d, const std::vector<std::uint8_t>& q,
                             const Scoring& scoring, AlignmentWorkspace& ws) {
    fill(d, q, scoring, ws);
    const auto qlen = static_cast<std::int64_t>(q.size());
    std::int64_t i = qlen;
    auto j = static_cast<std::int64_t>(d.size());
    CigarBuilder cigar;
    char op = 0;
    AlignmentResult r;
    std::uint64_t matches = 0;
    while (i > 0 && j > 0) {
        const std::uint8_t dir = ws.dir[static_cast<std::size_t>(qlen * (j - 1) + (i - 1))];
        ++r.length;
        const bool extend_left = op == 'I' && (dir & k_ext_left) != 0;
        const bool extend_up = !extend_left && op == 'D' && (dir & k_ext_up) != 0;
        if (extend_left || (!extend_up && (dir & k_left) != 0)) {
            op = 'I';
            --j;
        } else if (extend_up || (dir & k_up) != 0) {
            op = 'D';
            --i;
        } else {
            op = 'M';
            matches += d[static_cast<std::size_t>(j - 1)] == q[static_cast<std::size_t>(i - 1)] ? 1 : 0;
            --i;
            --j;
        }
        cigar.push(op);
    }
    for (; i > 0; --i, ++r.length) cigar.push('D');
    for (; j > 0; --j, ++r.length) cigar.push('I');
    r.diffs = r.length - matches;
    r.cigar = cigar.str();
    return r;
}

}  // namespace plateau::amplicon
