// The alignment affiliation method: the overlap aligner against hand-derived scores and a
// textbook three-matrix statement of the same recurrences; the candidate search (k-mer order and
// stopping bound) against aligning every reference; FROGS' multi-affiliation rule on hand-made
// ties; same result at 1 and 4 threads; the affiliation TSV reader and the affiliation filters
// on hand-written files; bad input.
#include "amplicon/affiliation.hpp"
#include "amplicon/affiliation_align.hpp"
#include "amplicon/affiliation_filter.hpp"
#include "amplicon/overlap_alignment.hpp"

#include "core/error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace plateau::amplicon;
using plateau::test::read_text;
using plateau::test::TempDir;
using plateau::test::write_text;
using Catch::Matchers::Contains;

namespace {

// The textbook statement: M, X (reference base against a gap), Y (query base against a gap),
// free leading and trailing gaps on both sequences, best over the last row and column.
int textbook_score(const std::string& q, const std::string& r) {
    const int n = static_cast<int>(q.size()), m = static_cast<int>(r.size()), ninf = -1000000;
    std::vector<std::vector<int>> M(n + 1, std::vector<int>(m + 1, ninf)), X = M, Y = M;
    for (int i = 0; i <= n; ++i) M[i][0] = 0;
    for (int j = 0; j <= m; ++j) M[0][j] = 0;
    for (int i = 1; i <= n; ++i) {
        for (int j = 1; j <= m; ++j) {
            const int best_prev = std::max({M[i - 1][j - 1], X[i - 1][j - 1], Y[i - 1][j - 1]});
            M[i][j] = best_prev + (q[i - 1] == r[j - 1] && r[j - 1] != 'N' ? 2 : -4);
            X[i][j] = std::max({M[i][j - 1] - 22, X[i][j - 1] - 2, Y[i][j - 1] - 22});
            Y[i][j] = std::max({M[i - 1][j] - 22, Y[i - 1][j] - 2, X[i - 1][j] - 22});
        }
    }
    int best = 0;
    for (int j = 0; j <= m; ++j) best = std::max({best, M[n][j], X[n][j], Y[n][j]});
    for (int i = 0; i <= n; ++i) best = std::max({best, M[i][m], X[i][m], Y[i][m]});
    return best;
}

std::string random_dna(std::mt19937& rng, int length) {
    std::uniform_int_distribution<int> base(0, 3);
    std::string s;
    for (int i = 0; i < length; ++i) s.push_back("ACGT"[base(rng)]);
    return s;
}

std::string mutate(std::mt19937& rng, std::string s, int edits) {
    std::uniform_int_distribution<int> kind(0, 9), base(0, 3);
    for (int e = 0; e < edits && !s.empty(); ++e) {
        const auto at = std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
        const int k = kind(rng);
        if (k < 8) s[at] = "ACGT"[base(rng)];
        else if (k == 8) s.erase(at, 1);
        else s.insert(at, 1, "ACGT"[base(rng)]);
    }
    return s;
}

TaxonomyReference tiny_reference() {
    TaxonomyReference ref;
    ref.rank_names = {"domain", "phylum", "genus"};
    std::mt19937 rng(7);
    const std::string core = random_dna(rng, 120);
    const std::string left = random_dna(rng, 60), right = random_dna(rng, 60);
    // r0 and r1 hold the same 120-nt region in different flanks; r2 differs by 6 substitutions.
    ref.ids = {"r0", "r1", "r2", "r3"};
    ref.sequences = {left + core + right, random_dna(rng, 30) + core + random_dna(rng, 90),
                     left + mutate(rng, core, 0).replace(10, 6, "TTTTTT") + right, random_dna(rng, 240)};
    ref.lineages = {{"Bacteria", "Firmicutes", "Bacillus"},
                    {"Bacteria", "Firmicutes", "Listeria"},
                    {"Bacteria", "Proteobacteria", "Escherichia"},
                    {"Archaea", "Euryarchaeota", "Methanobrevibacter"}};
    return ref;
}

}  // namespace

TEST_CASE("OverlapAlignment: hand-derived scores, identity and coverage", "[affiliation]") {
    OverlapWorkspace ws;
    // The query inside a longer reference: free reference ends, 8 matches.
    OverlapAlignment a = overlap_align(nucleotide_codes("ACGTACGT"), nucleotide_codes("TTTACGTACGTGGG"), ws);
    CHECK(a.score == 16);
    CHECK(a.identity() == 100.0);
    CHECK(a.query_coverage(8) == 100.0);
    // One mismatch in 10: 9 x 2 - 4 = 14, identity 90 %.
    a = overlap_align(nucleotide_codes("AAAAACAAAA"), nucleotide_codes("GGAAAAAGAAAAGG"), ws);
    CHECK(a.score == 14);
    CHECK(a.matches == 9);
    CHECK(a.columns == 10);
    // A query overhanging the reference's end by 4: 6 matches, coverage 60 %.
    a = overlap_align(nucleotide_codes("CCCCCCGGGG"), nucleotide_codes("AAAACCCCCC"), ws);
    CHECK(a.score == 12);
    CHECK(a.query_coverage(10) == Approx(60.0));
    // An internal 1-base gap costs 22: 2 x 30 matches - 22 = 38 beats the shifted mismatches.
    const std::string left = "ACGTTGCAAGCTTACGGATC", right = "GATTACAGGCATTCAG";
    a = overlap_align(nucleotide_codes(left + right), nucleotide_codes(left + "T" + right), ws);
    CHECK(a.score == 2 * 36 - 22);
    CHECK(a.columns == 37);
    CHECK(a.matches == 36);
}

TEST_CASE("OverlapAlignment: score equals the textbook three-matrix recurrences", "[affiliation]") {
    std::mt19937 rng(42);
    OverlapWorkspace ws;
    for (int trial = 0; trial < 300; ++trial) {
        const std::string r = random_dna(rng, 5 + static_cast<int>(rng() % 60));
        std::string q = mutate(rng, r.substr(rng() % (r.size() / 2 + 1)), static_cast<int>(rng() % 8));
        if (q.empty()) q = "A";
        const int expected = textbook_score(q, r);
        CAPTURE(q, r);
        // The textbook counts the empty alignment (0); ours reports the best non-empty overlap, which
        // can be negative: the method keeps hits above 0 only, so both agree where it matters.
        CHECK(std::max(0, overlap_score(nucleotide_codes(q), nucleotide_codes(r), ws)) == expected);
        CHECK(std::max(0, overlap_align(nucleotide_codes(q), nucleotide_codes(r), ws).score) == expected);
    }
}

TEST_CASE("multi_affiliation_consensus: FROGS' rule on hand-made ties", "[affiliation]") {
    const std::vector<std::string> a = {"Bacteria", "Proteobacteria", "Gammaproteobacteria", "Enterobacterales"};
    const std::vector<std::string> b = {"Bacteria", "Proteobacteria", "Betaproteobacteria", "Methylophilales"};
    const std::vector<std::string> c = {"Bacteria", "Firmicutes", "Bacilli", "Enterobacterales"};
    const std::string M = k_multi_affiliation;
    CHECK(multi_affiliation_consensus({&a}, 4) == a);
    CHECK(multi_affiliation_consensus({&a, &a}, 4) == a);
    CHECK(multi_affiliation_consensus({&a, &b}, 4) == std::vector<std::string>{"Bacteria", "Proteobacteria", M, M});
    // Same name in different branches below a disagreement is still Multi-affiliation.
    CHECK(multi_affiliation_consensus({&a, &c}, 4) == std::vector<std::string>{"Bacteria", M, M, M});
    const std::vector<std::string> d = {"Bacteria", "Proteobacteria", "Gammaproteobacteria", ""};
    CHECK(multi_affiliation_consensus({&a, &d}, 4) == std::vector<std::string>{"Bacteria", "Proteobacteria", "Gammaproteobacteria", M});
}

TEST_CASE("affiliate_by_alignment: ties become Multi-affiliation, unknowns get no hit", "[affiliation]") {
    const TaxonomyReference ref = tiny_reference();
    const std::string core = ref.sequences[0].substr(60, 120);
    const std::vector<AffiliationQuery> queries = {{"tied", core.substr(5, 100)},
                                                   {"r2", ref.sequences[2].substr(62, 100)},
                                                   {"unknown", std::string(100, 'A')}};
    for (const std::string& s : ref.sequences) REQUIRE(s.find("AAAAAAAA") == std::string::npos);
    const AlignAffiliationResult res = affiliate_by_alignment(ref, queries, {});
    REQUIRE(res.table.rows.size() == 3);
    CHECK(res.table.method == "align");
    const Affiliation& tied = res.table.rows[0];
    CHECK(tied.names == std::vector<std::string>{"Bacteria", "Firmicutes", k_multi_affiliation});
    CHECK(tied.hits == 2u);
    CHECK(*tied.identity == 100.0);
    CHECK(*tied.query_coverage == 100.0);
    REQUIRE(res.hits[0].size() == 2);
    CHECK(res.hits[0][0].reference == 0);
    CHECK(res.hits[0][1].reference == 1);
    CHECK(res.table.rows[1].names == ref.lineages[2]);
    CHECK(res.table.rows[1].hits == 1u);
    CHECK(res.table.rows[2].hits == 0u);
    CHECK(!res.table.rows[2].identity);
    CHECK(res.table.rows[2].names == std::vector<std::string>(3, ""));
    const std::string multi = format_multi_hits(ref, res);
    CHECK(multi == "#observation_name\tblast_taxonomy\tblast_subject\tblast_perc_identity\tblast_perc_query_coverage\tblast_aln_length\n"
                   "tied\tBacteria;Firmicutes;Bacillus\tr0\t100.00\t100.00\t100\n"
                   "tied\tBacteria;Firmicutes;Listeria\tr1\t100.00\t100.00\t100\n");
}

TEST_CASE("affiliate_by_alignment: strand both finds reverse-complemented queries", "[affiliation]") {
    const TaxonomyReference ref = tiny_reference();
    std::string q = ref.sequences[2].substr(62, 100);
    std::reverse(q.begin(), q.end());
    for (char& c : q) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
    AlignAffiliationOptions o;
    CHECK(affiliate_by_alignment(ref, {{"rc", q}}, o).table.rows[0].names != ref.lineages[2]);
    o.both_strands = true;
    const AlignAffiliationResult res = affiliate_by_alignment(ref, {{"rc", q}}, o);
    CHECK(res.table.rows[0].names == ref.lineages[2]);
    REQUIRE(res.hits[0].size() == 1);
    CHECK(res.hits[0][0].reverse);
}

TEST_CASE("affiliate_by_alignment: the search finds every best tie that aligning all references finds, at 1 and 4 threads",
          "[affiliation]") {
    std::mt19937 rng(11);
    TaxonomyReference ref;
    ref.rank_names = {"genus"};
    std::vector<std::string> roots = {random_dna(rng, 400), random_dna(rng, 400), random_dna(rng, 400)};
    for (int i = 0; i < 120; ++i) {
        ref.ids.push_back("ref" + std::to_string(i));
        ref.sequences.push_back(mutate(rng, roots[static_cast<std::size_t>(i % 3)], static_cast<int>(rng() % 25)));
        ref.lineages.push_back({"g" + std::to_string(i % 7)});
    }
    ref.sequences.push_back(ref.sequences[5]);  // an exact duplicate: a guaranteed tie
    ref.ids.push_back("dup5");
    ref.lineages.push_back({"g_dup"});
    std::vector<AffiliationQuery> queries;
    for (int i = 0; i < 60; ++i) {
        const std::string& source = ref.sequences[rng() % ref.sequences.size()];
        const std::size_t start = rng() % 150;
        queries.push_back({"q" + std::to_string(i), mutate(rng, source.substr(start, 150 + rng() % 100), static_cast<int>(rng() % 12))});
    }
    queries.push_back({"q_dup", ref.sequences[5].substr(100, 200)});
    AlignAffiliationOptions o;
    o.max_candidates = 0;
    const AlignAffiliationResult one = affiliate_by_alignment(ref, queries, o);
    o.threads = 4;
    const AlignAffiliationResult four = affiliate_by_alignment(ref, queries, o);
    OverlapWorkspace ws;
    for (std::size_t q = 0; q < queries.size(); ++q) {
        int best = 0;
        std::vector<std::size_t> tied;
        for (std::size_t r = 0; r < ref.sequences.size(); ++r) {
            const int s = overlap_score(nucleotide_codes(queries[q].sequence), nucleotide_codes(ref.sequences[r]), ws);
            if (s > best) { best = s; tied.clear(); }
            if (s == best && s > 0) tied.push_back(r);
        }
        std::vector<std::size_t> got;
        for (const AlignmentHit& h : one.hits[q]) got.push_back(h.reference);
        CAPTURE(q);
        CHECK(got == tied);
        CHECK(one.table.rows[q].names == four.table.rows[q].names);
        CHECK(one.table.rows[q].identity == four.table.rows[q].identity);
        CHECK(one.table.rows[q].hits == four.table.rows[q].hits);
    }
    // q_dup lies in reference 5 and its exact copy (and in any reference left unmutated there).
    const std::vector<AlignmentHit>& dup = one.hits.back();
    CHECK(std::any_of(dup.begin(), dup.end(), [](const AlignmentHit& h) { return h.reference == 5; }));
    CHECK(std::any_of(dup.begin(), dup.end(), [&](const AlignmentHit& h) { return h.reference == ref.ids.size() - 1; }));
    CHECK(one.table.rows.back().names[0] == k_multi_affiliation);
}

namespace {

const char* const k_tsv =
    "## plateau-amplicon affiliation 1\tmethod=sintax\tranks=domain,phylum,genus\n"
    "#query_id\ttaxonomy\tconfidence\tidentity\tquery_coverage\thits\n"
    "Cluster_1\tBacteria;Firmicutes;Bacillus\t1.0000;0.9500;0.6000\tNA\tNA\tNA\n"
    "Cluster_2\tBacteria;Cyanobacteria;Chloroplast\t1.0000;0.9000;0.9000\tNA\tNA\tNA\n"
    "Cluster_3\tBacteria;;\t0.9000;0.4000;0.1000\tNA\tNA\tNA\n";

const char* const k_align_tsv =
    "## plateau-amplicon affiliation 1\tmethod=align\tranks=domain,phylum,genus\n"
    "#query_id\ttaxonomy\tconfidence\tidentity\tquery_coverage\thits\n"
    "Cluster_1\tBacteria;Firmicutes;Bacillus\tNA\t99.60\t100.00\t1\n"
    "Cluster_2\tBacteria;Firmicutes;Multi-affiliation\tNA\t96.00\t100.00\t3\n"
    "Cluster_3\t;;\tNA\tNA\tNA\t0\n"
    "Cluster_4\tBacteria;Proteobacteria;Escherichia\tNA\t100.00\t80.00\t1\n";

}  // namespace

TEST_CASE("read_affiliation_tsv: hand-written files, and the writer reads back the same", "[affiliation]") {
    TempDir dir;
    write_text(dir.file("a.tsv"), k_align_tsv);
    const AffiliationTable t = read_affiliation_tsv(dir.file("a.tsv"));
    CHECK(t.method == "align");
    CHECK(t.rank_names == std::vector<std::string>{"domain", "phylum", "genus"});
    REQUIRE(t.rows.size() == 4);
    CHECK(t.rows[1].names[2] == k_multi_affiliation);
    CHECK(*t.rows[1].identity == 96.0);
    CHECK(t.rows[1].hits == 3u);
    CHECK(t.rows[1].confidence.empty());
    CHECK(t.rows[2].names == std::vector<std::string>(3, ""));
    CHECK(!t.rows[2].identity);
    write_affiliation_tsv(t, dir.file("b.tsv"));
    CHECK(read_text(dir.file("b.tsv")) == k_align_tsv);
    write_text(dir.file("s.tsv"), k_tsv);
    const AffiliationTable s = read_affiliation_tsv(dir.file("s.tsv"));
    CHECK(s.rows[0].confidence == std::vector<double>{1.0, 0.95, 0.6});
    CHECK(!s.rows[0].hits);
    write_affiliation_tsv(s, dir.file("c.tsv"));
    CHECK(read_text(dir.file("c.tsv")) == k_tsv);
}

TEST_CASE("read_affiliation_tsv: malformed files name the file and line", "[affiliation]") {
    TempDir dir;
    const std::string head = "## plateau-amplicon affiliation 1\tmethod=sintax\tranks=domain,genus\n"
                             "#query_id\ttaxonomy\tconfidence\tidentity\tquery_coverage\thits\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "empty or truncated"},
        {"#OTU\ttaxonomy\n", "line 1: not a plateau-amplicon affiliation TSV"},
        {"## plateau-amplicon affiliation 2\tmethod=sintax\tranks=d\n", "line 1: format version '2'"},
        {"## plateau-amplicon affiliation 1\tmethod=blast\tranks=d\n", "method 'blast'"},
        {head + "C1\tBacteria\tNA\tNA\tNA\tNA\n", "line 3: 'C1': 1 taxonomy fields, not 2"},
        {head + "C1\tBacteria;X\t1.0;1.5\tNA\tNA\tNA\n", "line 3: 'C1': confidence '1.5' is not in [0, 1]"},
        {head + "C1\tBacteria;X\t1.0\tNA\tNA\tNA\n", "confidences are not one per rank"},
        {head + "C1\tBacteria;X\tNA\t101\tNA\tNA\n", "identity '101'"},
        {head + "C1\tBacteria;X\tNA\tNA\tNA\t-1\n", "hits '-1'"},
        {head + "C1\tBacteria;X\tNA\tNA\tNA\n", "line 3: 5 columns, not 6"},
        {head + "C1\tA;B\tNA\tNA\tNA\tNA\nC1\tA;B\tNA\tNA\tNA\tNA\n", "line 4: duplicate query id 'C1'"},
    };
    for (const auto& [text, message] : cases) {
        write_text(dir.file("bad.tsv"), text);
        CAPTURE(text);
        CHECK_THROWS_WITH(read_affiliation_tsv(dir.file("bad.tsv")), Contains(dir.file("bad.tsv")) && Contains(message));
    }
    CHECK_THROWS_WITH(read_affiliation_tsv(dir.file("absent.tsv")), Contains("cannot open"));
}

TEST_CASE("affiliation filters: FROGS' rules on hand-written tables, mask and delete", "[affiliation]") {
    TempDir dir;
    write_text(dir.file("a.tsv"), k_align_tsv);
    AffiliationFilterOptions o;
    o.input = dir.file("a.tsv");
    o.min_identity = 97;
    o.min_coverage = 90;
    AffiliationTable t = read_affiliation_tsv(o.input);
    std::string impacted = filter_affiliations(t, o);
    CHECK(impacted == "#query_id\treasons\tstatus\ttaxonomy\n"
                      "Cluster_2\tidentity_lt_97\tmasked\tBacteria;Firmicutes;Multi-affiliation\n"
                      "Cluster_3\tno_hit\tmasked\t;;\n"
                      "Cluster_4\tcoverage_lt_90\tmasked\tBacteria;Proteobacteria;Escherichia\n");
    REQUIRE(t.rows.size() == 4);
    CHECK(t.rows[0].names[2] == "Bacillus");
    CHECK(t.rows[1].names == std::vector<std::string>(3, ""));
    CHECK(*t.rows[1].identity == 96.0);

    write_text(dir.file("s.tsv"), k_tsv);
    AffiliationFilterOptions k;
    k.input = dir.file("s.tsv");
    k.min_confidence = {{"phylum", 0.92}};
    k.exclude_taxa = {"Chloroplast"};
    k.remove = true;
    t = read_affiliation_tsv(k.input);
    impacted = filter_affiliations(t, k);
    CHECK(impacted == "#query_id\treasons\tstatus\ttaxonomy\n"
                      "Cluster_2\tphylum_confidence_lt_0.92,excluded_taxon_Chloroplast\tdeleted\tBacteria;Cyanobacteria;Chloroplast\n"
                      "Cluster_3\tphylum_confidence_lt_0.92\tdeleted\tBacteria;;\n");
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].query_id == "Cluster_1");

    k.min_confidence = {{"species", 0.5}};
    t = read_affiliation_tsv(k.input);
    CHECK_THROWS_WITH(filter_affiliations(t, k), Contains("no rank 'species'"));
    o.min_identity = 0;
    o.min_coverage = 0;
    CHECK_THROWS_AS(validate(o), plateau::Error);
}
