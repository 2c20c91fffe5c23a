// Mercy k-mers (mercy.hpp).
#include "assembly/mercy.hpp"

#include "assembly/read_source.hpp"

#include <algorithm>
#include <bit>

namespace plateau::assembly {

template <class W>
void find_mercy_kmers(const BasicSolidIndex<W>& index, std::string_view seq, std::vector<W>& out) {
    const BasicKmerShape<W>& shape = index.shape();
    const int k = shape.k();
    std::vector<W> gap;  // non-solid k-mers since the last solid one, in read order
    W fwd = 0, rc = 0, last_solid = 0;
    bool have_solid = false;
    int valid = 0;
    std::array<W, 4> scratch{};
    for (char c : seq) {
        const int code = base_code(c);
        if (code > 3) {
            valid = 0;
            have_solid = false;
            gap.clear();
            continue;
        }
        fwd = shape.push_right(fwd, code);
        rc = shape.push_left_rc(rc, code);
        if (++valid < k) continue;
        if (index.find(rc < fwd ? rc : fwd) == BasicSolidIndex<W>::npos) {
            gap.push_back(fwd);
            continue;
        }
        if (have_solid && !gap.empty() && index.successors(last_solid, scratch) == 0 && index.in_degree(fwd) == 0) {
            for (W x : gap) out.push_back(shape.canonical(x));
        }
        gap.clear();
        last_solid = fwd;
        have_solid = true;
    }
}

namespace {

// The canonical solid k-mers with no solid successor in one orientation or the other: a read
// yields mercy k-mers only after one of them, so the other reads are skipped after a lookup in
// this small table (which stays in cache) instead of one in the whole index per k-mer.
template <class W>
class DeadEnds {
public:
    explicit DeadEnds(const BasicSolidIndex<W>& index) {
        std::vector<W> dead;
        for (std::uint32_t i = 0; i < index.size(); ++i) {
            const W x = index[i].kmer();
            if (index.out_edges(x, i) == 0 || index.in_edges(x, i) == 0) dead.push_back(x);
        }
        m_keys.assign(std::bit_ceil(std::max<std::size_t>(16, 2 * dead.size())), empty());
        for (W x : dead) m_keys[slot(x)] = x;
    }
    /// Whether some k-mer of `seq` is a dead end.
    [[nodiscard]] bool touches(const BasicKmerShape<W>& shape, std::string_view seq) const {
        return any_canonical_kmer(shape, seq, [this](const W& x) { return m_keys[slot(x)] != empty(); });
    }

private:
    static W empty() { return ~W(0); }
    // The slot of x, or of the empty slot where it would go.
    std::size_t slot(W x) const {
        const std::size_t mask = m_keys.size() - 1;
        std::size_t i = std::size_t(kmer_hash(x)) & mask;
        while (m_keys[i] != x && m_keys[i] != empty()) i = (i + 1) & mask;
        return i;
    }
    std::vector<W> m_keys;
};

}  // namespace

template <class W>
std::uint64_t add_mercy_kmers(const AssembleOptions& o, BasicSolidIndex<W>& index, std::uint32_t count) {
    std::vector<std::vector<W>> found(std::size_t(std::max(1, o.threads)));
    const DeadEnds<W> dead(index);
    const auto scan = [&](std::size_t w, std::string_view seq) {
        if (dead.touches(index.shape(), seq)) find_mercy_kmers(index, seq, found[w]);
    };
    for_each_read_batch(o.libraries, o.threads, o.progress, "k=" + std::to_string(index.shape().k()) + " mercy",
                        [&](std::size_t w, const core::ReadBatch& a, const core::ReadBatch& b) {
                            for (std::size_t i = 0; i < a.size(); ++i) scan(w, a[i].seq);
                            for (std::size_t i = 0; i < b.size(); ++i) scan(w, b[i].seq);
                        });
    std::vector<W> mercy;
    for (auto& f : found) {
        mercy.insert(mercy.end(), f.begin(), f.end());
        std::vector<W>().swap(f);
    }
    std::sort(mercy.begin(), mercy.end());
    mercy.erase(std::unique(mercy.begin(), mercy.end()), mercy.end());
    if (mercy.empty()) return 0;
    const BasicKmerShape<W> shape = index.shape();
    auto all = index.release();
    const auto middle = std::ptrdiff_t(all.size());
    for (W x : mercy) all.push_back(make_counted(x, count));
    std::inplace_merge(all.begin(), all.begin() + middle, all.end());
    index = BasicSolidIndex<W>(shape, std::move(all), o.threads);
    return mercy.size();
}

template void find_mercy_kmers(const SolidIndex&, std::string_view, std::vector<KmerWord>&);
template void find_mercy_kmers(const WideSolidIndex&, std::string_view, std::vector<KmerWord256>&);
template std::uint64_t add_mercy_kmers(const AssembleOptions&, SolidIndex&, std::uint32_t);
template std::uint64_t add_mercy_kmers(const AssembleOptions&, WideSolidIndex&, std::uint32_t);

}  // namespace plateau::assembly
