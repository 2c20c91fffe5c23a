# Shared by the container tests (image.sh: the OCI image under podman; sif.sh: the SIF under
# Charliecloud): the image build, and one real plateau-qc run on Debian's data inside a container
# compared with the host build's. Sourced after tests/cli/lib.sh (check, pass, fail, debfile,
# $WORK, $SRC, $PY). Environment from ctest: PLATEAU_BIN, PLATEAU_BUILD.
build=${PLATEAU_BUILD:-$(dirname "$PLATEAU_BIN")}
version=$(sed -n 's/^project(plateau VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")

# skip_unless_root_and CMD...: exit 77 with a message unless root and every command is installed.
skip_unless_root_and() {
  if [ "$(id -u)" -ne 0 ]; then echo "SKIP: container tests need root"; exit 77; fi
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null || { echo "SKIP: $c is missing (bash scripts/install-deps.sh containers)"; exit 77; }
  done
}

# build_image: containers/build-local.sh into the build folder (cached rootfs: seconds); a failure
# ends the test.
build_image() {
  local start=$SECONDS
  if BUILD_DIR=$build bash "$SRC/containers/build-local.sh" > "$WORK/build.log" 2>&1; then
    pass "containers/build-local.sh builds localhost/plateau:$version in $((SECONDS - start)) s"
  else
    fail "containers/build-local.sh failed: $(tail -n 5 "$WORK/build.log" | tr '\n' ' ')"
    finish; exit 1
  fi
}

# The tools `cmake --install` puts in /usr/local/bin, space-separated and sorted, less
# plateau-class2d-mpi, which the image leaves out (containers/build-local.sh: no MPI library in it).
installed_tools() {
  (cd "$WORK" && DESTDIR=$WORK/inst cmake --install "$build" --prefix /usr/local >/dev/null \
    && ls "$WORK/inst/usr/local/bin" | grep -vx plateau-class2d-mpi | sort | tr '\n' ' ')
}

# qc_prepare DIR: DIR/data holds Debian's paired lambda reads and FastQC's example, DIR/host the
# host build's outputs, DIR/ctr (world-writable) is for the container's; sets QC_PE and QC_SE, the
# two commands, run from DIR/host or DIR/ctr with the same relative paths so that even the
# recorded command lines match.
qc_prepare() {
  local dir=$1 lambda
  mkdir -p "$dir/data" "$dir/host" "$dir/ctr"
  chmod 777 "$dir/ctr"
  lambda=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reads/reads_1.fq.gz) || exit 1
  cp "$lambda" "$dir/data/r1.fq.gz"
  cp "${lambda%_1.fq.gz}_2.fq.gz" "$dir/data/r2.fq.gz"
  cp "$(debfile fastqc usr/share/doc/fastqc/examples/example.fastq)" "$dir/data/se.fq" || exit 1
  chmod -R a+rX "$dir/data"
  QC_PE="plateau-qc -w 2 -i ../data/r1.fq.gz -I ../data/r2.fq.gz -o pe1.fq.gz -O pe2.fq.gz -j pe.json --html pe.html"
  QC_SE="plateau-qc -w 2 --cut-tail -i ../data/se.fq -o se.fq -j se.json --html se.html"
  (cd "$dir/host" && PATH=$PLATEAU_BIN:$PATH && $QC_PE 2>/dev/null && $QC_SE 2>/dev/null)
  check "host run succeeds" test -s "$dir/host/pe.json" -a -s "$dir/host/se.json"
}

# qc_compare DIR WHERE: the container's outputs in DIR/ctr against the host's: reads byte for
# byte, JSON and HTML but for the run's own measurements (time, memory).
qc_compare() {
  local dir=$1 where=$2 f r
  check "run $where succeeds" test -s "$dir/ctr/pe.json" -a -s "$dir/ctr/se.json"
  for f in pe1.fq.gz pe2.fq.gz se.fq; do
    check "$f is byte-identical $where and on the host" cmp -s "$dir/host/$f" "$dir/ctr/$f"
  done
  for r in pe se; do
    check "$r.json is the same $where and on the host (but for run time and memory)" \
      cmp -s <(json_sans_run "$dir/host/$r.json") <(json_sans_run "$dir/ctr/$r.json")
    check "$r.html is the same $where and on the host (but for run time and memory)" \
      cmp -s <(html_sans_run "$dir/host/$r.html") <(html_sans_run "$dir/ctr/$r.html")
  done
}
json_sans_run() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["plateau"].pop("run"); print(json.dumps(d, sort_keys=True))' "$1"; }
html_sans_run() { sed 's/wall time [^<]*report schema/(run)/' "$1"; }
