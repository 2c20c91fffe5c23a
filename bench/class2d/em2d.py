"""Shared pieces of the plateau-class2d simulator and scorer (docs/class2d.md, "Simulation and benchmarks").

RELION 3.1 STAR reading and writing, RELION's CTF formula (em2d-peers.md §11.4), image rotation and
Fourier shifts in RELION's geometry convention (§11.5: x = column, y = row, rotation about
(box/2, box/2)), and the clustering scores (ARI, NMI, purity) from a contingency table.
Needs only Debian's python3-numpy and python3-scipy; run with /usr/bin/python3.
"""
import math
import os

import numpy as np
from scipy import ndimage

STAR_VERSION = "# version 30001"


# ---------------------------------------------------------------------------------------- STAR files
class StarBlock:
    """One data_ block: a loop (columns + rows of strings) or key/value pairs (rows empty)."""

    def __init__(self, name, columns=None, rows=None, pairs=None):
        self.name = name
        self.columns = columns or []
        self.rows = rows or []
        self.pairs = pairs or {}

    def column(self, label):
        if label not in self.columns:
            raise KeyError(f"column {label} missing from data_{self.name}")
        i = self.columns.index(label)
        return [r[i] for r in self.rows]

    def has(self, label):
        return label in self.columns


def read_star(path):
    """All blocks of a STAR file as {name: StarBlock} (name without 'data_'), in file order."""
    blocks = {}
    block = None
    in_loop = False
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("data_"):
                block = StarBlock(line[5:])
                blocks[block.name] = block
                in_loop = False
            elif line.startswith("loop_"):
                in_loop = True
            elif line.startswith("_"):
                parts = line.split()
                label = parts[0][1:]
                if in_loop and not block.rows:
                    block.columns.append(label)
                else:
                    block.pairs[label] = parts[1] if len(parts) > 1 else ""
            elif block is not None and in_loop:
                block.rows.append(line.split())
    return blocks


def particles_block(blocks):
    """The particle table: data_particles (RELION 3.1), else the first block with rlnImageName."""
    if "particles" in blocks:
        return blocks["particles"]
    for b in blocks.values():
        if b.has("rlnImageName"):
            return b
    raise KeyError("no particles block (no data_particles and no loop with rlnImageName)")


def format_loop(name, columns, rows):
    """A loop block as text; rows are sequences of already formatted strings."""
    out = [STAR_VERSION, "", f"data_{name}", "", "loop_"]
    out += [f"_{c} #{i + 1}" for i, c in enumerate(columns)]
    out += [" ".join(r) for r in rows]
    return "\n".join(out) + "\n\n"


def write_text_atomically(path, text):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def image_key(name):
    """'000012@Particles/x.mrcs' -> (12, 'x.mrcs'): matches images across rewritten stack folders."""
    index, _, stack = name.partition("@")
    return int(index), os.path.basename(stack)


# ---------------------------------------------------------------------------------------------- CTF
def electron_wavelength(kv):
    """Relativistic electron wavelength in Å (RELION ctf.cpp)."""
    v = kv * 1e3
    return 12.2643247 / math.sqrt(v * (1.0 + v * 0.978466e-6))


def ctf_values(fx, fy, dfu, dfv, angle_deg, kv, cs_mm, q0, bfactor=0.0, phase_shift_deg=0.0, scale=1.0):
    """RELION 3.1's CTF at spatial frequencies (fx, fy) in 1/Å (em2d-peers.md §11.4).

    dfu, dfv, angle_deg broadcast against fx, fy (pass arrays shaped (n, 1, 1) for n particles).
    Defocus positive = underfocus; CTF(0) = +q0 (protein white).
    """
    lam = electron_wavelength(kv)
    cs = cs_mm * 1e7
    s2 = fx * fx + fy * fy
    theta = np.arctan2(fy, fx)
    alpha = np.deg2rad(angle_deg)
    defocus = dfu * np.cos(theta - alpha) ** 2 + dfv * np.sin(theta - alpha) ** 2
    k3 = math.atan(q0 / math.sqrt(1.0 - q0 * q0))
    gamma = (-math.pi * lam * defocus * s2 + 0.5 * math.pi * cs * lam ** 3 * s2 * s2
             - k3 - np.deg2rad(phase_shift_deg))
    ctf = -np.sin(gamma) * np.exp(-bfactor * s2 / 4.0) * scale
    return np.where(np.abs(ctf) < 1e-8, np.where(ctf < 0, -1e-8, 1e-8), ctf)


def half_plane_frequencies(box, apix):
    """(fx, fy) in 1/Å on numpy's rfft2 grid of a (box, box) image indexed [row = y, column = x]."""
    fx = np.fft.rfftfreq(box)[None, :] / apix
    fy = np.fft.fftfreq(box)[:, None] / apix
    return fx, fy


# --------------------------------------------------------------------------------- geometry (§11.5)
def rotation_sources(box, psi_deg):
    """Source coordinates (row, col) for rotating images by psi_deg (array of n angles).

    The rotated image P(p) = T(R(-psi) (p - c) + c), c = (box/2, box/2), so that a template
    point q lands on R(psi)(q - c) + c with R(psi): (x, y) -> (x cos - y sin, x sin + y cos).
    Returns an array (2, n, box, box) for ndimage.map_coordinates.
    """
    c = box // 2
    y, x = np.mgrid[0:box, 0:box].astype(np.float64)
    x = x[None] - c
    y = y[None] - c
    a = np.deg2rad(np.asarray(psi_deg, dtype=np.float64))[:, None, None]
    cos, sin = np.cos(a), np.sin(a)
    src_x = x * cos + y * sin + c
    src_y = -x * sin + y * cos + c
    return np.stack([src_y, src_x])


def upsample2(img):
    """Band-limited 2x up-sampling (zero-padded spectrum): pixel u of the result is pixel u/2 of img."""
    n = img.shape[0]
    spec = np.fft.fftshift(np.fft.fft2(img))
    big = np.zeros((2 * n, 2 * n), dtype=complex)
    big[n // 2: n // 2 + n, n // 2: n // 2 + n] = spec
    return np.real(np.fft.ifft2(np.fft.ifftshift(big))) * 4


def rotate_images(prefiltered, psi_deg, order=3, oversampled=1):
    """Rotate one image into n images, one per angle (rotation_sources).

    prefiltered: the image spline-prefiltered for order 3, or (order 1) the image itself, possibly
    up-sampled by `oversampled` (upsample2) so that linear interpolation stays accurate.
    """
    box = prefiltered.shape[0] // oversampled
    coords = rotation_sources(box, psi_deg)
    n = coords.shape[1]
    flat = coords.reshape(2, n * box, box)
    if oversampled != 1:
        flat *= oversampled
    out = ndimage.map_coordinates(prefiltered, flat, order=order, mode="constant", cval=0.0,
                                  prefilter=False)
    return out.reshape(n, box, box)


def shift_phases(box, dx, dy, dtype=np.complex128):
    """exp(-2 pi i f.d) on the rfft2 grid for shifts (dx, dy) in pixels (arrays of n): content moves by +d."""
    fx = np.fft.rfftfreq(box)[None, None, :]
    fy = np.fft.fftfreq(box)[None, :, None]
    dx = np.asarray(dx, dtype=np.float64)[:, None, None]
    dy = np.asarray(dy, dtype=np.float64)[:, None, None]
    return np.exp(-2j * np.pi * fx * dx).astype(dtype) * np.exp(-2j * np.pi * fy * dy).astype(dtype)


class CtfGrid:
    """RELION's CTF (ctf_values) for many particles on one rfft2 grid, with the angular terms precomputed.

    Uses Df(theta) = (DfU + DfV)/2 + (DfU - DfV)/2 cos(2 (theta - alpha)); ctf_values is the
    plain statement of the formula that the tests compare this with.
    """

    def __init__(self, box, apix, kv, cs_mm, q0):
        fx, fy = half_plane_frequencies(box, apix)
        self.s2 = (fx * fx + fy * fy)[None]
        theta = np.arctan2(fy, fx)
        self.cos2 = np.cos(2 * theta)[None]
        self.sin2 = np.sin(2 * theta)[None]
        lam = electron_wavelength(kv)
        self.k1 = math.pi * lam
        self.k2 = 0.5 * math.pi * cs_mm * 1e7 * lam ** 3
        self.k3 = math.atan(q0 / math.sqrt(1.0 - q0 * q0))

    def values(self, dfu, dfv, angle_deg, dtype=np.float64):
        dfu = np.asarray(dfu, dtype=np.float64)[:, None, None]
        dfv = np.asarray(dfv, dtype=np.float64)[:, None, None]
        a2 = 2 * np.deg2rad(np.asarray(angle_deg, dtype=np.float64))[:, None, None]
        defocus = 0.5 * (dfu + dfv) + 0.5 * (dfu - dfv) * (self.cos2 * np.cos(a2) + self.sin2 * np.sin(a2))
        gamma = -self.k1 * defocus * self.s2 + self.k2 * self.s2 * self.s2 - self.k3
        ctf = -np.sin(gamma).astype(dtype)
        small = np.abs(ctf) < 1e-8
        ctf[small] = np.where(ctf[small] < 0, -1e-8, 1e-8)
        return ctf


def circle_mask(box, radius_px):
    c = box // 2
    y, x = np.mgrid[0:box, 0:box]
    return (x - c) ** 2 + (y - c) ** 2 <= radius_px * radius_px


# ------------------------------------------------------------------------------------------- scores
def contingency(truth, pred):
    """Contingency table (true labels x predicted labels) as an integer array, with the label lists."""
    t_labels, t_idx = np.unique(np.asarray(truth), return_inverse=True)
    p_labels, p_idx = np.unique(np.asarray(pred), return_inverse=True)
    table = np.zeros((len(t_labels), len(p_labels)), dtype=np.int64)
    np.add.at(table, (t_idx, p_idx), 1)
    return table, t_labels, p_labels


def _pairs(x):
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum(x * (x - 1.0) / 2.0))


def adjusted_rand_index(table):
    """Hubert and Arabie's ARI from a contingency table (equal to sklearn's adjusted_rand_score).

    ARI = (sum_ij C(n_ij,2) - E) / (mean(sum_i C(a_i,2), sum_j C(b_j,2)) - E),
    E = sum_i C(a_i,2) sum_j C(b_j,2) / C(n,2). Like sklearn, 1.0 when the denominator is 0
    (both partitions one cluster, or both all singletons).
    """
    n = int(table.sum())
    index = _pairs(table)
    rows = _pairs(table.sum(axis=1))
    cols = _pairs(table.sum(axis=0))
    total = n * (n - 1) / 2.0
    if total == 0:
        return 1.0
    expected = rows * cols / total
    maximum = (rows + cols) / 2.0
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _entropy(counts):
    p = np.asarray(counts, dtype=np.float64)
    p = p[p > 0] / p.sum()
    return float(-np.sum(p * np.log(p)))


def normalized_mutual_info(table):
    """NMI with the geometric mean of the entropies (sklearn average_method='geometric')."""
    n = table.sum()
    a = table.sum(axis=1)
    b = table.sum(axis=0)
    if (len(a) == 1 and len(b) == 1) or (len(a) == 0 and len(b) == 0):
        return 1.0
    nz = table > 0
    outer = np.outer(a, b).astype(np.float64)
    mi = float(np.sum(table[nz] / n * np.log(table[nz] * n / outer[nz])))
    if mi <= 0:  # like sklearn: no shared information (the perfect one-cluster case is above)
        return 0.0
    return mi / math.sqrt(_entropy(a) * _entropy(b))


def purity(table):
    """Fraction of particles in the majority true class of their predicted class."""
    return float(table.max(axis=0).sum() / table.sum())


def inverse_purity(table):
    """Fraction of particles in the majority predicted class of their true class."""
    return float(table.max(axis=1).sum() / table.sum())
