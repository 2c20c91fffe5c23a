#!/usr/bin/env bash
# cluster vs swarm 3.1.2 byte for byte on synthetic amplicons from bench/amplicon/simulate.py
# (mutation tree of 300 true 253-nt sequences, log-normal abundances, 0.4 % substitution and indel
# errors, 20,000 reads, about 11,500 uniques), with and without -z and -f, and -b 5.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swarm_lib.bash"
"$PY" "$SRC/bench/amplicon/simulate.py" --true 300 --reads 20000 --seed 11 --out "$WORK/reads.fa"
"$TOOL_BIN" derep --quiet --sample s="$WORK/reads.fa" --relabel_sha1 -o "$WORK/derep.fa" || { fail "derep"; finish; exit; }
compare_all_modes synthetic "$WORK/derep.fa"
compare_with_swarm synthetic.f.b5 "$WORK/derep.fa" -d 1 -f -z -b 5
finish
