#!/usr/bin/env bash
# bench/class2d/simulate.py: the stack re-read with mrcfile (MRC2014 header), the STAR files' blocks and
# columns, the CTF against RELION's formula and in the images, the geometry convention, determinism.
source "$(dirname "$0")/../lib.sh"
SIM=$SRC/bench/class2d/simulate.py
CHECK=$SRC/tests/cli/class2d/check_simulation.py
export PLATEAU_SRC=$SRC

"$PY" "$SIM" --out "$WORK/a" --n 300 --box 48 --apix 3.0 --K 3 --snr 0.1 --diameter 120 --seed 7 --quiet
check "simulate.py runs (300 particles, 48 px, K 3)" test -s "$WORK/a/truth.star"
"$PY" "$CHECK" files "$WORK/a" 300 48 3.0 3 120 && pass "files" || fail "files"
"$PY" "$CHECK" ctf && pass "ctf formula" || fail "ctf formula"

"$PY" "$SIM" --out "$WORK/b" --n 300 --box 48 --apix 3.0 --K 3 --snr 0.1 --diameter 120 --seed 7 --quiet
check "same seed, same stack" cmp -s "$WORK/a/Particles/particles.mrcs" "$WORK/b/Particles/particles.mrcs"
check "same seed, same truth" cmp -s "$WORK/a/truth.star" "$WORK/b/truth.star"
"$PY" "$SIM" --out "$WORK/c" --n 300 --box 48 --apix 3.0 --K 3 --snr 0.1 --diameter 120 --seed 8 --quiet
check "another seed, another stack" bash -c "! cmp -s '$WORK/a/Particles/particles.mrcs' '$WORK/c/Particles/particles.mrcs'"

# Noise-free-like, fixed defocus, circular CTF: the first zero shows where the formula puts it.
"$PY" "$SIM" --out "$WORK/ctf" --n 64 --box 64 --apix 2.5 --K 2 --snr 1e6 --defocus-min 20000 --defocus-max 20000 \
  --astigmatism 0 --ctf-pad 1 --seed 3 --quiet
"$PY" "$CHECK" ctf_images "$WORK/ctf" 64 2.5 20000 && pass "ctf in images" || fail "ctf in images"

# Geometry without CTF (centres of mass of positive density).
"$PY" "$SIM" --out "$WORK/geo" --n 20 --box 64 --apix 2.5 --K 2 --snr 1e8 --no-ctf --seed 5 --quiet
"$PY" "$CHECK" geometry "$WORK/geo" 64 2.5 && pass "geometry" || fail "geometry"

# Junk and unequal class sizes: exact counts in the truth.
"$PY" "$SIM" --out "$WORK/junk" --n 200 --box 48 --apix 3.0 --K 3 --snr 0.1 --diameter 120 --class-weights 3,1,1 \
  --junk 0.1 --seed 9 --quiet
counts=$(awk '/^[0-9]+@/ { n[$12]++ } END { printf "%d %d %d %d", n[1], n[2], n[3], n[4] }' "$WORK/junk/truth.star")
check "class weights 3,1,1 with 10 % junk give 108 36 36 20 (got $counts)" test "$counts" = "108 36 36 20"
finish
