#include "amplicon/uchime_score.hpp"

#include <algorithm>
#include <cctype>
#include <cstdarg>
#include <cstdio>

namespace plateau::amplicon::uchime {

namespace {

constexpr std::size_t k_window = 32;

char upcase(char c) {
    if (c >= 'a' && c <= 'z') return static_cast<char>(c - 32);
    return (c >= 'A' && c <= 'Z') ? c : 'N';
}

struct Smoothing {
    std::size_t n = 0, qlen = 0;
    std::vector<std::uint8_t> match;
    std::vector<int> smooth, max_smooth;

    void scores(std::size_t skip) {
        max_smooth.assign(qlen, 0);
        for (std::size_t i = 0; i < n; ++i) {
            if (i == skip) continue;
            int sum = 0;
            for (std::size_t q = 0; q < qlen; ++q) {
                const std::size_t z = i * qlen + q;
                sum += match[z];
                if (q >= k_window) sum -= match[z - k_window];
                if (q >= k_window - 1) {
                    smooth[z] = sum;
                    max_smooth[q] = std::max(max_smooth[q], sum);
                }
            }
        }
    }
    [[nodiscard]] std::size_t most_wins(std::size_t skip) const {
        std::vector<int> wins(n, 0);
        for (std::size_t q = k_window - 1; q < qlen; ++q) {
            if (max_smooth[q] == 0) continue;
            for (std::size_t i = 0; i < n; ++i) {
                if (i != skip && smooth[i * qlen + q] == max_smooth[q]) ++wins[i];
            }
        }
        int best_w = -1;
        std::size_t best = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (wins[i] > best_w) { best_w = wins[i]; best = i; }
        }
        return best;
    }
};

// vsearch's find_best_parents; both indices are into `candidates` (they may be equal).
bool find_parents(std::string_view q, const QuerySet& set, const std::vector<std::uint32_t>& candidates,
                  const std::vector<Alignment>& alignments, std::size_t parents[2]) {
    Smoothing s;
    s.n = candidates.size();
    s.qlen = q.size();
    if (s.n == 0) return false;
    s.match.assign(s.n * s.qlen, 0);
    s.smooth.assign(s.n * s.qlen, 0);
    for (std::size_t i = 0; i < s.n; ++i) {
        const std::string& t = set.queries[candidates[i]].seq;
        std::size_t qpos = 0, tpos = 0;
        for (const CigarOp& op : alignments[i].cigar) {
            if (op.op == 'M') {
                for (std::uint32_t r = 0; r < op.run; ++r, ++qpos, ++tpos) {
                    if (code4(q[qpos]) & code4(t[tpos])) s.match[i * s.qlen + qpos] = 1;
                }
            } else if (op.op == 'I') {
                tpos += op.run;
            } else {
                qpos += op.run;
            }
        }
    }
    const std::size_t none = s.n;
    s.scores(none);
    const std::size_t a = s.most_wins(none);
    for (std::size_t pos = k_window - 1; pos < s.qlen; ++pos) {
        if (s.smooth[a * s.qlen + pos] != s.max_smooth[pos]) continue;
        for (std::size_t i = pos + 1 - k_window; i <= pos; ++i) {
            for (std::size_t j = 0; j < s.n; ++j) s.match[j * s.qlen + i] = 0;
        }
    }
    s.scores(a);
    parents[0] = a;
    parents[1] = s.most_wins(a);
    return true;
}

struct Msa {
    std::string q, p[2];
    std::vector<std::uint8_t> ignore;
    std::string diffs;
};

void build_msa(std::string_view q, const std::string* parent_seq[2], const Alignment* parent_aln[2], Msa& m) {
    std::vector<std::uint32_t> maxi(q.size() + 1, 0);
    for (int j = 0; j < 2; ++j) {
        std::size_t pos = 0;
        for (const CigarOp& op : parent_aln[j]->cigar) {
            if (op.op == 'I') {
                maxi[pos] = std::max(maxi[pos], op.run);
            } else {
                pos += op.run;
            }
        }
    }
    for (std::size_t i = 0; i < q.size(); ++i) m.q.append(maxi[i], '-').push_back(upcase(q[i]));
    m.q.append(maxi[q.size()], '-');
    for (int j = 0; j < 2; ++j) {
        const std::string& t = *parent_seq[j];
        std::string& out = m.p[j];
        bool inserted = false;
        std::size_t qpos = 0, tpos = 0;
        for (const CigarOp& op : parent_aln[j]->cigar) {
            if (op.op == 'I') {
                for (std::uint32_t x = 0; x < maxi[qpos]; ++x) out.push_back(x < op.run ? upcase(t[tpos++]) : '-');
                inserted = true;
                continue;
            }
            for (std::uint32_t x = 0; x < op.run; ++x) {
                if (!inserted) out.append(maxi[qpos], '-');
                out.push_back(op.op == 'M' ? upcase(t[tpos++]) : '-');
                ++qpos;
                inserted = false;
            }
        }
        if (!inserted) out.append(maxi[qpos], '-');
    }
}

void mark_columns(Msa& m) {
    const std::size_t len = m.q.size();
    m.ignore.assign(len, 0);
    m.diffs.assign(len, ' ');
    for (std::size_t i = 0; i < len; ++i) {
        const std::uint8_t qs = code4(m.q[i]), s1 = code4(m.p[0][i]), s2 = code4(m.p[1][i]);
        if (qs == 0 || s1 == 0 || s2 == 0) {
            m.ignore[i] = 1;
            if (i > 0) m.ignore[i - 1] = 1;
            if (i + 1 < len) m.ignore[i + 1] = 1;
        }
        if ((qs != 0 && ambiguous4(qs)) || (s1 != 0 && ambiguous4(s1)) || (s2 != 0 && ambiguous4(s2))) m.ignore[i] = 1;
        if (s1 != 0 && s1 != qs) m.p[0][i] = static_cast<char>(std::tolower(m.p[0][i]));
        if (s2 != 0 && s2 != qs) m.p[1][i] = static_cast<char>(std::tolower(m.p[1][i]));
        if (qs != 0 && s1 != 0 && s2 != 0) {
            if (s1 == s2) {
                m.diffs[i] = qs == s1 ? ' ' : 'N';
            } else {
                m.diffs[i] = qs == s1 ? 'A' : (qs == s2 ? 'B' : '?');
            }
        }
    }
}

struct Breakpoint {
    double h = -1.0;
    std::size_t at = 0;
    bool reverse = false;
    int ly = 0, ln = 0, la = 0, ry = 0, rn = 0, ra = 0;
};

Breakpoint best_breakpoint(const Msa& m, const Params& p) {
    int sum_a = 0, sum_b = 0, sum_n = 0;
    for (std::size_t i = 0; i < m.q.size(); ++i) {
        if (m.ignore[i]) continue;
        const char d = m.diffs[i];
        if (d == 'A') ++sum_a;
        else if (d == 'B') ++sum_b;
        else if (d != ' ') ++sum_n;
    }
    int ln = 0, la = 0, ly = 0, rn = sum_a, ra = sum_n, ry = sum_b;
    Breakpoint best;
    for (std::size_t i = 0; i < m.q.size(); ++i) {
        if (m.ignore[i] || m.diffs[i] == ' ') continue;
        const char d = m.diffs[i];
        if (d == 'A') { ++ly; --rn; }
        else if (d == 'B') { ++ln; --ry; }
        else { ++la; --ra; }
        if (ly > ln && ry > rn) {
            const double h = (ly / (p.xn * (ln + p.dn) + la)) * (ry / (p.xn * (rn + p.dn) + ra));
            if (h > best.h) best = {h, i, false, ly, ln, la, ry, rn, ra};
        } else if (ln > ly && rn > ry) {
            const double h = (ln / (p.xn * (ly + p.dn) + la)) * (rn / (p.xn * (ry + p.dn) + ra));
            if (h > best.h) best = {h, i, true, ln, ly, la, rn, ry, ra};
        }
    }
    return best;
}

struct Identities {
    double qa = 0, qb = 0, ab = 0, qm = 0, qt = 0, divdiff = 0, divfrac = 0;
};

Identities identities(const Msa& m, const Breakpoint& bp) {
    const int ia = bp.reverse ? 1 : 0, ib = 1 - ia;
    int qa = 0, qb = 0, ab = 0, qm = 0, cols = 0;
    for (std::size_t i = 0; i < m.q.size(); ++i) {
        if (m.ignore[i]) continue;
        ++cols;
        const std::uint8_t qs = code4(m.q[i]), as = code4(m.p[ia][i]), bs = code4(m.p[ib][i]);
        const std::uint8_t ms = i <= bp.at ? as : bs;
        qa += qs == as;
        qb += qs == bs;
        ab += as == bs;
        qm += qs == ms;
    }
    Identities id;
    id.qa = 100.0 * qa / cols;
    id.qb = 100.0 * qb / cols;
    id.ab = 100.0 * ab / cols;
    id.qt = id.qa > id.qb ? id.qa : id.qb;
    id.qm = 100.0 * qm / cols;
    id.divdiff = id.qm - id.qt;
    id.divfrac = 100.0 * id.divdiff / id.qt;
    return id;
}

__attribute__((format(printf, 2, 3))) void appendf(std::string& out, const char* format, ...) {
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    const int n = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    const std::size_t at = out.size();
    out.resize(at + static_cast<std::size_t>(n) + 1);
    std::vsnprintf(out.data() + at, static_cast<std::size_t>(n) + 1, format, args);
    out.resize(at + static_cast<std::size_t>(n));
    va_end(args);
}

// Diffs (A/B flipped for a reversed model), votes and model rows of the --uchimealns block.
void votes_and_model(Msa& m, const Breakpoint& bp, std::string& votes, std::string& model) {
    const std::size_t len = m.q.size();
    votes.assign(len, ' ');
    model.assign(len, ' ');
    for (std::size_t i = 0; i < len; ++i) {
        char& d = m.diffs[i];
        if (bp.reverse && (d == 'A' || d == 'B')) d = d == 'A' ? 'B' : 'A';
        model[i] = i <= bp.at ? 'A' : 'B';
        if (!m.ignore[i]) {
            if (d == 'A' || d == 'B') {
                votes[i] = d == model[i] ? '+' : '!';
            } else if (d == 'N' || d == '?') {
                votes[i] = '0';
            }
        }
        if (votes[i] == '!') d = static_cast<char>(std::tolower(d));
    }
    for (std::size_t i = bp.at + 1; i < len && (m.diffs[i] == ' ' || m.diffs[i] == 'A'); ++i) model[i] = 'x';
}

std::size_t residues(std::string_view s) { return s.size() - static_cast<std::size_t>(std::count(s.begin(), s.end(), '-')); }

void format_alignment(const Query& q, const Query& pa, const Query& pb, Msa& m, const Breakpoint& bp,
                      const Identities& id, std::string& out) {
    std::string votes, model;
    votes_and_model(m, bp, votes, model);
    out += "\n------------------------------------------------------------------------\n";
    appendf(out, "Query   (%5d nt) %s\n", static_cast<int>(q.seq.size()), q.label.c_str());
    appendf(out, "ParentA (%5zu nt) %s\n", pa.seq.size(), pa.label.c_str());
    appendf(out, "ParentB (%5zu nt) %s\n\n", pb.seq.size(), pb.label.c_str());
    const std::string_view rows[3] = {m.p[bp.reverse ? 1 : 0], m.q, m.p[bp.reverse ? 0 : 1]};
    const char names[3] = {'A', 'Q', 'B'};
    std::size_t pos[3] = {0, 0, 0};
    constexpr std::size_t width = 80;
    for (std::size_t i = 0; i < m.q.size(); i += width) {
        const std::size_t w = std::min(width, m.q.size() - i);
        for (int r = 0; r < 3; ++r) {
            const std::string_view seg = rows[r].substr(i, w);
            const std::size_t nt = residues(seg);
            appendf(out, "%c %5zu %.*s %zu\n", names[r], pos[r] + 1, static_cast<int>(w), seg.data(), pos[r] + nt);
            pos[r] += nt;
        }
        appendf(out, "Diffs   %.*s\n", static_cast<int>(w), m.diffs.data() + i);
        appendf(out, "Votes   %.*s\n", static_cast<int>(w), votes.data() + i);
        appendf(out, "Model   %.*s\n\n", static_cast<int>(w), model.data() + i);
    }
    const int sum_l = bp.ln + bp.la + bp.ly, sum_r = bp.rn + bp.ra + bp.ry;
    appendf(out, "Ids.  QA %.1f%%, QB %.1f%%, AB %.1f%%, QModel %.1f%%, Div. %+.1f%%\n", id.qa, id.qb, id.ab, id.qm,
            id.divfrac);
    appendf(out, "Diffs Left %d: N %d, A %d, Y %d (%.1f%%); Right %d: N %d, A %d, Y %d (%.1f%%), Score %.4f\n", sum_l,
            bp.ln, bp.la, bp.ly, 100.0 * bp.ly / sum_l, sum_r, bp.rn, bp.ra, bp.ry, 100.0 * bp.ry / sum_r, bp.h);
}

Status call(const Breakpoint& bp, const Identities& id, const Params& p) {
    // uchime2/uchime3_denovo: chimeric exactly when the model is the query and no parent is
    if (p.uchime3) return id.qm == 100.0 && id.qt < 100.0 ? chimeric : not_chimeric;
    if (bp.h < p.minh) return not_chimeric;
    const int sum_l = bp.ln + bp.la + bp.ly, sum_r = bp.rn + bp.ra + bp.ry;
    if (id.divdiff >= p.mindiv && sum_l >= p.mindiffs && sum_r >= p.mindiffs) return chimeric;
    return borderline;
}

}  // namespace

void score_query(const QuerySet& set, std::size_t k, const std::vector<std::uint32_t>& candidates,
                 const std::vector<Alignment>& alignments, const Params& p, Result& result) {
    const Query& q = set.queries[k];
    std::size_t parents[2] = {0, 0};
    result.status = no_parents;
    if (find_parents(q.seq, set, candidates, alignments, parents)) {
        Msa m;
        const std::string* seqs[2] = {&set.queries[candidates[parents[0]]].seq, &set.queries[candidates[parents[1]]].seq};
        const Alignment* alns[2] = {&alignments[parents[0]], &alignments[parents[1]]};
        build_msa(q.seq, seqs, alns, m);
        mark_columns(m);
        const Breakpoint bp = best_breakpoint(m, p);
        result.h = bp.h > 0 ? bp.h : 0.0;
        result.status = no_score;
        if (bp.h >= 0.0) {
            const Identities id = identities(m, bp);
            result.status = call(bp, id, p);
            const Query& pa = set.queries[candidates[parents[bp.reverse ? 1 : 0]]];
            const Query& pb = set.queries[candidates[parents[bp.reverse ? 0 : 1]]];
            const Query& top = id.qa >= id.qb ? pa : pb;
            appendf(result.uchimeout, "%.4f\t%s\t%s\t%s\t%s\t", bp.h, q.label.c_str(), pa.label.c_str(),
                    pb.label.c_str(), top.label.c_str());
            appendf(result.uchimeout, "%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%c\n", id.qm,
                    id.qa, id.qb, id.ab, id.qt, bp.ly, bp.ln, bp.la, bp.ry, bp.rn, bp.ra, id.divdiff,
                    result.status == chimeric ? 'Y' : (result.status == not_chimeric ? 'N' : '?'));
            if (p.alignments && result.status == chimeric) format_alignment(q, pa, pb, m, bp, id, result.alignment);
        }
    }
    if (result.status < not_chimeric) {
        result.uchimeout = "0.0000\t" + q.label + "\t*\t*\t*\t*\t*\t*\t*\t*\t0\t0\t0\t0\t0\t0\t*\tN\n";
    }
}

}  // namespace plateau::amplicon::uchime
