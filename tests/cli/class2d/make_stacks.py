#!/usr/bin/python3
"""Small particle stacks and STAR files for plateau-class2d's CLI tests, written with Debian's
python3-mrcfile (independently of our MRC writer).

Usage: make_stacks.py DIR [COUNT] [BOX]. Writes DIR/Stacks/a.mrcs (COUNT images of BOX px at 2.5 Å,
float32, a few bright blobs on noise) and DIR/particles.star (RELION 3.1: optics + particles with
CTF columns, stack paths relative to DIR)."""
import os
import sys

import mrcfile
import numpy as np


def images(count, box, seed=1):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:box, 0:box] - box / 2
    out = np.empty((count, box, box), np.float32)
    for i in range(count):
        cls = i % 2
        angle = rng.uniform(0, 2 * np.pi)
        c, s = np.cos(angle), np.sin(angle)
        xr, yr = c * x + s * y, -s * x + c * y
        blob = np.exp(-((xr / (box / 6)) ** 2 + (yr / (box / (12 if cls else 6))) ** 2))
        out[i] = 3 * blob + rng.normal(0, 1, (box, box))
    return out


def write_stack(path, data, pixel=2.5):
    with mrcfile.new(path, overwrite=True) as m:
        m.set_data(data)
        m.voxel_size = pixel


def write_star(path, stack_rel, count, pixel=2.5, box=32):
    lines = ["", "# version 30001", "", "data_optics", "", "loop_",
             "_rlnOpticsGroupName #1", "_rlnOpticsGroup #2", "_rlnMicrographOriginalPixelSize #3",
             "_rlnVoltage #4", "_rlnSphericalAberration #5", "_rlnAmplitudeContrast #6",
             "_rlnImagePixelSize #7", "_rlnImageSize #8", "_rlnImageDimensionality #9",
             f"opticsGroup1 1 {pixel:.6f} 300.000000 2.700000 0.100000 {pixel:.6f} {box} 2", "",
             "# version 30001", "", "data_particles", "", "loop_",
             "_rlnImageName #1", "_rlnMicrographName #2", "_rlnDefocusU #3", "_rlnDefocusV #4",
             "_rlnDefocusAngle #5", "_rlnOpticsGroup #6"]
    for i in range(count):
        lines.append(f"{i + 1:06d}@{stack_rel} mic{i // 10:03d}.mrc {15000 + 10 * i:.6f} {14500 + 10 * i:.6f} 30.000000 1")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    box = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    os.makedirs(os.path.join(out, "Stacks"), exist_ok=True)
    write_stack(os.path.join(out, "Stacks", "a.mrcs"), images(count, box))
    write_star(os.path.join(out, "particles.star"), "Stacks/a.mrcs", count, box=box)


if __name__ == "__main__":
    main()
