#!/usr/bin/python3
"""Synthetic cryo-EM particles with known classes for plateau-class2d tests and benchmarks.

Model (em2d-peers.md §12.2; docs/class2d.md, "Simulation and benchmarks"):
- Templates: K projections, each a distinct random 3D view of one density model: a random
  elongated 3D Gaussian-blob model (default), or the heavy atoms of a PDB/mmCIF file weighted by
  atomic number (--pdb), splatted cloud-in-cell on a 2x grid, de-apodised, blurred with B = 60 Å^2
  and Fourier-cropped to the box. Views are kept only when their best rotational/translational
  correlation with the views already chosen is below --max-template-cc.
- Particles: class drawn by --class-weights (exact counts, shuffled), optionally a fraction --junk
  of pure-noise particles (class K+1); psi ~ U[0, 360); sub-pixel shift (Fourier phase ramp)
  uniform in a disc of --shift-max px; RELION's CTF (§11.4) with one defocus per micrograph of
  --per-micrograph particles (DfU ~ U(--defocus-min, --defocus-max), astigmatism <= --astigmatism,
  +-50 Å per particle), applied on a 2x padded canvas so delocalised signal leaves the box; white
  Gaussian noise with SNR = var(signal inside the D/2 circle) / var(noise); then each image is
  normalised like relion_preprocess (background outside D/2: mean 0, std 1). Protein white
  (--invert for raw-micrograph contrast).
- Geometry (§11.5): particle = shift_d(rot_psi(template)). The truth STAR holds what RELION
  writes for a class average equal to the template: rlnAnglePsi = -psi (mod 360),
  rlnOriginX/YAngst = -d * pixel size.

Outputs in --out (the project directory; the STAR files name the stack relative to it):
  particles.star          RELION 3.1 input (data_optics + data_particles, CTF columns, no poses)
  truth.star, truth.tsv   the same plus rlnClassNumber, rlnAnglePsi, rlnOriginX/YAngst
  Particles/particles.mrcs  the stack (MRC mode 2, written in chunks of 256 particles)
  templates.mrcs          the K noise-free templates (no CTF)
  simulation.json         the parameters and the noise standard deviation used
Deterministic for a seed. Usage:
  simulate.py --out sim --n 2000 --box 64 --apix 2.5 --K 4 --snr 0.05 --seed 42
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

import numpy as np
from scipy import fft as sfft
from scipy import ndimage
from scipy.spatial.transform import Rotation

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import em2d  # noqa: E402

CHUNK = 256          # particles per chunk; the noise of chunk c comes from its own seeded stream
B_TEMPLATE = 60.0    # Å^2, the template blur
PILOT = 256          # particles used to measure the signal variance for the SNR
ELEMENT_Z = {"H": 1, "C": 6, "N": 7, "O": 8, "NA": 11, "MG": 12, "P": 15, "S": 16, "CL": 17,
             "K": 19, "CA": 20, "MN": 25, "FE": 26, "CO": 27, "NI": 28, "CU": 29, "ZN": 30, "SE": 34}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output (project) folder")
    p.add_argument("--n", type=int, default=2000, help="number of particles")
    p.add_argument("--box", type=int, default=64, help="box size in pixels (even)")
    p.add_argument("--apix", type=float, default=2.5, help="pixel size in Å")
    p.add_argument("--K", type=int, default=4, help="number of true classes (templates)")
    p.add_argument("--snr", type=float, default=0.05, help="var(signal in D/2) / var(noise)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--diameter", type=float, default=130.0, help="particle diameter D in Å")
    p.add_argument("--pdb", help="atomic model (.pdb, .cif, optionally .gz) instead of random blobs")
    p.add_argument("--blobs", type=int, default=30, help="Gaussian blobs in the random model")
    p.add_argument("--max-template-cc", type=float, default=0.85,
                   help="reject a view whose aligned CC with an earlier view exceeds this")
    p.add_argument("--class-weights", help="relative class sizes, e.g. 4,2,1,1 (default equal)")
    p.add_argument("--junk", type=float, default=0.0, help="fraction of pure-noise particles (class K+1)")
    p.add_argument("--shift-max", type=float, default=3.0, help="shift disc radius in px")
    p.add_argument("--voltage", type=float, default=300.0, help="kV")
    p.add_argument("--cs", type=float, default=2.7, help="spherical aberration, mm")
    p.add_argument("--q0", type=float, default=0.1, help="amplitude contrast")
    p.add_argument("--defocus-min", type=float, default=10000.0, help="Å")
    p.add_argument("--defocus-max", type=float, default=30000.0, help="Å")
    p.add_argument("--astigmatism", type=float, default=500.0, help="max DfU - DfV in Å")
    p.add_argument("--per-micrograph", type=int, default=100, help="particles per synthetic micrograph")
    p.add_argument("--no-ctf", action="store_true", help="no CTF in the images (the STAR files still list the drawn defocus: run the tools without --ctf)")
    p.add_argument("--ctf-pad", type=int, default=2, choices=(1, 2), help="canvas factor for the CTF (1: circular)")
    p.add_argument("--invert", action="store_true", help="protein black (raw micrograph contrast)")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    if a.box < 16 or a.box % 2:
        p.error("--box must be even and >= 16")
    if a.n < 1 or a.K < 1 or a.snr <= 0 or a.apix <= 0:
        p.error("--n, --K, --snr and --apix must be positive")
    if a.diameter / a.apix > a.box:
        p.error(f"--diameter {a.diameter} Å is wider than the box ({a.box * a.apix} Å)")
    if not 0 <= a.junk < 1:
        p.error("--junk must be in [0, 1)")
    return a


# ------------------------------------------------------------------------------------ density models
def blob_model(rng, diameter, count):
    """(xyz Å, weight, sigma Å) of an elongated random Gaussian-blob model that fits in D/2."""
    radius = 0.5 * diameter
    axes = np.array([0.8, 0.6, 0.4]) * radius
    pts = []
    while len(pts) < count:
        p = rng.uniform(-1, 1, 3)
        if p @ p <= 1:
            pts.append(p * axes)
    xyz = np.array(pts)
    sigma = rng.uniform(0.05, 0.10, count) * radius
    weight = rng.uniform(0.3, 2.0, count)
    return xyz, weight, sigma


def read_atoms(path):
    """Heavy-atom coordinates (Å) and atomic numbers from a PDB or mmCIF file (optionally gzipped)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        lines = f.read().splitlines()
    if any(line.startswith("_atom_site.") for line in lines):
        return _read_cif_atoms(lines)
    xyz, z = [], []
    for line in lines:
        if line.startswith(("ATOM  ", "HETATM")) and len(line) >= 54:
            element = line[76:78].strip().upper() if len(line) >= 78 else ""
            element = element or line[12:16].strip()[:1].upper()
            if element == "H" or line[17:20] == "HOH":
                continue
            xyz.append([float(line[30:38]), float(line[38:46]), float(line[46:54])])
            z.append(ELEMENT_Z.get(element, 6))
    if not xyz:
        raise SystemExit(f"simulate.py: no atoms in {path}")
    return np.array(xyz), np.array(z, dtype=np.float64)


def _read_cif_atoms(lines):
    columns, xyz, z = [], [], []
    in_atoms = False
    for line in lines:
        if line.startswith("_atom_site."):
            columns.append(line.split()[0][len("_atom_site."):])
            in_atoms = True
        elif in_atoms and line.startswith(("ATOM", "HETATM")):
            f = line.split()
            row = dict(zip(columns, f))
            element = row.get("type_symbol", "C").upper()
            if element == "H" or row.get("label_comp_id") == "HOH":
                continue
            xyz.append([float(row["Cartn_x"]), float(row["Cartn_y"]), float(row["Cartn_z"])])
            z.append(ELEMENT_Z.get(element, 6))
        elif in_atoms and columns and (line.startswith("#") or line.startswith("loop_")):
            if xyz:
                break
    return np.array(xyz), np.array(z, dtype=np.float64)


def render_blobs(xyz, weight, sigma, rot, box, apix):
    """Analytic projection of rotated 3D Gaussians (projection along z), blurred by B_TEMPLATE."""
    p = rot.apply(xyz)
    s2 = sigma ** 2 + B_TEMPLATE / (8 * math.pi ** 2)
    c = box // 2
    grid = (np.arange(box) - c) * apix
    gx = np.exp(-(grid[None, :] - p[:, 0:1]) ** 2 / (2 * s2[:, None]))
    gy = np.exp(-(grid[None, :] - p[:, 1:2]) ** 2 / (2 * s2[:, None]))
    return np.einsum("j,jy,jx->yx", weight, gy, gx)


def render_atoms(xyz, z, rot, box, apix):
    """Cloud-in-cell splat of rotated atoms on a 2x grid, / sinc^2, B blur, Fourier crop to the box."""
    n2 = 2 * box
    h = apix / 2
    p = rot.apply(xyz - np.average(xyz, axis=0, weights=z))
    gx = p[:, 0] / h + box
    gy = p[:, 1] / h + box
    fine = np.zeros((n2, n2))
    x0, y0 = np.floor(gx).astype(int), np.floor(gy).astype(int)
    fx, fy = gx - x0, gy - y0
    for dx, dy, w in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
        ok = (x0 + dx >= 0) & (x0 + dx < n2) & (y0 + dy >= 0) & (y0 + dy < n2)
        np.add.at(fine, ((y0 + dy)[ok], (x0 + dx)[ok]), (z * w)[ok])
    spec = np.fft.fftshift(np.fft.fft2(np.fft.ifftshift(fine)))
    k = (np.arange(n2) - box) / n2  # cycles per fine pixel
    kx, ky = np.meshgrid(k, k)
    apod = np.sinc(kx) ** 2 * np.sinc(ky) ** 2
    s2 = (kx ** 2 + ky ** 2) / (h * h)
    spec = spec / np.maximum(apod, 1e-3) * np.exp(-B_TEMPLATE * s2 / 4)
    crop = spec[box - box // 2: box + box // 2, box - box // 2: box + box // 2]
    return np.real(np.fft.fftshift(np.fft.ifft2(np.fft.ifftshift(crop)))) / 4


def fourier_crop(img, size):
    """Down-sample a square image to size x size pixels by cropping its spectrum."""
    n = img.shape[0]
    if n <= size:
        return img
    spec = np.fft.fftshift(np.fft.fft2(img))
    lo = n // 2 - size // 2
    return np.real(np.fft.ifft2(np.fft.ifftshift(spec[lo:lo + size, lo:lo + size])))


def aligned_cc(a, b, step_deg=6.0):
    """Best normalised cross-correlation of b against rotations and circular shifts of a (at <= 48 px)."""
    a = fourier_crop(a, 48)
    b = fourier_crop(b, 48)
    a = a - a.mean()
    b = b - b.mean()
    pref = ndimage.spline_filter(a, order=3)
    rots = em2d.rotate_images(pref, np.arange(0.0, 360.0, step_deg))
    rots -= rots.mean(axis=(1, 2), keepdims=True)
    fb = np.conj(np.fft.rfft2(b))
    cc = np.fft.irfft2(np.fft.rfft2(rots) * fb, s=a.shape)
    norms = np.sqrt((rots ** 2).sum(axis=(1, 2)) * (b ** 2).sum())
    return float((cc.max(axis=(1, 2)) / norms).max())


def make_templates(a, rng):
    if a.pdb:
        xyz, z = read_atoms(a.pdb)

        def render(rot):
            return render_atoms(xyz, z, rot, a.box, a.apix)
    else:
        model = blob_model(rng, a.diameter, a.blobs)

        def render(rot):
            return render_blobs(*model, rot, a.box, a.apix)
    mask = em2d.circle_mask(a.box, a.diameter / 2 / a.apix)
    chosen = []
    threshold = a.max_template_cc
    for attempt in range(400):
        if attempt and attempt % 100 == 0:
            threshold += 0.03  # a model with few distinct views: relax rather than loop for ever
        t = render(Rotation.random(random_state=rng))
        t = t / t[mask].std()
        if all(aligned_cc(c, t) < threshold for c in chosen):
            chosen.append(t)
            if len(chosen) == a.K:
                return np.array(chosen)
    raise SystemExit(f"simulate.py: could not find {a.K} distinct views")


# ------------------------------------------------------------------------------- per-particle draws
def class_labels(a, rng):
    """Exact class counts from the weights (largest remainder), junk as class K+1, shuffled."""
    weights = np.ones(a.K) if not a.class_weights else np.array([float(w) for w in a.class_weights.split(",")])
    if len(weights) != a.K or (weights <= 0).any():
        raise SystemExit(f"simulate.py: --class-weights needs {a.K} positive numbers")
    n_junk = int(round(a.junk * a.n))
    share = weights / weights.sum() * (a.n - n_junk)
    counts = np.floor(share).astype(int)
    for i in np.argsort(-(share - counts), kind="stable")[: a.n - n_junk - counts.sum()]:
        counts[i] += 1
    labels = np.concatenate([np.full(c, k + 1) for k, c in enumerate(counts)] + [np.full(n_junk, a.K + 1)])
    return rng.permutation(labels)


def particle_parameters(a, rng):
    n = a.n
    labels = class_labels(a, rng)
    psi = rng.uniform(0.0, 360.0, n)
    r = a.shift_max * np.sqrt(rng.uniform(0, 1, n))
    phi = rng.uniform(0, 2 * math.pi, n)
    mics = (n + a.per_micrograph - 1) // a.per_micrograph
    mic_dfu = rng.uniform(a.defocus_min, a.defocus_max, mics)
    mic_astig = rng.uniform(0, a.astigmatism, mics)
    mic_angle = rng.uniform(0, 180, mics)
    mic = np.arange(n) // a.per_micrograph
    dfu = mic_dfu[mic] + rng.uniform(-50, 50, n)
    return {
        "class": labels, "psi": psi, "dx": r * np.cos(phi), "dy": r * np.sin(phi), "mic": mic,
        "dfu": dfu, "dfv": dfu - mic_astig[mic], "angle": mic_angle[mic],
        "coord_x": rng.uniform(a.box, 4096 - a.box, n).round(), "coord_y": rng.uniform(a.box, 4096 - a.box, n).round(),
    }


def render_signals(a, prefiltered, par, sl, ctf_grid):
    """Noise-free particles sl of the set: rotated template, shifted and CTF-modulated on a padded canvas."""
    box = a.box
    cls = par["class"][sl]
    m = len(cls)
    n2 = box * a.ctf_pad
    off = (n2 - box) // 2
    canvas = np.zeros((m, n2, n2), dtype=np.float32)
    for k in range(a.K):
        idx = np.nonzero(cls == k + 1)[0]
        if len(idx):
            rotated = em2d.rotate_images(prefiltered[k], par["psi"][sl][idx], order=1, oversampled=2)
            canvas[idx, off:off + box, off:off + box] = rotated
    spec = sfft.rfft2(canvas, workers=-1)
    spec *= em2d.shift_phases(n2, par["dx"][sl], par["dy"][sl], np.complex64)
    if not a.no_ctf:
        spec *= ctf_grid.values(par["dfu"][sl], par["dfv"][sl], par["angle"][sl], np.float32)
    return sfft.irfft2(spec, s=(n2, n2), workers=-1)[:, off:off + box, off:off + box].astype(np.float64)


def ctf_grid(a):
    return em2d.CtfGrid(a.box * a.ctf_pad, a.apix, a.voltage, a.cs, a.q0)


def noise_sigma(a, prefiltered, par):
    """Noise std giving the requested SNR: signal variance inside D/2, averaged over the first particles."""
    mask = em2d.circle_mask(a.box, a.diameter / 2 / a.apix)
    real = np.nonzero(par["class"] <= a.K)[0][:PILOT]
    sub = {k: v[real] for k, v in par.items()}
    signal = render_signals(a, prefiltered, sub, slice(0, len(real)), ctf_grid(a))
    return math.sqrt(float(signal[:, mask].var(axis=1).mean()) / a.snr)


def normalise(images, background):
    """relion_preprocess-style: background pixels of each image to mean 0, std 1."""
    bg = images[:, background]
    mean = bg.mean(axis=1)[:, None, None]
    std = bg.std(axis=1)[:, None, None]
    return (images - mean) / std


def fixed_label(mrc, text):
    """One label without mrcfile's time stamp, so that a seed gives the same bytes."""
    mrc.header.label[:] = b""
    mrc.header.label[0] = text.encode()
    mrc.header.nlabl = 1


def write_stack(a, path, prefiltered, par, sigma):
    """The stack, chunk by chunk with plain writes (a memory map would count the file as resident)."""
    import mrcfile
    tmp = path + ".part"
    background = ~em2d.circle_mask(a.box, a.diameter / 2 / a.apix)
    stats = [math.inf, -math.inf, 0.0, 0.0]
    t0 = time.time()
    grid = ctf_grid(a)
    with mrcfile.new_mmap(tmp, shape=(a.n, a.box, a.box), mrc_mode=2, overwrite=True) as mrc:
        mrc.set_image_stack()
        mrc.voxel_size = a.apix
        fixed_label(mrc, "bench/class2d/simulate.py particles")
        data_offset = mrc.header.nbytes + int(mrc.header.nsymbt)
        byte_order = mrc.data.dtype.byteorder
    dtype = np.dtype(np.float32).newbyteorder(byte_order)
    with open(tmp, "r+b") as f:
        for c, start in enumerate(range(0, a.n, CHUNK)):
            sl = slice(start, min(a.n, start + CHUNK))
            signal = render_signals(a, prefiltered, par, sl, grid)
            signal[par["class"][sl] > a.K] = 0.0
            noise = np.random.default_rng([a.seed, 2, c]).standard_normal(signal.shape)
            img = normalise(signal + sigma * noise, background)
            if a.invert:
                img = -img
            img = img.astype(dtype)
            f.seek(data_offset + start * a.box * a.box * 4)
            f.write(img.tobytes())
            wide = img.astype(np.float64)
            stats = [min(stats[0], float(wide.min())), max(stats[1], float(wide.max())),
                     stats[2] + float(wide.sum()), stats[3] + float((wide ** 2).sum())]
            if not a.quiet and (c % 20 == 19 or sl.stop == a.n):
                print(f"simulate.py: {sl.stop}/{a.n} particles, {time.time() - t0:.1f} s", file=sys.stderr)
    count = a.n * a.box * a.box
    mean = stats[2] / count
    with mrcfile.mmap(tmp, mode="r+") as mrc:
        mrc.header.dmin, mrc.header.dmax, mrc.header.dmean = stats[0], stats[1], mean
        mrc.header.rms = math.sqrt(max(stats[3] / count - mean * mean, 0.0))
    os.replace(tmp, path)


def write_templates(a, path, templates):
    import mrcfile
    tmp = path + ".part"
    with mrcfile.new(tmp, overwrite=True) as mrc:
        mrc.set_data(templates.astype(np.float32))
        mrc.set_image_stack()
        mrc.voxel_size = a.apix
        fixed_label(mrc, "bench/class2d/simulate.py templates")
    os.replace(tmp, path)


OPTICS_COLUMNS = ["rlnOpticsGroupName", "rlnOpticsGroup", "rlnMicrographOriginalPixelSize", "rlnVoltage",
                  "rlnSphericalAberration", "rlnAmplitudeContrast", "rlnImagePixelSize", "rlnImageSize",
                  "rlnImageDimensionality", "rlnCtfDataAreCtfPremultiplied"]
PARTICLE_COLUMNS = ["rlnImageName", "rlnMicrographName", "rlnCoordinateX", "rlnCoordinateY", "rlnDefocusU",
                    "rlnDefocusV", "rlnDefocusAngle", "rlnPhaseShift", "rlnCtfBfactor", "rlnCtfScalefactor",
                    "rlnOpticsGroup"]
TRUTH_COLUMNS = ["rlnClassNumber", "rlnAnglePsi", "rlnOriginXAngst", "rlnOriginYAngst"]


def star_rows(a, par, stack_rel, truth):
    rows = []
    for i in range(a.n):
        row = [f"{i + 1:06d}@{stack_rel}", f"Micrographs/mic{par['mic'][i] + 1:05d}.mrc",
               f"{par['coord_x'][i]:.6f}", f"{par['coord_y'][i]:.6f}", f"{par['dfu'][i]:.6f}",
               f"{par['dfv'][i]:.6f}", f"{par['angle'][i]:.6f}", "0.000000", "0.000000", "1.000000", "1"]
        if truth:
            psi = (-par["psi"][i]) % 360.0
            row += [str(int(par["class"][i])), f"{psi:.6f}", f"{-par['dx'][i] * a.apix:.6f}",
                    f"{-par['dy'][i] * a.apix:.6f}"]
        rows.append(row)
    return rows


def write_stars(a, par, stack_rel):
    optics = [["opticsGroup1", "1", f"{a.apix:.6f}", f"{a.voltage:.6f}", f"{a.cs:.6f}", f"{a.q0:.6f}",
               f"{a.apix:.6f}", str(a.box), "2", "0"]]
    head = em2d.format_loop("optics", OPTICS_COLUMNS, optics)
    em2d.write_text_atomically(os.path.join(a.out, "particles.star"),
                               head + em2d.format_loop("particles", PARTICLE_COLUMNS, star_rows(a, par, stack_rel, False)))
    em2d.write_text_atomically(os.path.join(a.out, "truth.star"),
                               head + em2d.format_loop("particles", PARTICLE_COLUMNS + TRUTH_COLUMNS,
                                                       star_rows(a, par, stack_rel, True)))
    lines = ["image\tclass\tjunk\tpsi_deg\tshift_x_px\tshift_y_px\tdefocus_u\tdefocus_v\tdefocus_angle"]
    for i in range(a.n):
        lines.append(f"{i + 1:06d}@{stack_rel}\t{par['class'][i]}\t{int(par['class'][i] > a.K)}\t"
                     f"{par['psi'][i]:.6f}\t{par['dx'][i]:.6f}\t{par['dy'][i]:.6f}\t{par['dfu'][i]:.3f}\t"
                     f"{par['dfv'][i]:.3f}\t{par['angle'][i]:.3f}")
    em2d.write_text_atomically(os.path.join(a.out, "truth.tsv"), "\n".join(lines) + "\n")


def main(argv):
    a = parse_args(argv)
    os.makedirs(os.path.join(a.out, "Particles"), exist_ok=True)
    t0 = time.time()
    templates = make_templates(a, np.random.default_rng([a.seed, 0]))
    par = particle_parameters(a, np.random.default_rng([a.seed, 1]))
    prefiltered = [em2d.upsample2(t) for t in templates]  # linear interpolation on a 2x grid
    sigma = noise_sigma(a, prefiltered, par)
    stack_rel = "Particles/particles.mrcs"
    write_stack(a, os.path.join(a.out, stack_rel), prefiltered, par, sigma)
    write_templates(a, os.path.join(a.out, "templates.mrcs"), templates)
    write_stars(a, par, stack_rel)
    info = {k: v for k, v in vars(a).items() if k != "quiet"}
    info.update(noise_sigma=sigma, class_counts=np.bincount(par["class"], minlength=a.K + 2)[1:].tolist(),
                templates_b_factor=B_TEMPLATE, chunk=CHUNK)
    em2d.write_text_atomically(os.path.join(a.out, "simulation.json"), json.dumps(info, indent=1) + "\n")
    if not a.quiet:
        print(f"simulate.py: {a.n} particles of {a.box} px, K={a.K}, SNR {a.snr} in {a.out} "
              f"({time.time() - t0:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
