#!/usr/bin/env bash
# primers and filter write the same bytes at 1 and 4 threads (plain and gzip outputs), on an input
# of many batches, and report the same counts.
source "$(dirname "$0")/../lib.sh"
F515=GTGCCAGCMGCCGCGGTAA
R806RC=ATTAGAWACCCBDGTAGTCC
$PY "$SRC/tests/cli/amplicon/make_primer_reads.py" 7 30000 $F515 $R806RC | gzip -1 > "$WORK/reads.fq.gz"
same() {  # NAME SUBCOMMAND OPTIONS...
  local name=$1; shift
  for ext in fq fq.gz; do
    for t in 1 4; do
      "$TOOL_BIN" "$@" --threads $t -o "$WORK/$name.t$t.$ext" "$WORK/reads.fq.gz" 2> "$WORK/$name.t$t.log" \
        || { fail "$name at $t threads: $(cat "$WORK/$name.t$t.log")"; return; }
      sed -i 's/;.*//' "$WORK/$name.t$t.log"  # drop the times
    done
    if cmp -s "$WORK/$name.t1.$ext" "$WORK/$name.t4.$ext" && cmp -s "$WORK/$name.t1.log" "$WORK/$name.t4.log" \
      && [ -s "$WORK/$name.t1.$ext" ]; then
      pass "$name ($ext): same bytes and counts at 1 and 4 threads"
    else
      fail "$name ($ext): outputs or counts differ between 1 and 4 threads"
    fi
  done
}
same primers primers -g $F515 -a $R806RC
same primers_revcomp primers --revcomp -e 0.2 -O 3 -g $F515 -a $R806RC
same filter filter --min-length 150 --max-length 300 --max-ns 0 --max-ee 25
finish
