#!/usr/bin/env bash
# Does a second layer help? The course material's deep belief network on MNIST: an RBM of 500 binary hidden
# units (CD-1) against a DBN that keeps such an RBM as its bottom layer and stacks a second RBM of 500 units
# on the hidden units it infers (greedy layer-wise training, Hinton et al. 2006). Same bottom-layer budget,
# batch and seed. Judged by AIS (the RBM: its held-out NLL; the DBN: AIS for its top RBM, then the
# variational bound elbo_nats and the importance-weighted bound iwae_nll_nats with the RBMs' hidden
# conditionals as the proposal, Salakhutdinov & Murray 2008) and by samples (eval --sample-quality), side by
# side in a `dgm4j compare` page.
#
# Usage: examples/rbm_vs_dbn.sh             (about 10 minutes on 2 cores)
#   or:  EPOCHS=10 K=1000 OUT=runs/rbm-vs-dbn examples/rbm_vs_dbn.sh
# EPOCHS is each layer's budget (80 steps of 100 per epoch); the DBN trains 2 x EPOCHS in all. SGD 0.1 with
# momentum 0.5 (the families' default).
# Smoke run: EPOCHS=1 TEMPERATURES=100 K=10 examples/rbm_vs_dbn.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
EPOCHS="${EPOCHS:-10}"
K="${K:-1000}"
TEMPERATURES="${TEMPERATURES:-10000}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/rbm-vs-dbn}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

if [ -e "$OUT/rbm" ] || [ -e "$OUT/dbn" ]; then
  echo "rbm_vs_dbn.sh: '$OUT' already holds runs: set OUT to a new folder" >&2
  exit 1
fi
common=(--data mnist10k --batch-size 100 --seed "$SEED")
"$dgm4j" train --model rbm "${common[@]}" --epochs "$EPOCHS" --hidden 500 --out "$OUT/rbm"
"$dgm4j" train --model dbn "${common[@]}" --epochs $((2 * EPOCHS)) --opt units=500,500 \
  --opt layer-steps=$((80 * EPOCHS)) --out "$OUT/dbn"
"$dgm4j" eval "$OUT/rbm" --ais-temperatures "$TEMPERATURES" --sample-quality
"$dgm4j" eval "$OUT/dbn" --ais-temperatures "$TEMPERATURES" --k "$K" --sample-quality
"$dgm4j" compare "$OUT/rbm" "$OUT/dbn" --out "$OUT/comparison"
