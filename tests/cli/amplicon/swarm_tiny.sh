#!/usr/bin/env bash
# cluster vs swarm 3.1.2 byte for byte on hand-made sets: abundance ties broken by strcmp of the
# whole header (A1_5 before A_5), equal -w masses, a parent found by two members of a generation,
# no link to a more abundant neighbour, grafts (a light swarm two edits away, a light amplicon
# reachable from two heavy ones: the smaller index wins, two members of one light swarm: one graft),
# boundary values, -z headers with extra fields, lower case and U, sequences of different lengths.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swarm_lib.bash"

cat > "$WORK/ties.fa" <<'FASTA'
>A_5
ACGTACGTACGTACGTACGT
>A1_5
ACGTACGTACGTACGTACGA
>B_5
TTTTACGTACGTACGTACGT
>C_3
TTTTACGTACGTACGTACGA
>D_3
ACGTACGTACGTACGTACGG
>E_10
GGGGGGGGCCCCCCCCAAAA
>F_10
GGGGGGGGCCCCCCCCAAAT
>G_1
GGGGGGGGCCCCCCCCAATT
>H_1
acgtacgtacgtacgtuuuu
>I_2
ACGTACGTACGTACGTTTTA
>J_1
ACGTACGTACGTACGTACCC
>K_1
TTTTACGTACGTACGTAGGA
>L_1
CCCCCCCCCCCCCCCCCCCC
>M_1
CCCCCCCCCCCCCCCCCCCCC
>N_2
GGGGGGGGCCCCCCCCA
>O_1
GGGGGGGGCCCCCCCCATTT
FASTA
compare_with_swarm ties.d1 "$WORK/ties.fa" -d 1
compare_with_swarm ties.f "$WORK/ties.fa" -d 1 -f
compare_with_swarm ties.f.b2 "$WORK/ties.fa" -d 1 -f -b 2
compare_with_swarm ties.f.b20 "$WORK/ties.fa" -d 1 -f -b 20

# Grafts: heavy swarms H1 (index 0) and H2, light amplicons 2 edits from both, a light swarm of two
# members both within 2 edits of H2, a light amplicon 3 edits away (never grafted).
cat > "$WORK/grafts.fa" <<'FASTA'
>h1;size=50;
AAAAAAAAAACCCCCCCCCCGGGGGGGGGGTTTTTTTTTT
>h2;size=40;
AAAAAAAAAACCCCCCCCCCGGGGGGGGGGTTTTTTTTAA
>l1;size=2;
AAAAAAAAAACCCCCCCCCCGGGGGGGGGGTTTTTTTCAC
>l2;size=1;
AAAAAAAAAACCCCCCCCCCGGGGGGGGGGTTTTTTTCCC
>l3;size=1;
AAAAAAAAAACCCCGCCCCCGGGGGGGGGGTTTTTTTTAG
>l4;size=1;
ATAAAAAAAACCCCCCCCACGGGGGGGGGGTTGTTTTTTT
>l5;size=1;
AAAAAAAAAACCCCCCCCCCGGGGAGGGGGTTTTTTTTTTT
>l6;size=1;
AAAAAAAAAACCCCCCCCCGGGGGGGGGGTTTTTTTTTT
>size=2;l7;x=y
GAAAAAAAAACCCCCCCCCCGGGGGGGGGGTTTTTTTTAC
FASTA
compare_all_modes grafts "$WORK/grafts.fa"
finish
