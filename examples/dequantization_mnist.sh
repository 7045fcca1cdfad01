#!/usr/bin/env bash
# Uniform against variational dequantisation (Flow++) on mnist10k: the same Glow trained for the
# same steps, once on k + u with u uniform and once with u drawn from a flow conditioned on the
# image, q(u | k), trained jointly by the same bound; and uniform again for twice the steps, about
# the variational run's training time. Each figure is a lower bound on the discrete
# log-likelihood log P(k); `eval --k K` also gives the importance-weighted bound from K noise draws
# per image (iw_bits_per_dim), which sits nearer log P(k) and so shows how much of each model's
# figure is the looseness of its noise. `dgm4j compare` puts the bits/dim curves (against training
# time: the conditional flow costs time each step), the figures and the samples side by side.
#
# Usage: examples/dequantization_mnist.sh    (about 10 minutes on 2 cores)
#   or:  STEPS=1000 K=16 OUT=runs/dequantization examples/dequantization_mnist.sh
# Smoke run: STEPS=10 K=2 examples/dequantization_mnist.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-1000}"
K="${K:-16}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/dequantization}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

runs=(uniform variational uniform-2x)

for r in "${runs[@]}"; do
  if [ -e "$OUT/$r" ]; then echo "dequantization_mnist.sh: '$OUT/$r' already exists: set OUT to a new folder" >&2; exit 1; fi
done
train() {  # train KIND STEPS FOLDER
  "$dgm4j" train --model glow --data mnist10k --steps "$2" --batch-size 64 --seed "$SEED" \
    --eval-every $(( STEPS / 10 > 0 ? STEPS / 10 : 1 )) --opt dequantization="$1" --out "$OUT/$3"
}
train uniform "$STEPS" uniform
train variational "$STEPS" variational
# the variational dequantiser's nets take about as long per step as the Glow itself: uniform
# noise for twice the steps is the comparison at about equal training time
train uniform $(( 2 * STEPS )) uniform-2x
for r in "${runs[@]}"; do
  echo "eval $r, K = $K ..." >&2
  "$dgm4j" eval "$OUT/$r" --k "$K"
done
"$dgm4j" compare "${runs[@]/#/$OUT/}" --x seconds --out "$OUT/comparison"
