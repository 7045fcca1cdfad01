#!/usr/bin/env bash
# The finite flows of the course material on two moons, side by side: NICE (additive coupling),
# RealNVP (affine coupling), MAF and IAF (MADE, masked autoregressive), each trained by maximum
# likelihood for the same steps with the family's default size, then put side by side by
# `dgm4j compare` against training time: held-out NLL curves, figures (NLL, steps/s, parameters)
# and samples on shared axes. Each run's report.html also maps its learned density.
#
# Usage: examples/moons_flows.sh             (about 2 minutes on 2 cores)
#   or:  STEPS=3000 OUT=runs/moons-flows examples/moons_flows.sh
# Smoke run: STEPS=20 examples/moons_flows.sh
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-3000}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/moons-flows}"
dgm4j="$root/bin/dgm4j"
models=(nice realnvp maf iaf)

for m in "${models[@]}"; do
  if [ -e "$OUT/$m" ]; then echo "moons_flows.sh: '$OUT/$m' already exists: set OUT to a new folder" >&2; exit 1; fi
done
for m in "${models[@]}"; do
  "$dgm4j" train --model "$m" --data moons --steps "$STEPS" --seed "$SEED" \
    --eval-every $(( STEPS / 15 > 0 ? STEPS / 15 : 1 )) --out "$OUT/$m"
done
"$dgm4j" compare "${models[@]/#/$OUT/}" --x seconds --out "$OUT/comparison"
