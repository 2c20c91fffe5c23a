#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs the main job.
# Until plateau-gateway lands, the main job is plateau-qc on the bundled demo pairs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh" build
bash "$root/scripts/build.sh"
out=${DEMO_OUT:-$root/build/demo}
mkdir -p "$out"
"$root/build/bin/plateau-qc" --threads 2 \
  -i "$root/demo/demo_R1.fq.gz" -I "$root/demo/demo_R2.fq.gz" \
  -o "$out/demo_R1.trimmed.fq.gz" -O "$out/demo_R2.trimmed.fq.gz" \
  -j "$out/demo.fastp.json" --html "$out/demo.html" -R "Plateau demo (lambda phage pairs with adapters)"
echo
echo "Demo done. Reports:"
echo "  HTML: $out/demo.html (self-contained, open it in any browser)"
echo "  JSON: $out/demo.fastp.json (MultiQC reads it: multiqc $out)"
echo "  Trimmed reads: $out/demo_R1.trimmed.fq.gz $out/demo_R2.trimmed.fq.gz"
