#!/usr/bin/python3
"""Deterministic reads for FastQC's per-tile module: Casava 1.8 names over a few tiles, one tile
with lower qualities in a band of cycles. Usage: tile_reads.py OUT.fastq [READS] [STYLE]
STYLE: casava (default; @inst:run:flowcell:lane:tile:x:y comment), old (@inst:lane:tile:x:y#0/1),
plain (@read1: no tile).
"""
import random
import sys

out, reads = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30000
style = sys.argv[3] if len(sys.argv) > 3 else "casava"
drop = int(sys.argv[4]) if len(sys.argv) > 4 else 9
rng = random.Random(16)
tiles = [1101, 1102, 1103, 1104, 1105, 1106, 2101, 2102]
length = 100
with open(out, "w") as f:
    for i in range(reads):
        tile = rng.choice(tiles)
        x, y = rng.randrange(1000, 30000), rng.randrange(1000, 30000)
        if style == "casava":
            name = f"@A00123:8:HXXXXDSXX:2:{tile}:{x}:{y} 1:N:0:ACGTACGT"
        elif style == "old":
            name = f"@HWUSI-EAS100R:6:{tile}:{x}:{y}#0/1"
        else:
            name = f"@read{i}"
        seq = "".join(rng.choice("ACGT") for _ in range(length))
        quals = []
        for pos in range(length):
            q = 36 - pos // 12 + rng.randrange(-3, 4)
            if tile == 1105 and 40 <= pos < 70:
                q -= drop  # a bubble on one tile
            quals.append(chr(33 + max(2, min(41, q))))
        f.write(f"{name}\n{seq}\n+\n{''.join(quals)}\n")
