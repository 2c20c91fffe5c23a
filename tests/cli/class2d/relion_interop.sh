#!/usr/bin/env bash
# RELION reads plateau-class2d's outputs (issue 13, acceptance 1): Debian's RELION 3.1.3
# relion_star_handler selects from our _data.star and _model.star, relion_image_handler reads our
# class averages, relion_refine starts a 2D classification from our particle STAR, and
# python3-mrcfile re-reads our _classes.mrcs with its header intact. Stacks are written with
# python3-mrcfile; paths in the STAR files are relative to the working directory, as in a RELION
# project.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
for b in relion_star_handler relion_refine relion_image_handler; do
  command -v $b > /dev/null || { echo "SKIP: $b not installed (Debian package relion)"; exit 77; }
done
cd "$WORK" || exit 1
$PY "$here/make_stacks.py" "$WORK" 40 32 || exit 1
mkdir -p Class2D
"$TOOL_BIN" --i particles.star --o Class2D/run --K 2 --iter 3 --particle_diameter 60 --ctf --zero_mask --j 2 \
  2> run.err
check "plateau-class2d ran (exit 0)" [ $? -eq 0 ]
for f in Class2D/run_classes.mrcs Class2D/run_data.star Class2D/run_model.star Class2D/run_report.json Class2D/run_report.html; do
  check "$f written" [ -s "$f" ]
done

# Particles STAR: every particle kept, each class selected by RELION holds as many particles as
# our rlnClassNumber column says (counted here with awk from the column's position).
ours=$(awk '/^_rlnClassNumber /{sub("#", "", $2); c=$2} c && NF > 8 && $c == 1 {n++} END {print n+0}' Class2D/run_data.star)
relion_star_handler --i Class2D/run_data.star --o sel1.star --select rlnClassNumber --minval 1 --maxval 1 > sh1.log 2>&1
check "relion_star_handler reads _data.star (exit 0)" [ $? -eq 0 ]
theirs=$(grep -c '@Stacks/a.mrcs' sel1.star)
check "relion_star_handler selects class 1: $theirs particles, rlnClassNumber says $ours" [ "$theirs" = "$ours" ]
relion_star_handler --i Class2D/run_data.star --o all.star > sh2.log 2>&1
check "relion_star_handler round trip keeps 40 particles" [ "$(grep -c '@Stacks/a.mrcs' all.star)" = 40 ]
for label in rlnAnglePsi rlnOriginXAngst rlnOriginYAngst rlnMaxValueProbDistribution rlnNrOfSignificantSamples \
             rlnLogLikeliContribution rlnDefocusU rlnMicrographName; do
  check "RELION keeps $label" grep -q "^_$label " all.star
done

# Model STAR: Debian's relion_star_handler 3.1.3 cannot select from any model.star (RELION's own
# included: its table discovery only finds particle tables), so RELION reads ours the way it reads
# its own when a run continues from classes: relion_refine --ref <model.star> takes
# data_model_classes' rlnReferenceImage entries (00000k@Class2D/run_classes.mrcs) as the K starting
# references; its run_it000_classes.mrcs must then be our class averages, value for value.
mkdir -p FromModel
relion_refine --i Class2D/run_data.star --ref Class2D/run_model.star --o FromModel/run --iter 1 --particle_diameter 60 \
  --tau2_fudge 2 --psi_step 12 --offset_range 5 --offset_step 2 --ctf --zero_mask --dont_combine_weights_via_disc \
  --pool 10 --j 1 > from_model.log 2>&1
check "relion_refine --ref our _model.star runs (exit 0)" [ $? -eq 0 ]
check "RELION took 2 classes from data_model_classes" grep -q '^_rlnNrClasses  *2$' FromModel/run_it001_model.star
$PY -c "
import mrcfile, numpy as np, sys
ours, theirs = mrcfile.read('Class2D/run_classes.mrcs'), mrcfile.read('FromModel/run_it000_classes.mrcs')
sys.exit(0 if ours.shape == theirs.shape and np.array_equal(ours, theirs) else 1)"
check "RELION's starting references are our class averages (rlnReferenceImage resolved)" [ $? -eq 0 ]

# Class averages: RELION's image reader and mrcfile agree on the values, the header is intact.
relion_image_handler --i 000002@Class2D/run_classes.mrcs --stats > stats.txt 2>&1
check "relion_image_handler reads our class 2 (exit 0)" [ $? -eq 0 ]
$PY - "$(cat stats.txt)" <<'PY'
import io, re, sys
import mrcfile, numpy as np
ok = mrcfile.validate('Class2D/run_classes.mrcs', print_file=io.StringIO())
with mrcfile.open('Class2D/run_classes.mrcs', permissive=False) as m:
    h, d = m.header, m.data
    checks = {
        'mrcfile.validate passes': ok,
        'image stack of 2 x 32 x 32 float32': m.is_image_stack() and d.shape == (2, 32, 32) and d.dtype == np.float32,
        'pixel size 2.5 A': abs(float(m.voxel_size.x) - 2.5) < 1e-5 and abs(float(m.voxel_size.y) - 2.5) < 1e-5,
        'MAP word, little-endian MACHST, NVERSION 20140': bytes(h.map) == b'MAP ' and list(h.machst) == [68, 68, 0, 0] and h.nversion == 20140,
        'DMIN/DMAX/DMEAN/RMS match the data': np.allclose([h.dmin, h.dmax, h.dmean, h.rms], [d.min(), d.max(), d.mean(), d.std()], rtol=1e-4, atol=1e-5),
        'finite values': bool(np.isfinite(d).all()),
    }
    # relion_image_handler --stats: "... avg= A stddev= S minval= L maxval= H; angpix = P"
    st = re.search(r'avg=\s*(\S+)\s+stddev=\s*(\S+)\s+minval=\s*(\S+)\s+maxval=\s*([^;\s]+)', sys.argv[1])
    nums = [float(x) for x in st.groups()] if st else []
    want = [float(d[1].mean()), float(d[1].std()), float(d[1].min()), float(d[1].max())]
    checks['relion_image_handler stats of class 2 match mrcfile'] = len(nums) == 4 and np.allclose(nums, want, rtol=1e-3, atol=1e-4)
for name, good in checks.items():
    print(('ok   - ' if good else 'FAIL - ') + name)
sys.exit(0 if all(checks.values()) else 1)
PY
check "mrcfile and relion_image_handler checks" [ $? -eq 0 ]

# relion_refine starts a 2D classification from our particle STAR (one iteration).
mkdir -p Refine
relion_refine --i Class2D/run_data.star --o Refine/run --iter 1 --K 2 --particle_diameter 60 --tau2_fudge 2 \
  --psi_step 12 --offset_range 5 --offset_step 2 --ctf --zero_mask --dont_combine_weights_via_disc --pool 10 --j 1 \
  > refine.log 2>&1
check "relion_refine runs from our _data.star (exit 0)" [ $? -eq 0 ]
check "relion_refine wrote run_it001_data.star with 40 particles" \
  [ "$(grep -c '@Stacks/a.mrcs' Refine/run_it001_data.star 2>/dev/null)" = 40 ]
finish
