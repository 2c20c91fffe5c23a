#!/usr/bin/env bash
# Bad input (issue 13, acceptance 3): wrong MRC mode, a bad header, a truncated stack, a STAR file
# referencing missing images or stacks or lacking columns, inconsistent box sizes, a pixel size of
# zero, a RELION 3.0 STAR file: one "plateau-class2d: error:" line naming the file (and the STAR
# line), exit status 1, and nothing left in the output folder (no temporary files either). Bad
# options: exit status 2. Stacks are written with python3-mrcfile.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
cd "$WORK" || exit 1
$PY "$here/make_stacks.py" "$WORK" 20 32 || exit 1
common=(--K 2 --iter 2 --particle_diameter 60)

run() {  # run NAME ARGS...: output prefix $WORK/out.NAME/run in an existing, empty folder
  local name=$1; shift
  mkdir -p "$WORK/out.$name"
  "$TOOL_BIN" "$@" "${common[@]}" --o "$WORK/out.$name/run" 2> "$WORK/$name.err"
}
mrc() { $PY -c "import mrcfile, numpy as np, sys; $1"; }
star_with() {  # star_with FILE SED_EXPRESSION: particles.star edited
  sed "$2" "$WORK/particles.star" > "$WORK/$1"
}

mrc "m = mrcfile.new('complex.mrcs'); m.set_data(np.zeros((3, 32, 32), np.complex64)); m.voxel_size = 2.5; m.close()"
run wrong_mode --i complex.mrcs
check_failure wrong_mode 1 "complex.mrcs: unsupported MRC mode 4 (complex float32)" "$WORK/out.wrong_mode"

# NX = -32 in word 1 of a copy of the good stack.
$PY -c "
import struct
b = bytearray(open('Stacks/a.mrcs', 'rb').read()); b[0:4] = struct.pack('<i', -32)
open('bad_header.mrcs', 'wb').write(b)"
run bad_header --i bad_header.mrcs
check_failure bad_header 1 "bad_header.mrcs: bad MRC header: NX, NY, NZ = -32, 32, 20" "$WORK/out.bad_header"

head -c $((1024 + 4 * 32 * 32 * 12 + 100)) Stacks/a.mrcs > truncated.mrcs
run truncated --i truncated.mrcs
check_failure truncated 1 "truncated.mrcs: truncated MRC stack: the header promises 20 images" "$WORK/out.truncated"
sed 's#Stacks/a.mrcs#truncated.mrcs#' particles.star > truncated.star
run truncated_star --i truncated.star
check_failure truncated_star 1 "truncated.star line 29: truncated.mrcs: truncated MRC stack" "$WORK/out.truncated_star"

star_with missing_image.star '31s/^000003@/000099@/'
run missing_image --i missing_image.star
check_failure missing_image 1 "missing_image.star line 31: image 000099@Stacks/a.mrcs does not exist: Stacks/a.mrcs holds 20 images" "$WORK/out.missing_image"

star_with missing_stack.star '30s#Stacks/a.mrcs#Stacks/gone.mrcs#'
run missing_stack --i missing_stack.star
check_failure missing_stack 1 "missing_stack.star line 30: image stack 'Stacks/gone.mrcs' not found" "$WORK/out.missing_stack"

star_with no_image_name.star 's/^_rlnImageName #1/_rlnSomethingElse #1/'
run missing_image_column --i no_image_name.star
check_failure missing_image_column 1 "no_image_name.star: data_particles has no _rlnImageName column" "$WORK/out.missing_image_column"

star_with no_defocus.star 's/^_rlnDefocusU #3/_rlnDefocusX #3/'
run missing_ctf_column --i no_defocus.star --ctf
check_failure missing_ctf_column 1 "no_defocus.star: data_particles has no _rlnDefocusU column (needed for --ctf)" "$WORK/out.missing_ctf_column"

mrc "m = mrcfile.new('Stacks/b48.mrcs'); m.set_data(np.zeros((2, 48, 48), np.float32)); m.voxel_size = 2.5; m.close()"
star_with mixed_boxes.star '$a 000001@Stacks/b48.mrcs mic9.mrc 15000 15000 0 1'
run mixed_boxes --i mixed_boxes.star
check_failure mixed_boxes 1 "mixed_boxes.star line 49: Stacks/b48.mrcs: images are 48x48 pixels, but Stacks/a.mrcs holds 32x32" "$WORK/out.mixed_boxes"

star_with zero_pixel.star 's/^opticsGroup1 1 2.500000 300.000000 2.700000 0.100000 2.500000/opticsGroup1 1 2.500000 300.000000 2.700000 0.100000 0.000000/'
run zero_pixel_star --i zero_pixel.star
check_failure zero_pixel_star 1 "zero_pixel.star line 16: _rlnImagePixelSize 0.000000: the pixel size must be positive" "$WORK/out.zero_pixel_star"
mrc "m = mrcfile.new('zero_pixel.mrcs'); m.set_data(np.zeros((2, 32, 32), np.float32)); m.close()"
run zero_pixel_stack --i zero_pixel.mrcs
check_failure zero_pixel_stack 1 "zero_pixel.mrcs: pixel size 0" "$WORK/out.zero_pixel_stack"

printf 'data_\nloop_\n_rlnImageName\n_rlnMagnification\n000001@Stacks/a.mrcs 10000\n' > relion30.star
run relion30 --i relion30.star
check_failure relion30 1 "relion30.star: no data_optics block: a RELION 3.0 (or older) STAR file; convert it with 'relion_convert_star" "$WORK/out.relion30"

printf 'data_optics\nloop_\n_rlnOpticsGroup\n1\n"unterminated\n' > broken.star
run broken_star --i broken.star
check_failure broken_star 1 "broken.star line 5: unterminated quoted value" "$WORK/out.broken_star"

run no_file --i nothere.star
check_failure no_file 1 "nothere.star: cannot open" "$WORK/out.no_file"

run ctf_on_stack --i Stacks/a.mrcs --ctf
check_failure ctf_on_stack 1 "Stacks/a.mrcs: --ctf needs a particles STAR file with CTF columns" "$WORK/out.ctf_on_stack"

# Bad options: exit status 2, nothing written.
mkdir -p "$WORK/out.zero_classes"
"$TOOL_BIN" --i particles.star --K 0 --particle_diameter 60 --o "$WORK/out.zero_classes/run" 2> "$WORK/zero_classes.err"
check_failure zero_classes 2 "--K" "$WORK/out.zero_classes"
mkdir -p "$WORK/out.no_input"
"$TOOL_BIN" --o "$WORK/out.no_input/run" "${common[@]}" 2> "$WORK/no_input.err"
check_failure no_input 2 "--i is required" "$WORK/out.no_input"
run bad_fast --i particles.star --fast maybe
check_failure bad_fast 2 "--fast" "$WORK/out.bad_fast"
finish
