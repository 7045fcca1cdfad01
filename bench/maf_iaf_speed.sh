#!/usr/bin/env bash
# The MAF/IAF speed asymmetry, dgm4j beside the PyTorch reference (bench/reference/maf_iaf_speed.py).
# Trains a small MAF and IAF by maximum likelihood on 2-D moons and on a 16-D Gaussian mixture
# (a CSV made here), then prints, for each, the time to draw 1000 samples and to score 1000
# points: MAF scores in one pass and samples in D; IAF the other way round.
#
# Usage: bench/maf_iaf_speed.sh [--steps N]   (or STEPS=300 bench/maf_iaf_speed.sh)
# Other environment: PYTHON (default /usr/bin/python3), THREADS (default 1).
# Writes everything under bench/out/maf_iaf_speed/ (git-ignored); the table also goes to
# bench/out/maf_iaf_speed.md. Timings need an idle machine to mean anything.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-300}"
THREADS="${THREADS:-1}"
PYTHON="${PYTHON:-/usr/bin/python3}"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "maf_iaf_speed.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for v in STEPS THREADS; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "maf_iaf_speed.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done
if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  echo "maf_iaf_speed.sh: $PYTHON cannot import torch and numpy; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

# Both sides: 5 MADE layers of one hidden layer of 128 ReLU units, natural order with reversals.
LAYERS=5 HIDDEN=128 DEPTH=1 BATCH=256 SEED=0
dgm4j="$root/bin/dgm4j"
ref="$root/bench/reference/maf_iaf_speed.py"
out="$root/bench/out/maf_iaf_speed"
md="$root/bench/out/maf_iaf_speed.md"
rm -rf "$out"
mkdir -p "$out/runs" "$out/logs"

echo "== building dgm4j (not timed)"
"$dgm4j" --version

# 16-D mixture of 8 Gaussians with random means (std 3) and unit-ish scales, 10000 rows.
mixture="$out/mixture16.csv"
"$PYTHON" - "$mixture" <<'EOF_PY'
import sys
import numpy as np
rng = np.random.default_rng(0)
d, k, n = 16, 8, 10000
means = rng.normal(scale=3.0, size=(k, d))
scales = rng.uniform(0.3, 1.0, size=(k, d))
c = rng.integers(k, size=n)
x = means[c] + scales[c] * rng.normal(size=(n, d))
np.savetxt(sys.argv[1], x, delimiter=",", header=",".join(f"x{i}" for i in range(d)), comments="", fmt="%.6g")
EOF_PY

results="$out/results.tsv"
printf 'impl\tdata\tdim\tmodel\tsample_ms_per_1000\tdensity_ms_per_1000\tval_nll_nats\ttrain_steps_per_s\n' > "$results"

for data in moons "$mixture"; do
  name="$(basename "$data" .csv)"
  for model in maf iaf; do
    dir="$out/runs/$model-$name" log="$out/logs/$model-$name.log"
    echo "== dgm4j: train $model on $name ($STEPS steps)"
    "$dgm4j" train --model "$model" --data "$data" --steps "$STEPS" --batch-size "$BATCH" --seed "$SEED" \
      --layers "$LAYERS" --hidden "$HIDDEN" --depth "$DEPTH" --eval-every "$STEPS" --threads "$THREADS" \
      --out "$dir" > "$log" 2>&1 || { echo "dgm4j train failed, see $log:" >&2; tail -5 "$log" >&2; exit 1; }
    "$dgm4j" eval --run "$dir" --timing --json --threads "$THREADS" > "$dir/timing.json" 2>> "$log" \
      || { echo "dgm4j eval failed, see $log" >&2; exit 1; }
    "$PYTHON" - "$dir" "$model" "$name" >> "$results" <<'EOF_PY'
import json, sys
run, model, name = sys.argv[1:]
t = json.load(open(f"{run}/timing.json")); s = json.load(open(f"{run}/summary.json"))
d = json.load(open(f"{run}/config.json"))["data_shape"][0]
print(f"dgm4j\t{name}\t{d}\t{model}\t{t['sample_ms_per_1000']!r}\t{t['density_ms_per_1000']!r}\t{t['nll_nats']!r}\t{s['steps_per_second']!r}")
EOF_PY
  done
  dim="$(awk -F'\t' -v n="$name" '$2 == n {print $3; exit}' "$results")"
  echo "== python reference: dim $dim (untrained weights: timings do not depend on them)"
  OPENBLAS_NUM_THREADS=1 "$PYTHON" "$ref" --dim "$dim" --layers "$LAYERS" --hidden "$HIDDEN" --depth "$DEPTH" \
    --seed "$SEED" --threads "$THREADS" > "$out/logs/python-$name.log" 2>&1 \
    || { echo "python reference failed, see $out/logs/python-$name.log" >&2; exit 1; }
  for model in maf iaf; do
    s="$(awk -v m="$model" '$1 == m && $2 == "sample_ms_per_1000:" {print $3}' "$out/logs/python-$name.log")"
    p="$(awk -v m="$model" '$1 == m && $2 == "density_ms_per_1000:" {print $3}' "$out/logs/python-$name.log")"
    printf 'python\t%s\t%s\t%s\t%s\t%s\t\t\n' "$name" "$dim" "$model" "$s" "$p" >> "$results"
  done
done

{
  echo "# MAF vs IAF: sampling and density time"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load: $(uptime | sed 's/.*load average: //')"
  echo "Settings: $LAYERS layers, MADE 1x$HIDDEN ReLU, natural order; dgm4j trained $STEPS steps (batch $BATCH) by maximum"
  echo "likelihood; batches of 1000, median of 21 after a warm-up of 50 calls or 2 s; threads $THREADS (OpenBLAS 1)."
  echo
  echo "| impl | data | D | model | sample ms/1000 | density ms/1000 | held-out NLL (nats) | train steps/s |"
  echo "|---|---|---:|---|---:|---:|---:|---:|"
  tail -n +2 "$results" | awk -F'\t' '{printf "| %s | %s | %s | %s | %.2f | %.2f | %s | %s |\n", $1, $2, $3, $4, $5, $6, ($7 == "" ? "" : sprintf("%.3f", $7)), ($8 == "" ? "" : sprintf("%.1f", $8))}'
  echo
  echo "MAF samples in D passes per layer and scores in one; IAF the reverse. Raw figures: $results."
} > "$md"
cat "$md"
