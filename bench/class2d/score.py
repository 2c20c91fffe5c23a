#!/usr/bin/python3
"""Scores a 2D classification (plateau-class2d's or RELION's) against the simulator's truth.

Reads any RELION-style particles STAR with rlnClassNumber (RELION's run_itNNN_data.star, ours
OUT_data.star) and the truth STAR of simulate.py; particles are matched by image (index and stack
file name), so row order and stack folders may differ. Prints (and with --json writes):
- the contingency table, ARI (equal to sklearn's adjusted_rand_score), NMI (geometric mean,
  sklearn's average_method='geometric'), purity and inverse purity;
- per class average (--classes, by default the *_classes.mrcs beside the STAR): the best-matching
  template of templates.mrcs by normalised cross-correlation over 2° rotations and all translations,
  and the FRC 0.5 / 0.143 crossings against it;
- the pose convention check (em2d-peers.md §11.5): per class, the circular resultant length of
  (rlnAnglePsi - true rlnAnglePsi), 1 when every particle's angle is off by the same class
  constant, and the RMS of (rlnOrigin - true rlnOrigin) in Å after removing each class's mean;
- with --trajectory PATTERN (a glob of per-iteration data STARs): ARI and NMI per iteration.
Usage: score.py --truth sim/truth.star --data run/run_it025_data.star [--templates sim/templates.mrcs]
"""
import argparse
import glob
import json
import math
import os
import re
import sys

import numpy as np
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import em2d  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--truth", required=True, help="truth STAR from simulate.py")
    p.add_argument("--data", required=True, help="particles STAR with rlnClassNumber")
    p.add_argument("--classes", help="class averages (default: the STAR's *_classes.mrcs if present)")
    p.add_argument("--templates", help="noise-free templates (default: templates.mrcs beside --truth)")
    p.add_argument("--trajectory", help="glob of per-iteration data STARs, e.g. 'run/run_it*_data.star'")
    p.add_argument("--json", help="write the scores here")
    p.add_argument("--min-ari", type=float, help="exit 3 when ARI is below this")
    return p.parse_args(argv)


def read_labels(path, columns=("rlnClassNumber",)):
    """{image key: tuple of the columns as floats} from a particles STAR."""
    block = em2d.particles_block(em2d.read_star(path))
    names = block.column("rlnImageName")
    values = [block.column(c) if block.has(c) else [math.nan] * len(names) for c in columns]
    return {em2d.image_key(n): tuple(float(v[i]) for v in values) for i, n in enumerate(names)}


def matched(truth, data, path):
    keys = [k for k in truth if k in data]
    if not keys:
        raise SystemExit(f"score.py: no image of {path} is in the truth STAR")
    return keys


def cluster_scores(truth, data):
    keys = [k for k in truth if k in data]
    t = [int(truth[k][0]) for k in keys]
    p = [int(data[k][0]) for k in keys]
    table, t_labels, p_labels = em2d.contingency(t, p)
    return {"particles": len(keys), "ari": em2d.adjusted_rand_index(table),
            "nmi": em2d.normalized_mutual_info(table), "purity": em2d.purity(table),
            "inverse_purity": em2d.inverse_purity(table), "contingency": table.tolist(),
            "true_classes": t_labels.tolist(), "predicted_classes": p_labels.tolist()}


def pose_check(truth, data, keys):
    """Per predicted class: resultant of psi differences and origin RMS after the class mean."""
    by_class = {}
    for k in keys:
        by_class.setdefault(int(data[k][0]), []).append(k)
    out = {}
    for c, ks in sorted(by_class.items()):
        dpsi = np.deg2rad([data[k][1] - truth[k][1] for k in ks])
        resultant = float(abs(np.mean(np.exp(1j * dpsi))))
        do = np.array([[data[k][2] - truth[k][2], data[k][3] - truth[k][3]] for k in ks])
        if np.isnan(do).any() or np.isnan(dpsi).any():
            out[c] = {"particles": len(ks)}
            continue
        rms = float(np.sqrt(((do - do.mean(axis=0)) ** 2).sum(axis=1).mean()))
        out[c] = {"particles": len(ks), "psi_resultant": resultant, "origin_rms_A": rms,
                  "origin_mean_A": do.mean(axis=0).round(3).tolist()}
    return out


def read_stack(path):
    import mrcfile
    with mrcfile.open(path, permissive=True) as m:
        d = np.asarray(m.data, dtype=np.float64)
        apix = float(m.voxel_size.x)
    return (d[None] if d.ndim == 2 else d), apix


def best_alignment(avg, template, step_deg=2.0):
    """(cc, psi, aligned template): max normalised CC of rotations x circular shifts of the template."""
    a = avg - avg.mean()
    rots = em2d.rotate_images(ndimage.spline_filter(template, order=3), np.arange(0.0, 360.0, step_deg))
    rots -= rots.mean(axis=(1, 2), keepdims=True)
    cc = np.fft.irfft2(np.conj(np.fft.rfft2(rots)) * np.fft.rfft2(a)[None], s=a.shape)
    norms = np.sqrt((rots ** 2).sum(axis=(1, 2)) * (a ** 2).sum())
    peak = cc.reshape(len(rots), -1).max(axis=1) / np.maximum(norms, 1e-30)
    r = int(np.argmax(peak))
    sy, sx = np.unravel_index(int(np.argmax(cc[r])), a.shape)
    aligned = np.roll(rots[r], (sy, sx), axis=(0, 1))
    return float(peak[r]), r * step_deg, aligned


def frc_crossings(a, b, apix):
    """Resolution (Å) where the FRC between a and b first drops below 0.5 and 0.143 (None: never)."""
    fa, fb = np.fft.fft2(a - a.mean()), np.fft.fft2(b - b.mean())
    n = a.shape[0]
    f = np.fft.fftfreq(n)
    shell = np.rint(np.hypot(*np.meshgrid(f, f)) * n).astype(int)
    out = {}
    for level in (0.5, 0.143):
        out[level] = None
        for r in range(1, n // 2):
            s = shell == r
            num = np.real(np.sum(fa[s] * np.conj(fb[s])))
            den = math.sqrt(np.sum(np.abs(fa[s]) ** 2) * np.sum(np.abs(fb[s]) ** 2))
            if den > 0 and num / den < level:
                out[level] = n * apix / r
                break
    return {"frc_0.5_A": out[0.5], "frc_0.143_A": out[0.143]}


def class_average_scores(classes_path, templates_path):
    avgs, apix = read_stack(classes_path)
    temps, _ = read_stack(templates_path)
    if avgs.shape[1:] != temps.shape[1:]:
        raise SystemExit(f"score.py: {classes_path} and {templates_path} differ in box size")
    out = []
    for c, avg in enumerate(avgs):
        if not np.any(avg):
            out.append({"class": c + 1, "empty": True})
            continue
        best = max(((best_alignment(avg, t), j) for j, t in enumerate(temps)), key=lambda x: x[0][0])
        (cc, psi, aligned), j = best
        row = {"class": c + 1, "template": j + 1, "cc": cc, "psi": psi}
        row.update(frc_crossings(avg, aligned, apix))
        out.append(row)
    return out


def trajectory(truth, pattern):
    rows = []
    for path in sorted(glob.glob(pattern)):
        m = re.search(r"_it(\d+)_", os.path.basename(path))
        s = cluster_scores(truth, read_labels(path))
        rows.append({"iteration": int(m.group(1)) if m else None, "ari": s["ari"], "nmi": s["nmi"]})
    return rows


def default_classes(data_path):
    for suffix in ("_data.star",):
        if data_path.endswith(suffix):
            candidate = data_path[: -len(suffix)] + "_classes.mrcs"
            if os.path.exists(candidate):
                return candidate
    return None


def report(res):
    print(f"particles {res['particles']}")
    for k in ("ari", "nmi", "purity", "inverse_purity"):
        print(f"{k} {res[k]:.4f}")
    print("contingency (rows: true classes " + ",".join(map(str, res["true_classes"])) +
          "; columns: classes " + ",".join(map(str, res["predicted_classes"])) + ")")
    for row in res["contingency"]:
        print("  " + " ".join(f"{v:6d}" for v in row))
    for c, p in res["poses"].items():
        if "psi_resultant" in p:
            print(f"pose class {c}: n {p['particles']} psi_resultant {p['psi_resultant']:.3f} "
                  f"origin_rms_A {p['origin_rms_A']:.2f} origin_mean_A {p['origin_mean_A']}")
    for row in res.get("class_averages", []):
        if row.get("empty"):
            print(f"average class {row['class']}: empty")
            continue
        fmt = lambda v: "none" if v is None else f"{v:.1f}"  # noqa: E731
        print(f"average class {row['class']}: template {row['template']} cc {row['cc']:.3f} "
              f"frc0.5 {fmt(row['frc_0.5_A'])} A frc0.143 {fmt(row['frc_0.143_A'])} A")
    for row in res.get("trajectory", []):
        print(f"iteration {row['iteration']} ari {row['ari']:.4f} nmi {row['nmi']:.4f}")


def main(argv):
    a = parse_args(argv)
    cols = ("rlnClassNumber", "rlnAnglePsi", "rlnOriginXAngst", "rlnOriginYAngst")
    truth = read_labels(a.truth, cols)
    data = read_labels(a.data, cols)
    keys = matched(truth, data, a.data)
    res = cluster_scores(truth, data)
    res["poses"] = pose_check(truth, data, keys)
    classes = a.classes or default_classes(a.data)
    templates = a.templates or os.path.join(os.path.dirname(a.truth), "templates.mrcs")
    if classes and os.path.exists(templates):
        res["class_averages"] = class_average_scores(classes, templates)
    if a.trajectory:
        res["trajectory"] = trajectory(truth, a.trajectory)
    report(res)
    if a.json:
        em2d.write_text_atomically(a.json, json.dumps(res, indent=1) + "\n")
    if a.min_ari is not None and res["ari"] < a.min_ari:
        print(f"score.py: ARI {res['ari']:.4f} < {a.min_ari}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
