#!/usr/bin/python3
"""Checks of bench/class2d/score.py (cli.class2d.score) against hand-computed values.

ARI cases worked out from the pair counts (Hubert and Arabie 1985), NMI from the entropies by hand;
STAR matching with shuffled rows and another stack folder; the template search on a template
rotated and shifted by known amounts. Prints one line per check; exits 1 when one failed.
"""
import math
import os
import sys

import numpy as np
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap_checks import check, status  # noqa: E402
import em2d  # noqa: E402
import score  # noqa: E402


def ari(t, p):
    return em2d.adjusted_rand_index(em2d.contingency(t, p)[0])


def nmi(t, p):
    return em2d.normalized_mutual_info(em2d.contingency(t, p)[0])


def cases_by_hand():
    # [0,0,1,1] vs [0,0,1,2]: table [[2,0,0],[0,1,1]]; index = C(2,2) = 1; rows C(2,2)+C(2,2) = 2;
    # columns C(2,2) = 1; C(4,2) = 6; expected 2*1/6 = 1/3; max (2+1)/2 = 3/2; ARI = (2/3)/(7/6) = 4/7.
    check(abs(ari([0, 0, 1, 1], [0, 0, 1, 2]) - 4 / 7) < 1e-12, "ARI [0,0,1,1] vs [0,0,1,2] = 4/7")
    # [0,0,1,1] vs [0,1,0,1]: index 0, rows 2, columns 2, expected 4/6, max 2: (0-2/3)/(2-2/3) = -1/2.
    check(abs(ari([0, 0, 1, 1], [0, 1, 0, 1]) + 0.5) < 1e-12, "ARI [0,0,1,1] vs [0,1,0,1] = -1/2")
    # [0,0,0,0] vs [0,1,2,3]: index 0, rows 6, columns 0, expected 0, max 3: 0.
    check(ari([0, 0, 0, 0], [0, 1, 2, 3]) == 0.0, "ARI one class vs singletons = 0")
    # 6 items, [0,0,0,1,1,1] vs [0,0,1,1,2,2]: table [[2,1,0],[0,1,2]]; index 2; rows 3+3 = 6;
    # columns 1+1+1 = 3; C(6,2) = 15; expected 18/15 = 6/5; max 9/2; ARI = (2-6/5)/(9/2-6/5) = 8/33.
    check(abs(ari([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 8 / 33) < 1e-12, "ARI 6 items = 8/33")
    check(ari([1, 1, 2, 2, 3], [7, 7, 5, 5, 9]) == 1.0, "ARI is 1 for a relabelled partition")
    check(ari([0, 0, 0], [1, 1, 1]) == 1.0, "ARI one cluster each = 1 (sklearn's convention)")
    # NMI [0,0,1,1] vs [0,0,1,2]: MI = H(true) = ln 2 (pred determines true); H(pred) = 1.5 ln 2;
    # geometric NMI = ln 2 / sqrt(ln 2 * 1.5 ln 2) = 1/sqrt(1.5).
    check(abs(nmi([0, 0, 1, 1], [0, 0, 1, 2]) - 1 / math.sqrt(1.5)) < 1e-12, "NMI [0,0,1,1] vs [0,0,1,2] = 1/sqrt(1.5)")
    check(nmi([0, 0, 1, 1], [0, 1, 0, 1]) == 0.0, "NMI of independent partitions = 0")
    table = em2d.contingency([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])[0]
    # purity: columns' majorities 2 + 1 + 2 = 5 of 6; inverse purity: rows' majorities 2 + 2 = 4 of 6.
    check(abs(em2d.purity(table) - 5 / 6) < 1e-12 and abs(em2d.inverse_purity(table) - 4 / 6) < 1e-12,
          "purity 5/6 and inverse purity 4/6")
    try:
        from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    except ImportError:
        print("ok   - (sklearn not installed: random cross-check skipped)")
        return
    rng = np.random.default_rng(1)
    worst = 0.0
    for _ in range(50):
        t, p = rng.integers(0, 4, 300), rng.integers(0, 5, 300)
        p[:150] = t[:150]
        worst = max(worst, abs(ari(t, p) - adjusted_rand_score(t, p)),
                    abs(nmi(t, p) - normalized_mutual_info_score(t, p, average_method="geometric")))
    check(worst < 1e-10, f"ARI and NMI equal sklearn's on 50 random cases (max difference {worst:.1e})")


def write_star(path, names, classes, stack):
    rows = [[f"{i:06d}@{stack}", str(c), "0", "0", "0"] for i, c in zip(names, classes)]
    cols = ["rlnImageName", "rlnClassNumber", "rlnAnglePsi", "rlnOriginXAngst", "rlnOriginYAngst"]
    with open(path, "w") as f:
        f.write(em2d.format_loop("optics", ["rlnOpticsGroup"], [["1"]]) + em2d.format_loop("particles", cols, rows))


def case_star(work):
    truth_classes = [1, 1, 1, 2, 2, 2, 3, 3, 3, 3]
    write_star(os.path.join(work, "truth.star"), range(1, 11), truth_classes, "Particles/p.mrcs")
    order = [9, 2, 5, 1, 10, 3, 7, 4, 8, 6]  # shuffled rows, another folder, classes renamed 3->1, 1->2, 2->3
    rename = {1: 2, 2: 3, 3: 1}
    write_star(os.path.join(work, "run_data.star"), order, [rename[truth_classes[i - 1]] for i in order], "Extract/job1/p.mrcs")
    t = score.read_labels(os.path.join(work, "truth.star"))
    d = score.read_labels(os.path.join(work, "run_data.star"))
    s = score.cluster_scores(t, d)
    check(s["particles"] == 10 and s["ari"] == 1.0, "STAR rows matched by image number and stack file name: ARI 1")
    moved = [rename[c] for c in truth_classes]
    moved[0], moved[3] = moved[3], moved[0]  # two particles swapped between classes
    write_star(os.path.join(work, "run2_data.star"), range(1, 11), moved, "p.mrcs")
    s = score.cluster_scores(t, score.read_labels(os.path.join(work, "run2_data.star")))
    want = ari(truth_classes, moved)
    check(abs(s["ari"] - want) < 1e-12 and s["ari"] < 1, f"two swapped particles: ARI {s['ari']:.4f} < 1")


def case_alignment():
    box = 48
    y, x = np.mgrid[0:box, 0:box] - box // 2
    template = np.exp(-((x - 6) ** 2 + (y + 2) ** 2) / 18.0) + 0.6 * np.exp(-((x + 5) ** 2 + (y - 7) ** 2) / 8.0)
    other = np.exp(-(x ** 2 + y ** 2) / 60.0)
    avg = em2d.rotate_images(ndimage.spline_filter(template, order=3), [30.0])[0]
    avg = np.roll(avg, (3, -2), axis=(0, 1))
    cc, psi, _ = score.best_alignment(avg, template)
    cc_other, _, _ = score.best_alignment(avg, other)
    check(cc > 0.99 and abs(psi - 30.0) <= 2.0, f"template rotated 30° and shifted (3, -2) found: cc {cc:.4f}, psi {psi}")
    check(cc_other < cc - 0.1, f"a round blob matches worse (cc {cc_other:.3f})")


def main(argv):
    cases_by_hand()
    case_star(argv[0])
    case_alignment()
    return status()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
