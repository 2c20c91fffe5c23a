// The table step: per-sample cluster counts against a brute-force count from the reads
// themselves, FROGS' cluster filters against a direct statement of each rule, uclust and list
// inputs giving the same table, header annotations, and bad input (one error, nothing written).
#include "amplicon/api.hpp"
#include "amplicon/count_table.hpp"
#include "amplicon/otu_table.hpp"
#include "amplicon/table_writers.hpp"

#include "core/error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <sstream>

using namespace plateau::amplicon;
using plateau::test::read_text;
using plateau::test::TempDir;
using plateau::test::write_text;
using Catch::Matchers::Contains;

namespace {

struct Study {
    std::vector<std::vector<std::string>> reads;  // per sample
};

Study random_study(std::mt19937& rng, std::size_t samples) {
    std::vector<std::string> pool;
    std::uniform_int_distribution<int> base(0, 3), len(35, 60);
    for (int i = 0; i < 40; ++i) {
        std::string s;
        for (int k = len(rng); k > 0; --k) s.push_back("ACGT"[base(rng)]);
        pool.push_back(s);
    }
    Study st;
    std::geometric_distribution<std::size_t> pick(0.12);  // skewed abundances
    for (std::size_t s = 0; s < samples; ++s) {
        st.reads.emplace_back();
        for (int r = 0; r < 300; ++r) st.reads.back().push_back(pool[std::min<std::size_t>(pick(rng), pool.size() - 1)]);
    }
    return st;
}

struct Derep {
    std::vector<std::string> headers, seqs;  // FASTA order
};

Derep derep_study(const TempDir& dir, const Study& st, AbundanceStyle style, bool sha1) {
    DerepOptions o;
    for (std::size_t s = 0; s < st.reads.size(); ++s) {
        std::string fa;
        for (std::size_t r = 0; r < st.reads[s].size(); ++r) fa += ">s" + std::to_string(s) + "r" + std::to_string(r) + "\n" + st.reads[s][r] + "\n";
        write_text(dir.file("s" + std::to_string(s) + ".fa"), fa);
        o.samples.push_back({"S" + std::to_string(s), dir.file("s" + std::to_string(s) + ".fa")});
    }
    o.fasta_out = dir.file("derep.fa");
    o.counts_out = dir.file("counts.tsv");
    o.style = style;
    o.relabel_sha1 = sha1;
    o.fasta_width = 0;
    validate(o);
    run_derep(o);
    Derep d;
    std::istringstream in(read_text(o.fasta_out));
    for (std::string line; std::getline(in, line);) (line[0] == '>' ? d.headers : d.seqs).push_back(line[0] == '>' ? line.substr(1) : line);
    return d;
}

// A random partition of the uniques into clusters, each written seed first.
std::vector<std::vector<std::size_t>> random_clusters(std::mt19937& rng, std::size_t n) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::vector<std::size_t>> clusters;
    std::uniform_int_distribution<int> size(1, 5);
    for (std::size_t i = 0; i < n;) {
        clusters.emplace_back();
        for (int k = size(rng); k > 0 && i < n; --k) clusters.back().push_back(order[i++]);
    }
    return clusters;
}

TableOptions table_options(const TempDir& dir) {
    TableOptions o;
    o.clusters = dir.file("clusters.txt");
    o.fasta = dir.file("derep.fa");
    o.counts = dir.file("counts.tsv");
    o.biom_out = dir.file("t.biom");
    o.tsv_out = dir.file("t.tsv");
    o.progress = plateau::core::ProgressMode::never;
    o.date = "2026-01-01T00:00:00";
    return o;
}

// BIOM rows as name -> per-sample counts (dense from the sparse data).
std::map<std::string, std::vector<std::uint64_t>> biom_counts(const std::string& path) {
    const auto j = nlohmann::json::parse(read_text(path));
    REQUIRE(j["matrix_type"] == "sparse");
    std::map<std::string, std::vector<std::uint64_t>> out;
    for (const auto& row : j["rows"]) out[row["id"]].assign(j["columns"].size(), 0);
    for (const auto& d : j["data"]) out[j["rows"][d[0].get<std::size_t>()]["id"]][d[1].get<std::size_t>()] = d[2].get<std::uint64_t>();
    return out;
}

}  // namespace

TEST_CASE("table: per-sample cluster counts equal a brute-force count of the reads", "[amplicon][table]") {
    const auto [style, sha1] = GENERATE(std::make_pair(AbundanceStyle::usearch, true), std::make_pair(AbundanceStyle::swarm, false));
    const std::uint32_t seed = GENERATE(1U, 2U, 3U);
    CAPTURE(sha1, seed);
    std::mt19937 rng(seed);
    TempDir dir;
    const Study st = random_study(rng, 4);
    const Derep d = derep_study(dir, st, style, sha1);
    const auto clusters = random_clusters(rng, d.headers.size());
    std::string list;
    for (const auto& c : clusters) {
        for (std::size_t m = 0; m < c.size(); ++m) list += (m ? " " : "") + d.headers[c[m]];
        list += "\n";
    }
    write_text(dir.file("clusters.txt"), list);
    const TableSummary summary = run_table(table_options(dir));

    std::map<std::string, std::size_t> cluster_of_seq;
    for (std::size_t c = 0; c < clusters.size(); ++c)
        for (std::size_t u : clusters[c]) cluster_of_seq[d.seqs[u]] = c;
    std::vector<std::vector<std::uint64_t>> expected(clusters.size(), std::vector<std::uint64_t>(st.reads.size(), 0));
    for (std::size_t s = 0; s < st.reads.size(); ++s)
        for (const std::string& read : st.reads[s]) ++expected[cluster_of_seq.at(read)][s];
    const auto got = biom_counts(dir.file("t.biom"));
    REQUIRE(got.size() == clusters.size());
    for (std::size_t c = 0; c < clusters.size(); ++c) CHECK(got.at("Cluster_" + std::to_string(c + 1)) == expected[c]);
    CHECK(summary.reads == 4 * 300);
    // The TSV's seed sequence is the first member's, its sum the row total.
    std::istringstream tsv(read_text(dir.file("t.tsv")));
    std::string line;
    std::getline(tsv, line);
    CHECK(line == "#comment\tseed_id\tseed_sequence\tobservation_name\tobservation_sum\tS0\tS1\tS2\tS3");
    for (std::size_t c = 0; std::getline(tsv, line); ++c) {
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
        REQUIRE(f.size() == 9);
        CHECK(f[2] == d.seqs[clusters[c][0]]);
        CHECK(f[4] == std::to_string(expected[c][0] + expected[c][1] + expected[c][2] + expected[c][3]));
    }
}

TEST_CASE("table: cluster filters follow FROGS' rules, each on the same rows", "[amplicon][table]") {
    std::mt19937 rng(GENERATE(11U, 12U, 13U, 14U));
    OtuTable t;
    t.samples = {"a", "b", "c", "d"};
    std::uniform_int_distribution<int> zero(0, 2), count(1, 40);
    for (int i = 0; i < 60; ++i) {
        OtuRow row;
        row.name = "Cluster_" + std::to_string(i + 1);
        for (int s = 0; s < 4; ++s) row.counts.push_back(zero(rng) == 0 ? 0 : static_cast<std::uint64_t>(count(rng)));
        for (auto n : row.counts) row.total += n;
        if (i % 17 == 5) row.excluded_because = {"chimera"};
        t.rows.push_back(row);
    }
    ClusterFilters f;
    f.min_abundance_fraction = 0.01;
    f.min_sample_presence = 2;
    f.keep_biggest = 25;
    const OtuTable before = t;
    apply_cluster_filters(t, f);
    std::uint64_t all = 0;
    for (const auto& r : before.rows) all += r.excluded_because.empty() ? r.total : 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const OtuRow& r = before.rows[i];
        if (!r.excluded_because.empty()) { CHECK(t.rows[i].excluded_because == r.excluded_because); continue; }
        std::vector<std::string> want;
        if (static_cast<double>(r.total) < 0.01 * static_cast<double>(all)) want.emplace_back("min_abundance");
        if (std::count_if(r.counts.begin(), r.counts.end(), [](auto n) { return n > 0; }) < 2) want.emplace_back("min_sample_presence");
        std::size_t ahead = 0;  // candidate rows bigger, or as big and earlier (a stable sort)
        for (std::size_t k = 0; k < before.rows.size(); ++k) {
            const OtuRow& o = before.rows[k];
            if (o.excluded_because.empty() && (o.total > r.total || (o.total == r.total && k < i))) ++ahead;
        }
        if (ahead >= 25) want.emplace_back("nb_biggest_clusters");
        CAPTURE(i, r.total, ahead);
        CHECK(t.rows[i].excluded_because == want);
    }
}

TEST_CASE("table: uclust (-u) and list (-o) inputs give the same table", "[amplicon][table]") {
    std::mt19937 rng(7);
    TempDir dir;
    derep_study(dir, random_study(rng, 3), AbundanceStyle::usearch, true);
    ClusterOptions c;
    c.input = dir.file("derep.fa");
    c.usearch_abundance = true;
    c.fastidious = true;
    c.output = dir.file("clusters.txt");
    c.uclust = dir.file("clusters.uc");
    run_cluster(c);
    TableOptions o = table_options(dir);
    run_table(o);
    const std::string from_list = read_text(o.biom_out);
    o.clusters = dir.file("clusters.uc");
    run_table(o);
    CHECK(read_text(o.biom_out) == from_list);
}

TEST_CASE("table: amplicon ids without their abundance annotations", "[amplicon][table]") {
    CHECK(amplicon_id("abc;size=12") == "abc");
    CHECK(amplicon_id("abc;size=12;") == "abc");
    CHECK(amplicon_id("abc;size=12;x=1") == "abc;x=1");
    CHECK(amplicon_id("abc_12") == "abc");
    CHECK(amplicon_id("a_b_12;size=3") == "a_b_12");
    CHECK(amplicon_id("abc") == "abc");
    CHECK(annotated_abundance("abc;size=12;") == 12);
    CHECK(annotated_abundance("x_7") == 7);
    CHECK(annotated_abundance("x") == 0);
}

TEST_CASE("table: bad input throws one error naming the file and line, and writes nothing", "[amplicon][table]") {
    std::mt19937 rng(5);
    TempDir dir;
    const Derep d = derep_study(dir, random_study(rng, 2), AbundanceStyle::usearch, true);
    TableOptions o = table_options(dir);
    SECTION("an amplicon the count table does not name") {
        write_text(o.clusters, d.headers[0] + " nosuch;size=3\n");
        CHECK_THROWS_WITH(run_table(o), Contains("clusters.txt: line 1: amplicon 'nosuch;size=3' is not in the count table"));
    }
    SECTION("an abundance that differs from the count table") {
        const std::string id = d.headers[1].substr(0, d.headers[1].find(';'));
        write_text(o.clusters, d.headers[0] + "\n" + id + ";size=99999\n");
        CHECK_THROWS_WITH(run_table(o), Contains("clusters.txt: line 2: amplicon '" + id + ";size=99999' has abundance 99999"));
    }
    SECTION("a count-table row with a missing column") {
        write_text(o.clusters, d.headers[0] + "\n");
        std::string counts = read_text(o.counts);
        counts.insert(counts.find('\n', counts.find('\n') + 1), "\nxyz\t1");
        write_text(o.counts, counts);
        CHECK_THROWS_WITH(run_table(o), Contains("counts.tsv: line 3: 2 columns, the header has 3"));
    }
    CHECK_FALSE(std::filesystem::exists(o.biom_out));
    CHECK_FALSE(std::filesystem::exists(o.tsv_out));
}

TEST_CASE("count table: the one reader of table and chimera, hand-written rows and errors", "[amplicon][table]") {
    TempDir dir;
    const std::string path = dir.file("counts.tsv");
    SECTION("rows, counts, totals and line numbers (blank lines skipped, CR ignored)") {
        write_text(path, "#id\ts1\ts2\r\na\t4\t5\r\n\nb\t0\t4294967295\n");
        const CountTable t = read_count_table(path);
        CHECK(t.samples == std::vector<std::string>{"s1", "s2"});
        CHECK(t.ids == std::vector<std::string>{"a", "b"});
        CHECK(t.lines == std::vector<std::uint64_t>{2, 4});
        CHECK(t.count(0, 1) == 5);
        CHECK(t.count(1, 1) == 4294967295ULL);
        CHECK(t.row_total(0) == 9);
        CHECK(t.row_of.at("b") == 1);
    }
    const auto fails = [&](const std::string& text, const std::string& message) {
        write_text(path, text);
        CHECK_THROWS_WITH(read_count_table(path), Contains(path + ": " + message));
    };
    SECTION("errors name the file and the line") {
        fails("a\t4\n", "line 1: expected a header");
        fails("#id\n", "line 1: the header names no sample");
        fails("#id\ts1\ts1\na\t1\t2\n", "line 1: duplicate sample name 's1'");
        fails("#id\ts1\na\t1\n\nb\tx\n", "line 4: 'x' is not a count");
        fails("#id\ts1\na\t4294967296\n", "line 2: '4294967296' is not a count");
        fails("#id\ts1\na\t1\na\t2\n", "line 3: duplicate identifier 'a'");
        fails("#id\ts1\ts2\na\t1\n", "line 2: 2 columns, the header has 3");
        fails("#id\ts1\n", "the count table has no rows");
    }
}

TEST_CASE("table: taxonomy plugs into the BIOM rows and the TSV", "[amplicon][table]") {
    OtuTable t;
    t.samples = {"a", "b"};
    OtuRow classified;
    classified.name = "Cluster_1";
    classified.seed_id = "s1";
    classified.seed_sequence = "ACGT";
    classified.counts = {3, 0};
    classified.total = 3;
    classified.taxonomy = {{"Bacteria", 1.0}, {"Firmicutes", 0.75}, {"Bacilli", -1}};
    OtuRow unclassified = classified;
    unclassified.name = "Cluster_2";
    unclassified.seed_id = "s2";
    unclassified.taxonomy.clear();
    unclassified.comment = {"FROGS_combined"};
    t.rows = {classified, unclassified};
    const auto biom = nlohmann::json::parse(format_biom(t, "2026-01-01T00:00:00", "plateau-amplicon test"));
    CHECK(biom["rows"][0]["metadata"]["taxonomy"] == nlohmann::json({"Bacteria", "Firmicutes", "Bacilli"}));
    CHECK(biom["rows"][0]["metadata"]["taxonomy_confidence"] == nlohmann::json({1.0, 0.75, nullptr}));
    CHECK(biom["rows"][1]["metadata"]["taxonomy"] == nlohmann::json({"Unassigned"}));
    CHECK(biom["rows"][1]["metadata"]["comment"] == nlohmann::json({"FROGS_combined"}));
    CHECK(biom["data"] == nlohmann::json({{0, 0, 3}, {1, 0, 3}}));
    CHECK(biom["shape"] == nlohmann::json({2, 2}));
    // A k-mer method: FROGS' rdp_tax_and_bootstrap ("name;(confidence);" per rank) after #comment.
    t.taxonomy_method = "sintax";
    std::string tsv = format_abundance_tsv(t);
    CHECK(tsv == "#comment\trdp_tax_and_bootstrap\tseed_id\tseed_sequence\tobservation_name\tobservation_sum\ta\tb\n"
                 "no data\tBacteria;(1.0000);Firmicutes;(0.7500);Bacilli;(no data);\ts1\tACGT\tCluster_1\t3\t3\t0\n"
                 "FROGS_combined\tno data\ts2\tACGT\tCluster_2\t3\t3\t0\n");
    // The alignment method: FROGS' blast_* columns and the tied hits; identity and coverage in the BIOM.
    t.taxonomy_method = "align";
    t.rows[0].identity = 99.5;
    t.rows[0].query_coverage = 100;
    t.rows[0].hits = 2;
    tsv = format_abundance_tsv(t);
    CHECK(tsv == "#comment\tblast_taxonomy\tblast_perc_identity\tblast_perc_query_coverage\tblast_hits\tseed_id\tseed_sequence"
                 "\tobservation_name\tobservation_sum\ta\tb\n"
                 "no data\tBacteria;Firmicutes;Bacilli\t99.50\t100.00\t2\ts1\tACGT\tCluster_1\t3\t3\t0\n"
                 "FROGS_combined\tno data\tno data\tno data\tno data\ts2\tACGT\tCluster_2\t3\t3\t0\n");
    const auto aligned = nlohmann::json::parse(format_biom(t, "2026-01-01T00:00:00", "plateau-amplicon test"));
    CHECK(aligned["rows"][0]["metadata"]["perc_identity"] == 99.5);
    CHECK(aligned["rows"][0]["metadata"]["hits"] == 2);
    CHECK(aligned["rows"][1]["metadata"]["perc_identity"] == nullptr);
}
