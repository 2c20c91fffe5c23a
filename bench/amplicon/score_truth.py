#!/usr/bin/python3
"""Scores cluster seeds against a make_study.sh truth.

    score_truth.py TRUTH_DIR --seeds FINAL_SEEDS.fa [--all-seeds ALL.fa --chimeras CALLS.txt]
                   [--min-reads 10] [--trim-five 19] [--trim-three 20]

True sequences: the references' V4 amplicons (truth/true_amplicons.fa) without the primers
(--trim-five/--trim-three nt, as cutadapt removes them). A true sequence is *expected* when at
least --min-reads non-chimeric read pairs come from references with that amplicon (one read is
not enough for any pipeline to call it).

A seed *matches* a sequence when their edit distance is at most 1 (exact matches are counted too);
a seed equal to a true sequence matches only that one, not its 1-edit true neighbours.
Why 1: a seed is the most abundant unique of its cluster; with 2 x 250 reads the merged ends are
covered by one read only, so a real sequence whose error-free copies are outnumbered by a shared
error variant (the same early-cycle error in several reads is rare, a 1-edit variant of a very
abundant sequence is not) still marks the true sequence as found; 2 edits would start to accept
sibling references (V4 of related genera differ by 1-5 nt), which would inflate recall.

  recall    = expected true sequences matched by a final seed / expected true sequences
  precision = final seeds matching some true sequence / final seeds
Chimeras (with --all-seeds and --chimeras, the seed ids called chimeric): a candidate seed is truly
chimeric when it matches no true sequence and either matches a chimeric amplicon of
truth/chimeric_amplicons.fa (error-free chimeric pairs) or is a bimera of two true sequences: its
longest prefix shared with one and longest suffix shared with another cover all its bases but at
most one (grinder's trimeras are caught when their outer parents cover them; the rest count as
not chimeric, which can only lower the measured precision).
  chimera recall    = truly chimeric seeds called / truly chimeric seeds among all seeds
  chimera precision = truly chimeric seeds called / seeds called
Prints one JSON object.
"""
import argparse
import collections
import json
import os


def read_fasta(path):
    records, name = [], None
    for line in open(path):
        line = line.strip()
        if line.startswith('>'):
            name = line[1:].split()[0]
            records.append([name, ''])
        elif name is not None:
            records[-1][1] += line.upper()
    return records


def seed_id(header):
    return header.split(';')[0]


class Neighbourhood:
    """Exact and edit-distance-1 lookups: a sequence and its one-deletion variants, keyed with
    the position for substitutions."""
    def __init__(self, sequences):
        self.exact = {}
        self.deleted = collections.defaultdict(set)      # t minus one base -> ids
        self.substituted = collections.defaultdict(set)  # (i, t minus base i) -> ids
        for ident, t in sequences:
            self.exact.setdefault(t, set()).add(ident)
            for i in range(len(t)):
                d = t[:i] + t[i + 1:]
                self.deleted[d].add(ident)
                self.substituted[(i, d)].add(ident)

    def match(self, s):
        """(ids within 1 edit, exact?)."""
        if s in self.exact:
            return self.exact[s], True
        hits = set(self.deleted.get(s, ()))                 # s lacks one base of t
        for i in range(len(s)):
            d = s[:i] + s[i + 1:]
            hits |= self.exact.get(d, set())                # s has one base more than t
            hits |= self.substituted.get((i, d), set())     # one substitution
        return hits, False


def is_bimera(s, truths):
    """A prefix of one true sequence then a suffix of another, all bases but one covered."""
    p = max(len(os.path.commonprefix([s, t])) for t in truths)
    rs = s[::-1]
    q = max(len(os.path.commonprefix([rs, t[::-1]])) for t in truths)
    return p + q >= len(s) - 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('truth')
    ap.add_argument('--seeds', required=True)
    ap.add_argument('--all-seeds')
    ap.add_argument('--chimeras')
    ap.add_argument('--min-reads', type=int, default=10)
    ap.add_argument('--trim-five', type=int, default=19)
    ap.add_argument('--trim-three', type=int, default=20)
    a = ap.parse_args()

    amplicon = {ref: s[a.trim_five:len(s) - a.trim_three] for ref, s in read_fasta(a.truth + '/true_amplicons.fa')}
    pairs = collections.Counter()
    for line in open(a.truth + '/reads.tsv'):
        f = line.rstrip('\n').split('\t')
        if f[0] != 'sample' and f[3] == '0':
            pairs[amplicon[f[2]]] += 1
    truths = sorted(set(amplicon.values()))
    expected = [t for t in truths if pairs[t] >= a.min_reads]
    true_index = Neighbourhood([(t, t) for t in truths])
    seeds = read_fasta(a.seeds)
    matched, matched_exact, true_seeds = set(), set(), 0
    for _, s in seeds:
        hits, exact = true_index.match(s)
        if hits:
            true_seeds += 1
            matched |= hits
            if exact:
                matched_exact |= hits
    result = {
        'true_sequences': len(truths), 'expected': len(expected), 'min_reads': a.min_reads,
        'seeds': len(seeds), 'seeds_matching_truth': true_seeds,
        'recall': sum(t in matched for t in expected) / max(len(expected), 1),
        'recall_exact': sum(t in matched_exact for t in expected) / max(len(expected), 1),
        'precision': true_seeds / max(len(seeds), 1),
    }
    if a.all_seeds and a.chimeras:
        chim = [(c, s[a.trim_five:len(s) - a.trim_three]) for c, s in read_fasta(a.truth + '/chimeric_amplicons.fa')]
        chim_index = Neighbourhood(chim)
        called = {seed_id(line.strip()) for line in open(a.chimeras) if line.strip()}
        truly = set()
        for header, s in read_fasta(a.all_seeds):
            if not true_index.match(s)[0] and (chim_index.match(s)[0] or is_bimera(s, truths)):
                truly.add(seed_id(header))
        hit = len(truly & called)
        result.update({'chimeric_seeds': len(truly), 'called': len(called), 'called_truly_chimeric': hit,
                       'chimera_recall': hit / max(len(truly), 1), 'chimera_precision': hit / max(len(called), 1)})
    print(json.dumps(result, indent=1))


if __name__ == '__main__':
    main()
