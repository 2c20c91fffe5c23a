# Helpers for the amplicon CLI tests that compare with swarm 3.1.2 (sourced after ../lib.sh).
command -v swarm >/dev/null || { echo "swarm is not installed (scripts/install-deps.sh test)"; exit 1; }
swarm --version 2>&1 | grep -q 'Swarm 3.1.2' || { echo "swarm 3.1.2 expected, found: $(swarm --version 2>&1 | head -1)"; exit 1; }

# compare_with_swarm NAME INPUT [swarm options...]: runs both tools with -o -s -w -u -i and the
# options, and checks each output byte for byte (and plateau at -t 1 and -t 4).
compare_with_swarm() {
  local name=$1 input=$2; shift 2
  local dir=$WORK/$name
  mkdir -p "$dir"
  swarm -t 2 "$@" -o "$dir/s.o" -s "$dir/s.s" -w "$dir/s.w" -u "$dir/s.u" -i "$dir/s.i" "$input" 2> "$dir/swarm.log" \
    || { fail "$name: swarm failed: $(tail -1 "$dir/swarm.log")"; return; }
  local t
  for t in 1 4; do
    "$TOOL_BIN" cluster --quiet -t "$t" "$@" -o "$dir/p$t.o" -s "$dir/p$t.s" -w "$dir/p$t.w" -u "$dir/p$t.u" \
      -i "$dir/p$t.i" "$input" 2> "$dir/plateau.log" || { fail "$name: plateau-amplicon failed: $(cat "$dir/plateau.log")"; return; }
  done
  local x bad=""
  for x in o s w u i; do
    cmp -s "$dir/s.$x" "$dir/p1.$x" || bad+=" -$x"
    cmp -s "$dir/p1.$x" "$dir/p4.$x" || bad+=" -$x(threads)"
  done
  if [ -z "$bad" ]; then
    pass "$name ($*): -o -s -w -u -i identical to swarm 3.1.2 ($(wc -l < "$dir/s.o") swarms), same at -t 1 and 4"
  else
    fail "$name ($*): differs:$bad"
  fi
}

# ;size=N anywhere in a header -> the header without it, then _N (swarm's default style).
to_swarm_style() {
  awk '/^>/ { if (match($0, /(>|;)size=[0-9]+(;|$)/)) { a = substr($0, RSTART, RLENGTH); n = a; gsub(/[^0-9]/, "", n);
                keep = (substr(a, 1, 1) == ">") ? ">" : ";"; if (substr(a, RLENGTH, 1) != ";" || keep == ">") keep = (keep == ">") ? ">" : "";
                h = substr($0, 1, RSTART - 1) keep substr($0, RSTART + RLENGTH); sub(/;$/, "", h); print h "_" n; next } } { print }' "$1"
}

# All four combinations of -z and -f on a file with ;size= annotations (an _N copy is made).
compare_all_modes() {
  local name=$1 usearch_input=$2 swarm_input=$WORK/$1.swarm.fa
  to_swarm_style "$usearch_input" > "$swarm_input"
  compare_with_swarm "$name.d1" "$swarm_input" -d 1
  compare_with_swarm "$name.d1.f" "$swarm_input" -d 1 -f
  compare_with_swarm "$name.d1.z" "$usearch_input" -d 1 -z
  compare_with_swarm "$name.d1.f.z" "$usearch_input" -d 1 -f -z
}
