#!/usr/bin/python3
"""The accuracy ceiling of a simulated set: how well the true templates themselves classify it.

simulate.py's set is re-drawn from its simulation.json (same seed, same templates, poses and CTFs),
then every particle is scored against the K true templates, CTF-modulated with the particle's own
CTF, under the simulation's white noise (no mask, all frequencies, DC excluded):
- known pose: each template rendered by simulate.py at the particle's true psi and shift; the class
  is the one whose template fits best after a least-squares scale and offset. Knowing the pose is
  more than any classifier knows, so this bounds every method from above.
- pose-marginalised: psi every --psi-step degrees and every whole-pixel shift within --offset-range,
  uniform priors; the class of the best pose (argmax, what RELION's rlnClassNumber reports) and the
  class of the largest posterior summed over poses (marginal). A classifier with perfect references
  and the same sampling reaches these figures on average.
Prints one line per rule: misassigned particles (classes matched to their majority true class),
ARI and NMI; --json writes them. Usage: oracle.py SET_FOLDER [--psi-step 5] [--offset-range 5]
"""
import argparse
import json
import math
import os
import sys

import numpy as np
from scipy import fft as sfft

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import em2d  # noqa: E402
import simulate  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("set", help="a folder written by simulate.py (simulation.json, Particles/particles.mrcs)")
    p.add_argument("--psi-step", type=float, default=5.0, help="psi sampling of the marginalised rules, degrees")
    p.add_argument("--offset-range", type=float, default=5.0, help="shift search radius, pixels")
    p.add_argument("--json", help="write the figures here")
    return p.parse_args(argv)


def redraw(folder):
    """simulate.py's arguments, templates and per-particle draws for the set in folder."""
    with open(os.path.join(folder, "simulation.json")) as f:
        info = json.load(f)
    argv = ["--out", folder]
    for key in ("n", "box", "apix", "K", "snr", "seed", "diameter", "blobs", "max_template_cc", "shift_max",
                "voltage", "cs", "q0", "defocus_min", "defocus_max", "astigmatism", "per_micrograph", "ctf_pad",
                "junk", "class_weights", "pdb"):
        value = info.get(key)
        if value is not None:
            argv += ["--" + key.replace("_", "-"), str(value)]
    for flag in ("no_ctf", "invert"):
        if info.get(flag):
            argv.append("--" + flag.replace("_", "-"))
    a = simulate.parse_args(argv)
    templates = simulate.make_templates(a, np.random.default_rng([a.seed, 0]))
    par = simulate.particle_parameters(a, np.random.default_rng([a.seed, 1]))
    return a, info["noise_sigma"], templates, par


def known_pose_residuals(a, templates, par, images):
    """[particle, class] residual of the best a*S_k + b, S_k rendered at the particle's true pose."""
    prefiltered = [em2d.upsample2(t) for t in templates]
    grid = simulate.ctf_grid(a)
    out = np.zeros((a.n, a.K))
    for k in range(a.K):
        as_k = dict(par, **{"class": np.full(a.n, k + 1)})
        for start in range(0, a.n, simulate.CHUNK):
            sl = slice(start, min(a.n, start + simulate.CHUNK))
            s = simulate.render_signals(a, prefiltered, as_k, sl, grid).reshape(sl.stop - start, -1)
            x = images[sl].reshape(len(s), -1)
            s = s - s.mean(axis=1, keepdims=True)
            x = x - x.mean(axis=1, keepdims=True)
            scale = np.maximum((s * x).sum(axis=1) / (s * s).sum(axis=1), 0.0)
            out[sl, k] = ((x - scale[:, None] * s) ** 2).sum(axis=1)
    return out


def pose_log_likelihoods(a, sigma, templates, par, images, psi_step, offset_range):
    """[particle, class] best and log-summed log-likelihood over psi x whole-pixel shifts."""
    box = a.box
    sign = -1.0 if a.invert else 1.0
    spectra = sfft.rfft2(images, workers=-1)
    spectra[:, 0, 0] = 0
    ctf = np.ones((a.n, box, box // 2 + 1)) if a.no_ctf else \
        em2d.CtfGrid(box, a.apix, a.voltage, a.cs, a.q0).values(par["dfu"], par["dfv"], par["angle"])
    # Images are normalised by their background std (about sigma): the model is the template / sigma.
    half_weight = np.full(box // 2 + 1, 2.0)
    half_weight[0] = half_weight[-1] = 1.0
    d = np.fft.fftfreq(box) * box
    shifts = (d[:, None] ** 2 + d[None, :] ** 2) <= offset_range ** 2 + 1e-9
    psis = np.arange(0.0, 360.0, psi_step)
    best = np.full((a.n, a.K), -np.inf)
    summed = np.full((a.n, a.K), -np.inf)
    for k in range(a.K):
        rotated = em2d.rotate_images(em2d.upsample2(templates[k]), psis, order=1, oversampled=2) * (sign / sigma)
        rotated_spectra = sfft.rfft2(rotated, workers=-1)
        rotated_spectra[:, 0, 0] = 0
        for j in range(len(psis)):
            model = ctf * rotated_spectra[j][None]
            norm2 = (half_weight[None, None] * np.abs(model) ** 2).sum(axis=(1, 2)) / box ** 2
            cross = sfft.irfft2(spectra * np.conj(model), s=(box, box), workers=-1)[:, shifts]
            ll = cross - 0.5 * norm2[:, None]
            top = ll.max(axis=1)
            best[:, k] = np.maximum(best[:, k], top)
            summed[:, k] = np.logaddexp(summed[:, k], top + np.log(np.exp(ll - top[:, None]).sum(axis=1)))
    return best, summed


def figures(truth, predicted):
    table = em2d.contingency(truth, predicted)[0]
    misassigned = int(table.sum() - table.max(axis=0).sum())
    return {"misassigned": misassigned, "ari": em2d.adjusted_rand_index(table),
            "nmi": em2d.normalized_mutual_info(table)}


def main(argv):
    args = parse_args(argv)
    a, sigma, templates, par = redraw(args.set)
    import mrcfile
    with mrcfile.open(os.path.join(args.set, "Particles", "particles.mrcs"), permissive=True) as mrc:
        images = np.asarray(mrc.data, dtype=np.float64)
    truth = par["class"]
    residuals = known_pose_residuals(a, templates, par, images)
    best, summed = pose_log_likelihoods(a, sigma, templates, par, images, args.psi_step, args.offset_range)
    result = {"particles": a.n, "classes": a.K, "snr": a.snr, "psi_step_deg": args.psi_step,
              "offset_range_px": args.offset_range,
              "known_pose": figures(truth, residuals.argmin(axis=1) + 1),
              "best_pose": figures(truth, best.argmax(axis=1) + 1),
              "marginal": figures(truth, summed.argmax(axis=1) + 1)}
    for rule in ("known_pose", "best_pose", "marginal"):
        r = result[rule]
        print(f"{rule} misassigned {r['misassigned']} ari {r['ari']:.4f} nmi {r['nmi']:.4f}")
    if args.json:
        em2d.write_text_atomically(args.json, json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
