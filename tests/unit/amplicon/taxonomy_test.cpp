// db and the k-mer classifiers: header layouts, rank checks, the index round trip and its refusal of
// truncated files, glibc's random() stream (values published for srand(1)), SINTAX against a
// brute-force statement of vsearch's rule (sets, no bit masks), RDP's genus against a dense
// evaluation of dada2's formula, and the affiliation TSV layout.
#include "amplicon/affiliation.hpp"
#include "amplicon/rdp_classify.hpp"
#include "amplicon/sintax_classify.hpp"
#include "amplicon/sintax_rows.hpp"
#include "amplicon/taxonomy_db.hpp"
#include "amplicon/taxonomy_index.hpp"
#include "amplicon/taxonomy_kmers.hpp"

#include "core/error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <set>

using namespace plateau::amplicon;
using plateau::test::read_text;
using plateau::test::TempDir;
using plateau::test::write_text;
using Catch::Matchers::Contains;

namespace {

// A small database: 6 genera in 3 families, each genus 3 references mutated from a genus root.
std::string random_db(std::mt19937& rng, std::vector<std::string>& seqs, std::vector<std::vector<std::string>>& lins) {
    const char* acgt = "ACGT";
    auto mutate = [&](std::string s, double rate) {
        for (char& c : s)
            if (std::uniform_real_distribution<>(0, 1)(rng) < rate) c = acgt[rng() % 4];
        return s;
    };
    std::string root;
    for (int i = 0; i < 300; ++i) root += acgt[rng() % 4];
    std::string fasta;
    for (int f = 0; f < 3; ++f) {
        const std::string fam = mutate(root, 0.15);
        for (int g = 0; g < 2; ++g) {
            const std::string gen = mutate(fam, 0.06);
            for (int r = 0; r < 3; ++r) {
                std::string s = mutate(gen, 0.02);
                s.resize(s.size() - static_cast<std::size_t>(rng() % 20));
                const std::string id = "r" + std::to_string(seqs.size());
                lins.push_back({"Bacteria", "F" + std::to_string(f), "G" + std::to_string(f) + std::to_string(g)});
                fasta += ">" + id + ";tax=d:Bacteria,f:F" + std::to_string(f) + ",g:G" + std::to_string(f) +
                         std::to_string(g) + ";\n" + s + "\n";
                seqs.push_back(s);
            }
        }
    }
    return fasta;
}

std::set<std::uint32_t> kmer_set(const std::string& s) {
    std::set<std::uint32_t> out;
    for_each_kmer(s, false, [&](std::uint32_t w) { out.insert(w); });
    return out;
}

// vsearch's SINTAX rule, stated directly with sets: returns the tabbedout line (without label).
std::string brute_sintax(const std::string& q, const std::vector<std::string>& seqs,
                         const std::vector<std::vector<std::string>>& lins, GlibcRandom rng) {
    UniqueKmers u;
    u.collect(q, false);
    const std::vector<std::uint32_t> words = u.list();
    if (words.size() < 32) return "\t\t";
    std::vector<std::set<std::uint32_t>> sets;
    for (const auto& s : seqs) sets.push_back(kmer_set(s));
    std::vector<std::size_t> hits;
    std::size_t best = 0, best_count = 0;
    for (int b = 0; b < 100; ++b) {
        std::set<std::uint32_t> sample;
        for (int j = 0; j < 32; ++j) sample.insert(words[rng.below(static_cast<std::uint32_t>(words.size()))]);
        long hit = -1;
        std::size_t hit_count = 0;
        for (std::size_t r = 0; r < seqs.size(); ++r) {
            const auto& ks = sets[r];
            const auto c = static_cast<std::size_t>(std::count_if(sample.begin(), sample.end(), [&](auto w) { return ks.count(w) > 0; }));
            const bool better = hit < 0 || c > hit_count ||
                                (c == hit_count && seqs[r].size() < seqs[static_cast<std::size_t>(hit)].size());
            if (better) hit = static_cast<long>(r), hit_count = c;
        }
        if (hit_count < std::min<std::size_t>(12, sample.size())) continue;
        hits.push_back(static_cast<std::size_t>(hit));
        if (hit_count > best_count) best_count = hit_count, best = static_cast<std::size_t>(hit);
    }
    if (hits.size() < 50) return "\t\t";
    std::string all, kept;
    const char* letters = "dfg";
    for (std::size_t k = 0; k < 3; ++k) {
        const auto match = std::count_if(hits.begin(), hits.end(), [&](auto h) { return lins[h][k] == lins[best][k]; });
        const double share = static_cast<double>(match) / static_cast<double>(hits.size());
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.2f", share);
        all += (k ? "," : "") + std::string(1, letters[k]) + ":" + lins[best][k] + "(" + buf + ")";
        if (share >= 0.8) kept += (kept.empty() ? "" : ",") + std::string(1, letters[k]) + ":" + lins[best][k];
    }
    return all + "\t+\t" + kept;
}

}  // namespace

TEST_CASE("taxonomy: glibc random() stream", "[taxonomy]") {
    GlibcRandom r(1);  // srand(1); rand() on glibc: the values every C programmer has seen
    CHECK(r.next() == 1804289383);
    CHECK(r.next() == 846930886);
    CHECK(r.next() == 1681692777);
    CHECK(r.next() == 1714636915);
    CHECK(r.next() == 1957747793);
}

TEST_CASE("taxonomy: R's runif stream after set.seed", "[taxonomy]") {
    RUniformStream r(1);  // set.seed(1); runif(3) in R: 0.2655087 0.3721239 0.5728534
    CHECK(r.next() == Approx(0.2655087).margin(5e-8));
    CHECK(r.next() == Approx(0.3721239).margin(5e-8));
    CHECK(r.next() == Approx(0.5728534).margin(5e-8));
}

TEST_CASE("taxonomy: header layouts", "[taxonomy]") {
    std::vector<std::string> n;
    CHECK(detect_layout("X1;tax=d:Bacteria,g:Bacillus;") == TaxonomyLayout::sintax);
    CHECK(parse_taxonomy_header("X1;size=3;tax=d:Bacteria,p:Firmicutes;", TaxonomyLayout::sintax, n, "f") == "X1;size=3");
    CHECK(n[0] == "Bacteria");
    CHECK(n[2] == "Firmicutes");
    CHECK(n[1].empty());
    CHECK(detect_layout("Bacteria;Firmicutes;Bacilli;") == TaxonomyLayout::dada2);
    CHECK(parse_taxonomy_header("Bacteria;Firmicutes;Bacilli;", TaxonomyLayout::dada2, n, "f").empty());
    CHECK(n == std::vector<std::string>{"Bacteria", "Firmicutes", "Bacilli"});
    CHECK(detect_layout("AB001 Root;Bacteria;Firmicutes") == TaxonomyLayout::rdp);
    CHECK(parse_taxonomy_header("AB001 Root;Bacteria;Firmicutes", TaxonomyLayout::rdp, n, "f") == "AB001");
    CHECK(n == std::vector<std::string>{"Bacteria", "Firmicutes"});
    const std::string gold = "7000 Acidothermus 11B\t7000|16s\tBacteria; Actinobacteria; Acidothermus";
    CHECK(detect_layout(gold) == TaxonomyLayout::gold);
    CHECK(parse_taxonomy_header(gold, TaxonomyLayout::gold, n, "f") == "7000");
    CHECK(n == std::vector<std::string>{"Bacteria", "Actinobacteria", "Acidothermus"});
    CHECK_THROWS_WITH(parse_taxonomy_header("X;tax=d:A,q:B", TaxonomyLayout::sintax, n, "f: record 1"),
                      Contains("f: record 1: malformed taxonomy entry 'q:B'"));
}

TEST_CASE("taxonomy: rank checks", "[taxonomy]") {
    TaxonomyReference ref;
    ref.rank_names = {"domain", "phylum", "genus"};
    ref.ids = {"a", "b"};
    ref.sequences = {"ACGT", "ACGT"};
    ref.lineages = {{"Bacteria", "Firmicutes", "Bacillus"}, {"Bacteria", "Proteobacteria", "Bacillus"}};
    std::vector<TaxonomyConflict> conflicts;
    CHECK_THROWS_WITH(check_lineages(ref, false, conflicts, "db.fa"),
                      Contains("genus 'Bacillus' is under phylum 'Firmicutes' (a) and 'Proteobacteria' (b)"));
    check_lineages(ref, true, conflicts, "db.fa");
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].second_parent == "Proteobacteria");
    ref.lineages[1] = {"Bacteria", "", "Vibrio"};
    CHECK_THROWS_WITH(check_lineages(ref, true, conflicts, "db.fa"), Contains("rank phylum missing above genus 'Vibrio'"));
    ref.lineages[1] = {"Bacteria", "Firmicutes", ""};  // stopping early is fine
    CHECK_NOTHROW(check_lineages(ref, false, conflicts, "db.fa"));
}

TEST_CASE("taxonomy: index round trip, truncation refused", "[taxonomy]") {
    TempDir dir;
    std::mt19937 rng(5);
    std::vector<std::string> seqs;
    std::vector<std::vector<std::string>> lins;
    write_text(dir.file("db.fa"), random_db(rng, seqs, lins));
    const ParsedTaxonomy parsed = parse_taxonomy_fasta(dir.file("db.fa"), {});
    CHECK(parsed.reference.rank_names == std::vector<std::string>{"domain", "family", "genus"});
    write_taxonomy_index(parsed, dir.file("db.idx"));
    const TaxonomyReference back = read_taxonomy_db(dir.file("db.idx"));
    CHECK(back.ids == parsed.reference.ids);
    CHECK(back.sequences == seqs);
    CHECK(back.lineages == lins);
    const TaxonomyIndex index(dir.file("db.idx"));
    CHECK(index.genera() == 6);
    // n(w): references containing each 8-mer, counted directly
    const std::uint32_t w = *kmer_set(seqs[0]).begin();
    CHECK(index.word_references(w) ==
          static_cast<std::uint32_t>(std::count_if(seqs.begin(), seqs.end(), [&](auto& s) { return kmer_set(s).count(w) > 0; })));
    const std::string bytes = read_text(dir.file("db.idx"));
    write_text(dir.file("cut.idx"), bytes.substr(0, bytes.size() - 9));
    CHECK_THROWS_WITH(TaxonomyIndex(dir.file("cut.idx")), Contains("truncated db index"));
}

TEST_CASE("taxonomy: SINTAX equals the brute-force rule", "[taxonomy]") {
    TempDir dir;
    std::mt19937 rng(11);
    std::vector<std::string> seqs;
    std::vector<std::vector<std::string>> lins;
    write_text(dir.file("db.fa"), random_db(rng, seqs, lins));
    write_taxonomy_index(parse_taxonomy_fasta(dir.file("db.fa"), {}), dir.file("db.idx"));
    const TaxonomyIndex index(dir.file("db.idx"));
    SintaxClassifier classifier(index, SintaxOptions{0.8, false});
    GlibcRandom stream(42);
    for (std::size_t i = 0; i < 40; ++i) {
        std::string q = seqs[i % seqs.size()].substr(i % 50, 120 + i * 3);
        for (std::size_t j = i % 7; j < q.size(); j += 9) q[j] = "ACGT"[(i + j) % 4];
        std::string line;
        const Affiliation a = classifier.classify("q", q, stream, line);
        CAPTURE(i, q);
        CHECK(line == brute_sintax(q, seqs, lins, stream));
        CHECK(a.names.size() == 3);
        std::size_t plus = 0, minus = 0;
        sintax_word_counts(q, false, plus, minus);
        SintaxClassifier::skip_draws(stream, plus, minus);
    }
}

TEST_CASE("taxonomy: SINTAX row sums pick the first largest count, as a direct count does", "[taxonomy]") {
    std::mt19937 rng(5);
    for (const std::size_t words : {std::size_t{4}, std::size_t{84}}) {
        for (int trial = 0; trial < 60; ++trial) {
            const std::size_t count = 1 + rng() % 32;
            const unsigned density = 1 + rng() % 60;  // percent of bits set: sparse to dense, many ties
            std::vector<std::vector<std::uint64_t>> rows(count, std::vector<std::uint64_t>(words, 0));
            const std::size_t used = words * 64 - rng() % 64;  // the last positions empty, as padding is
            for (auto& row : rows)
                for (std::size_t at = 0; at < used; ++at)
                    if (rng() % 100 < density) row[at / 64] |= std::uint64_t{1} << (at % 64);
            std::vector<const std::uint64_t*> pointers;
            for (const auto& row : rows) pointers.push_back(row.data());
            std::size_t want_at = 0;
            unsigned want = 0;
            for (std::size_t at = 0; at < words * 64; ++at) {
                unsigned c = 0;
                for (const auto& row : rows) c += static_cast<unsigned>((row[at / 64] >> (at % 64)) & 1U);
                if (c > want) want = c, want_at = at;
            }
            const auto [at, best] = sintax_best_position(pointers.data(), count, words);
            CAPTURE(words, trial, count, density);
            CHECK(best == want);
            CHECK(at == want_at);
        }
    }
}

TEST_CASE("taxonomy: RDP genus equals dada2's formula evaluated densely", "[taxonomy]") {
    TempDir dir;
    std::mt19937 rng(3);
    std::vector<std::string> seqs;
    std::vector<std::vector<std::string>> lins;
    write_text(dir.file("db.fa"), random_db(rng, seqs, lins));
    write_taxonomy_index(parse_taxonomy_fasta(dir.file("db.fa"), {}), dir.file("db.idx"));
    const TaxonomyIndex index(dir.file("db.idx"));
    const RdpModel model(index);
    RdpClassifier classifier(model, RdpOptions{0, false});
    const std::vector<double> uniforms(100 * 30, 0.37);
    std::vector<std::set<std::uint32_t>> sets;
    for (const auto& s : seqs) sets.push_back(kmer_set(s));
    for (std::size_t i = 0; i < 18; ++i) {
        std::string q = seqs[i].substr(20, 200);
        for (std::size_t j = 3; j < q.size(); j += 11) q[j] = "ACGT"[(i + j) % 4];
        // log P(w|g) = log((m(w,g) + P_w) / (M_g + 1)), P_w = (n(w) + 0.5) / (N + 1), summed over all words.
        std::vector<std::uint32_t> words;
        for_each_kmer(q, false, [&](std::uint32_t w) { words.push_back(w); });
        double best = -1e300;
        std::vector<std::string> best_lineage;
        for (int g = 0; g < 6; ++g) {
            double sum = 0;
            for (std::uint32_t w : words) {
                double n = 0, m = 0;
                for (std::size_t r = 0; r < seqs.size(); ++r) {
                    n += sets[r].count(w) ? 1 : 0;
                    m += (r / 3 == static_cast<std::size_t>(g) && sets[r].count(w)) ? 1 : 0;
                }
                sum += std::log((m + (n + 0.5) / 19.0) / 4.0);
            }
            if (sum > best) best = sum, best_lineage = lins[static_cast<std::size_t>(g) * 3];
        }
        const Affiliation a = classifier.classify("q", q, uniforms.data());
        CAPTURE(i);
        CHECK(a.names == best_lineage);
        CHECK(a.confidence[0] == 1.0);
    }
}

TEST_CASE("taxonomy: affiliation TSV layout", "[taxonomy]") {
    TempDir dir;
    AffiliationTable t;
    t.method = "sintax";
    t.rank_names = {"domain", "phylum", "genus"};
    Affiliation a;
    a.query_id = "Cluster_1";
    a.names = {"Bacteria", "Firmicutes", ""};
    a.confidence = {1.0, 0.98, 0.41};
    t.rows.push_back(a);
    write_affiliation_tsv(t, dir.file("a.tsv"));
    CHECK(read_text(dir.file("a.tsv")) ==
          "## plateau-amplicon affiliation 1\tmethod=sintax\tranks=domain,phylum,genus\n"
          "#query_id\ttaxonomy\tconfidence\tidentity\tquery_coverage\thits\n"
          "Cluster_1\tBacteria;Firmicutes;\t1.0000;0.9800;0.4100\tNA\tNA\tNA\n");
}
