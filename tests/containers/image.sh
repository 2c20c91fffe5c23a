#!/usr/bin/env bash
# Acceptance 2 of issue 3: the container image builds here from scratch with the documented
# command (containers/build-local.sh), is small, runs as a non-root user with the right labels, has
# every tool's libraries, and plateau-qc inside it gives the same reads, JSON and HTML as the host
# build on real data. The exported docker archive must load into an empty store and run, and the
# Galaxy wrapper tests must pass with their jobs run inside the image, as Galaxy would run them.
# Needs root, debootstrap, buildah and podman (scripts/install-deps.sh containers); skips (77)
# with a message otherwise. Environment from ctest: PLATEAU_BIN, PLATEAU_BUILD, PLATEAU_DEBDATA, PLATEAU_SRC.
# The build and the run compared with the host's are shared with sif.sh (tests/containers/lib.sh).
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/lib.sh"
MAX_MB=150

skip_unless_root_and debootstrap buildah podman
source "$SRC/containers/local-env.sh"
image=localhost/plateau:$version

# ---- build ---------------------------------------------------------------------------------------
build_image
archive=$ctdir/plateau-$version.docker.tar
check "the docker archive exists" test -s "$archive"

size=$(podman image inspect --format '{{.Size}}' "$image")
check "image size $((size / 1000000)) MB is under $MAX_MB MB" test "$size" -lt $((MAX_MB * 1000000))
label() { podman image inspect --format "{{index .Config.Labels \"org.opencontainers.image.$1\"}}" "$image"; }
check "OCI label version is $version" test "$(label version)" = "$version"
check "OCI label source is set" grep -q '^https://' <<<"$(label source)"
check "OCI label revision is set" test -n "$(label revision)"
run() { podman run --rm "$@"; }
check "the default user is not root" test "$(run "$image" id -u)" != 0
check "bash is there (Galaxy runs jobs with bash)" test "$(run "$image" bash -c 'echo yes')" = yes
check "plateau-qc --version inside the image" test "$(run "$image" plateau-qc --version)" = "plateau-qc $version"
check "plateau-amplicon --version inside the image" test "$(run "$image" plateau-amplicon --version)" = "plateau-amplicon $version"
check "plateau-assemble --version inside the image" test "$(run "$image" plateau-assemble --version)" = "plateau-assemble $version"
check "plateau-class2d --version inside the image" test "$(run "$image" plateau-class2d --version)" = "plateau-class2d $version"
check "plateau-stage --version inside the image" test "$(run "$image" plateau-stage --version)" = "plateau-stage $version"
check "minimap2 is in the image (plateau-assemble evaluate runs it)" run "$image" minimap2 --version
# podman waits 20 s for a container's exit when conmon's cleanup fails (a runroot over 50
# characters did that): a trivial run must come back at once.
t0=$(date +%s%N); run "$image" true; ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "podman run --rm of a trivial command returns in ${ms} ms (< 5 s)" test "$ms" -lt 5000
missing=$(run "$image" sh -c 'for t in /usr/local/bin/*; do ldd "$t" | grep "not found" | sed "s#^#$t: #"; done')
check "every tool's shared libraries resolve in the image${missing:+ (missing: $missing)}" test -z "$missing"
tools_host=$(installed_tools)
tools_image=$(run "$image" ls /usr/local/bin | sort | tr '\n' ' ')
check "the image has every installed tool ($tools_host)" test "$tools_host" = "$tools_image"

# ---- a real run, inside and outside, on Debian's data ---------------------------------------------
qc_prepare "$WORK/w"
run -v "$WORK/w:/w" -w /w/ctr "$image" bash -c "$QC_PE && $QC_SE" 2>/dev/null
qc_compare "$WORK/w" "inside the image"
cp "$(debfile r-bioc-dada2 usr/lib/R/site-library/dada2/extdata/sam1F.fastq.gz)" "$WORK/w/data/sam1F.fq.gz" || exit 1
chmod a+r "$WORK/w/data/sam1F.fq.gz"
# plateau-amplicon: derep, cluster, per-sample chimera removal and the table on dada2's MiSeq
# reads, inside and outside.
amp="plateau-amplicon derep --quiet --sample s1=../data/sam1F.fq.gz --relabel_sha1 -o amp.derep.fa --counts amp.counts.tsv \
  && plateau-amplicon cluster --quiet -d 1 -f -z -t 2 -o amp.swarms -s amp.stats -w amp.seeds.fa amp.derep.fa \
  && plateau-amplicon chimera --quiet -t 2 amp.derep.fa --counts amp.counts.tsv --nonchimeras amp.nonchim.fa \
       --uchimeout amp.uchime.tsv --counts-out amp.counts.nochim.tsv \
  && plateau-amplicon table --quiet --clusters amp.swarms --fasta amp.derep.fa --counts amp.counts.tsv \
       --biom amp.biom --tsv amp.abundance.tsv --seeds amp.table.seeds.fa"
(cd "$WORK/w/host" && PATH=$PLATEAU_BIN:$PATH bash -c "$amp" 2>/dev/null)
run -v "$WORK/w:/w" -w /w/ctr "$image" bash -c "$amp" 2>/dev/null
for f in amp.derep.fa amp.counts.tsv amp.swarms amp.stats amp.seeds.fa amp.nonchim.fa amp.uchime.tsv amp.counts.nochim.tsv \
         amp.abundance.tsv amp.table.seeds.fa; do
  check "plateau-amplicon's $f is byte-identical inside the image and on the host" cmp -s "$WORK/w/host/$f" "$WORK/w/ctr/$f"
done
run -v "$WORK/w:/w" -w /w/ctr "$image" plateau-qc -i ../data/missing.fq -o x.fq 2> "$WORK/err.txt"; rc=$?
check "a bad input inside the image exits 1 with one error line" test "$rc" -eq 1 -a "$(wc -l < "$WORK/err.txt")" -eq 1

# ---- the archive users get: loads into an empty store and runs ----------------------------------
# A second store of its own (local-env.sh with another folder), used in subshells.
in_empty_store() ( PLATEAU_CONTAINER_DIR=$WORK/store; source "$SRC/containers/local-env.sh"; "$@" )
loaded=$(in_empty_store podman load -q -i "$archive" 2>&1)
name=$(sed -n 's/^Loaded image[^:]*: *//p' <<<"$loaded" | head -n 1)
check "the docker archive loads into an empty store as $name" test -n "$name"
check "the loaded image runs plateau-qc" test "$(in_empty_store podman run --rm "$name" plateau-qc --version)" = "plateau-qc $version"
wrapper_image=$(sed -n 's#.*<token name="@CONTAINER_IMAGE@">\([^<]*\)</token>.*#\1#p' "$SRC/galaxy-wrappers/macros.xml"):$version
check "the archive is tagged as the wrappers' container ($wrapper_image)" grep -qF "$wrapper_image" <<<"$name"
# Its images and per-boot folder go now; the store itself is under $WORK, removed on exit.
in_empty_store eval 'podman rmi -a -f >/dev/null 2>&1; rm -rf "$ctrun"'

# ---- Galaxy jobs inside the image ---------------------------------------------------------------
out=$("$PY" "$SRC/tests/galaxy/gxtest.py" --container "$image" "$SRC/galaxy-wrappers" 2>&1)
check "Galaxy wrapper tests pass with jobs run in the image: $(tail -n 1 <<<"$out")" grep -q ' 0 failed$' <<<"$out"
grep '^FAIL' -A3 <<<"$out"

# ---- Apptainer definition (no Apptainer on bookworm: structure only) -----------------------------
def=$SRC/containers/plateau.def
check "plateau.def bootstraps from the docker archive" grep -q '^Bootstrap: docker-archive' "$def"
for section in '%arguments' '%runscript' '%test' '%labels' '%help'; do
  check "plateau.def has $section" grep -q "^$section" "$def"
done
def_test_runs_version() { sed -n '/^%test/,/^%/p' "$def" | grep -q 'plateau-qc --version'; }
check "plateau.def's %test runs plateau-qc --version" def_test_runs_version
def_test_runs_amplicon() { sed -n '/^%test/,/^%/p' "$def" | grep -q '^ *plateau-amplicon cluster '; }
check "plateau.def's %test runs a plateau-amplicon clustering" def_test_runs_amplicon
# Its %test body, run by sh in the image as the SIF's /.singularity.d/test runs it.
sed -n '/^%test/,/^%/{/^%/d;s/^    //;p}' "$def" > "$WORK/w/def-test.sh"
chmod a+r "$WORK/w/def-test.sh"
run -v "$WORK/w:/w" "$image" sh /w/def-test.sh > "$WORK/def-test.out" 2>&1; rc=$?
check "plateau.def's %test passes inside the image (exit $rc: $(tail -n 1 "$WORK/def-test.out"))" test "$rc" -eq 0

finish
