#!/usr/bin/env bash
# The course material's side-by-side of a VAE and a Helmholtz machine (wake-sleep) on MNIST: both
# trained for the same epochs with the same batch size and learning rate, then both judged by the
# same importance-sampled estimate of log p(x) (`eval --k K`, each model's recognition network as
# the proposal), and put side by side by `dgm4j compare` (ELBO curves, figures table, samples).
#
# Usage: examples/vae_vs_helmholtz.sh        (about 9 minutes on 2 cores, most of it the K=5000 evals)
#   or:  EPOCHS=20 K=5000 OUT=runs/vae-vs-helmholtz examples/vae_vs_helmholtz.sh
# Smoke run: EPOCHS=1 K=10 examples/vae_vs_helmholtz.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
EPOCHS="${EPOCHS:-20}"
K="${K:-5000}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/vae-vs-helmholtz}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

if [ -e "$OUT/vae" ] || [ -e "$OUT/helmholtz" ]; then
  echo "vae_vs_helmholtz.sh: '$OUT' already holds runs: set OUT to a new folder" >&2
  exit 1
fi
common=(--data mnist10k --epochs "$EPOCHS" --batch-size 128 --lr 1e-3 --seed "$SEED")
"$dgm4j" train --model vae "${common[@]}" --out "$OUT/vae"
"$dgm4j" train --model helmholtz "${common[@]}" --out "$OUT/helmholtz"
for m in vae helmholtz; do
  echo "eval $m, K = $K ..." >&2
  "$dgm4j" eval "$OUT/$m" --k "$K"
done
"$dgm4j" compare "$OUT/vae" "$OUT/helmholtz" --out "$OUT/comparison"
