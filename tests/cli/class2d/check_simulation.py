#!/usr/bin/python3
"""Checks of bench/class2d/simulate.py's output (cli.class2d.simulate). Usage: check_simulation.py CASE DIR...

Each case prints one "ok"/"FAIL" line per check and exits 1 when one failed. The expected values
are independent of the simulator's code: MRC header fields from the MRC2014 definition, STAR columns
from RELION 3.1's format, the CTF from a scalar transcription of RELION's ctf.h (rotation-matrix
astigmatism), a hand-derived first CTF zero, and the geometry rule of em2d-peers.md §11.5 stated on
centres of mass.
"""
import math
import os
import sys

import mrcfile
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap_checks import check, status  # noqa: E402
import em2d  # noqa: E402


def star(path):
    blocks = em2d.read_star(path)
    return blocks["optics"], blocks["particles"]


def case_files(d, n, box, apix, k, diameter):
    with mrcfile.open(os.path.join(d, "Particles/particles.mrcs"), permissive=False) as m:
        h = m.header
        check((int(h.nx), int(h.ny), int(h.nz), int(h.mode)) == (box, box, n, 2), f"stack nx ny nz mode = {box} {box} {n} 2")
        check((int(h.mx), int(h.my), int(h.mz), int(h.ispg)) == (box, box, 1, 0), "stack mx my mz = box box 1, ispg 0 (image stack)")
        check(abs(float(h.cella.x) / int(h.mx) - apix) < 1e-4, f"pixel size CELLA.X / MX = {apix}")
        data = np.asarray(m.data, dtype=np.float64)
        check(abs(float(h.dmean) - data.mean()) < 1e-3 and abs(float(h.dmax) - data.max()) < 1e-5, "DMEAN and DMAX match the data")
    c = box // 2
    y, x = np.mgrid[0:box, 0:box]
    bg = (x - c) ** 2 + (y - c) ** 2 > (diameter / 2 / apix) ** 2
    means = data[:, bg].mean(axis=1)
    stds = data[:, bg].std(axis=1)
    check(np.abs(means).max() < 1e-4 and np.abs(stds - 1).max() < 1e-4, "background outside D/2: mean 0, std 1 per image")
    optics, parts = star(os.path.join(d, "particles.star"))
    need = ["rlnOpticsGroup", "rlnVoltage", "rlnSphericalAberration", "rlnAmplitudeContrast", "rlnImagePixelSize", "rlnImageSize"]
    check(all(optics.has(col) for col in need) and optics.rows[0][optics.columns.index("rlnImageSize")] == str(box),
          "optics block has voltage, Cs, Q0, pixel size and image size")
    need = ["rlnImageName", "rlnMicrographName", "rlnDefocusU", "rlnDefocusV", "rlnDefocusAngle", "rlnOpticsGroup"]
    check(all(parts.has(col) for col in need) and len(parts.rows) == n, f"particles block: {n} rows with image and CTF columns")
    check(not parts.has("rlnClassNumber") and not parts.has("rlnAnglePsi"), "input STAR has no class or pose columns")
    names = parts.column("rlnImageName")
    check(names[0] == "000001@Particles/particles.mrcs" and names[-1] == f"{n:06d}@Particles/particles.mrcs",
          "images named NNNNNN@Particles/particles.mrcs, 1-based, relative to the project folder")
    _, truth = star(os.path.join(d, "truth.star"))
    classes = sorted(set(int(v) for v in truth.column("rlnClassNumber")))
    check(classes == list(range(1, k + 1)), f"truth classes are 1..{k}")
    with mrcfile.open(os.path.join(d, "templates.mrcs")) as m:
        check(m.data.shape == (k, box, box), f"templates.mrcs holds {k} templates")


def relion_ctf(fx, fy, dfu, dfv, angle_deg, kv, cs_mm, q0):
    """Scalar transcription of RELION 3.1 ctf.h: Df from Q^T diag(-DfU, -DfV) Q, gamma, -sin(gamma)."""
    v = kv * 1000.0
    lam = 12.2643247 / math.sqrt(v * (1.0 + v * 0.978466e-6))
    a = math.radians(angle_deg)
    ca, sa = math.cos(a), math.sin(a)
    axx = -dfu * ca * ca - dfv * sa * sa
    axy = -dfu * ca * sa + dfv * ca * sa
    ayy = -dfu * sa * sa - dfv * ca * ca
    u2 = fx * fx + fy * fy
    deltaf = (axx * fx * fx + 2 * axy * fx * fy + ayy * fy * fy) / u2 if u2 > 0 else 0.0
    k1 = math.pi * lam
    k2 = math.pi / 2 * cs_mm * 1e7 * lam ** 3
    k3 = math.atan(q0 / math.sqrt(1 - q0 * q0))
    return -math.sin(k1 * deltaf * u2 + k2 * u2 * u2 - k3)


def case_ctf():
    box, apix = 64, 2.5
    grid = em2d.CtfGrid(box, apix, 300.0, 2.7, 0.1)
    dfu, dfv, ang = 21000.0, 20600.0, 37.0
    values = grid.values([dfu], [dfv], [ang])[0]
    worst = 0.0
    for j, i in [(0, 1), (3, 5), (10, 7), (63, 20), (40, 32), (17, 0), (50, 13)]:
        fx = i / (box * apix)
        fy = (j if j < box // 2 else j - box) / (box * apix)
        ref = relion_ctf(fx, fy, dfu, dfv, ang, 300.0, 2.7, 0.1)
        plain = float(em2d.ctf_values(np.array(fx), np.array(fy), dfu, dfv, ang, 300.0, 2.7, 0.1))
        worst = max(worst, abs(values[j, i] - ref), abs(plain - ref))
    check(worst < 1e-9, f"CTF at 7 frequencies equals RELION's formula (max difference {worst:.1e})")
    check(abs(grid.values([dfu], [dfv], [ang])[0, 0, 0] - 0.1) < 1e-12, "CTF(0) = +Q0 (protein white)")
    # First zero without Cs or astigmatism, by hand: pi*lam*Df*s^2 + atan(Q0/sqrt(1-Q0^2)) = pi.
    lam = 12.2643247 / math.sqrt(300e3 * (1 + 300e3 * 0.978466e-6))
    s0 = math.sqrt((math.pi - math.atan(0.1 / math.sqrt(0.99))) / (math.pi * lam * 20000.0))
    near = [float(em2d.ctf_values(np.array(s), np.array(0.0), 20000.0, 20000.0, 0.0, 300.0, 0.0, 0.1)) for s in (s0 * 0.99, s0 * 1.01)]
    check(near[0] < 0 < near[1] or near[0] > 0 > near[1], f"first CTF zero at s = {s0:.5f} 1/Å (Cs 0, Df 2 µm)")


def case_ctf_in_images(d, box, apix, defocus):
    """The images' mean power has minima at the first two CTF zero shells predicted by hand."""
    with mrcfile.open(os.path.join(d, "Particles/particles.mrcs")) as m:
        data = np.asarray(m.data, dtype=np.float64)
    power = (np.abs(np.fft.fft2(data)) ** 2).mean(axis=0)
    f = np.fft.fftfreq(box)
    shell = np.rint(np.hypot(*np.meshgrid(f, f)) * box).astype(int)
    radial = np.array([power[shell == r].mean() for r in range(box // 2)])
    lam = 12.2643247 / math.sqrt(300e3 * (1 + 300e3 * 0.978466e-6))
    for zero in (1, 2):  # pi*lam*Df*s^2 + atan(Q0/sqrt(1-Q0^2)) = zero*pi; the Cs term is < 1 % here
        s0 = math.sqrt((zero * math.pi - math.atan(0.1 / math.sqrt(0.99))) / (math.pi * lam * defocus))
        r0 = int(round(s0 * box * apix))
        depth = 0.2 if zero == 1 else 1.0  # zero 2 falls between shells: a local minimum is enough
        ok = radial[r0] < depth * radial[r0 - 1] and radial[r0] < depth * radial[r0 + 1]
        check(ok, f"image power has CTF zero {zero} at shell {r0} ({radial[r0 - 1]:.3g} {radial[r0]:.3g} {radial[r0 + 1]:.3g})")


def centre_of_mass(img):
    img = np.clip(img, 0, None)
    y, x = np.mgrid[0:img.shape[0], 0:img.shape[1]]
    return np.array([(x * img).sum(), (y * img).sum()]) / img.sum()


def case_geometry(d, box, apix):
    """Particle = shift_d(rot_psi(template)) with rot (x, y) -> (x cos - y sin, x sin + y cos) about box/2,
    and the truth STAR's rlnAnglePsi = -psi, rlnOrigin = -d * apix: checked on centres of mass."""
    with mrcfile.open(os.path.join(d, "Particles/particles.mrcs")) as m:
        data = np.asarray(m.data, dtype=np.float64)
    with mrcfile.open(os.path.join(d, "templates.mrcs")) as m:
        temps = np.asarray(m.data, dtype=np.float64)
    _, truth = star(os.path.join(d, "truth.star"))
    c = box // 2
    worst = 0.0
    for i, row in enumerate(truth.rows[:20]):
        cls = int(row[truth.columns.index("rlnClassNumber")])
        psi = -float(row[truth.columns.index("rlnAnglePsi")])
        dx = -float(row[truth.columns.index("rlnOriginXAngst")]) / apix
        dy = -float(row[truth.columns.index("rlnOriginYAngst")]) / apix
        mx, my = centre_of_mass(temps[cls - 1]) - c
        a = math.radians(psi)
        want = np.array([mx * math.cos(a) - my * math.sin(a) + c + dx, mx * math.sin(a) + my * math.cos(a) + c + dy])
        worst = max(worst, float(np.abs(centre_of_mass(data[i]) - want).max()))
    check(worst < 0.1, f"centres of mass follow shift(rotate(template)) and the truth STAR's psi/origin (max error {worst:.3f} px)")


def main(argv):
    name = argv[0]
    if name == "files":
        case_files(argv[1], int(argv[2]), int(argv[3]), float(argv[4]), int(argv[5]), float(argv[6]))
    elif name == "ctf":
        case_ctf()
    elif name == "ctf_images":
        case_ctf_in_images(argv[1], int(argv[2]), float(argv[3]), float(argv[4]))
    elif name == "geometry":
        case_geometry(argv[1], int(argv[2]), float(argv[3]))
    return status()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
