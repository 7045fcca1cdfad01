#!/usr/bin/env bash
# The course material's "comparison of approaches" on MNIST: a flow (Glow), a VAE, a Helmholtz
# machine and a GAN (DCGAN) trained on mnist10k at small budgets, each judged by its own likelihood
# figure where it has one (bits/dim; the IWAE bound) and all by the same sample metrics (Fréchet
# distance in dgm4j's digit classifier's features, class coverage, class entropy; 1000 samples
# each), then put side by side by `dgm4j compare`.
#
# Usage: examples/mnist_families.sh          (about 9 minutes on 2 cores)
#   or:  K=1000 OUT=runs/mnist-families examples/mnist_families.sh
# Smoke run: SCALE=0.05 K=10 examples/mnist_families.sh   (SCALE multiplies every training budget)
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
K="${K:-1000}"
SEED="${SEED:-0}"
SCALE="${SCALE:-1}"
OUT="${OUT:-runs/mnist-families}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"
steps() { awk -v n="$1" -v s="$SCALE" 'BEGIN { v = int(n * s); print (v < 2 ? 2 : v) }'; }

for m in glow vae helmholtz dcgan; do
  if [ -e "$OUT/$m" ]; then echo "mnist_families.sh: '$OUT/$m' already exists: set OUT to a new folder" >&2; exit 1; fi
done
common=(--data mnist10k --seed "$SEED")
"$dgm4j" train --model glow "${common[@]}" --steps "$(steps 600)" --batch-size 64 --out "$OUT/glow"
"$dgm4j" train --model vae "${common[@]}" --steps "$(steps 1240)" --batch-size 128 --out "$OUT/vae"
"$dgm4j" train --model helmholtz "${common[@]}" --steps "$(steps 1240)" --batch-size 128 --out "$OUT/helmholtz"
"$dgm4j" train --model dcgan "${common[@]}" --steps "$(steps 1000)" --batch-size 64 --out "$OUT/dcgan"
for m in glow vae helmholtz dcgan; do
  echo "eval $m ..." >&2
  "$dgm4j" eval "$OUT/$m" --k "$K" --sample-quality
done
"$dgm4j" compare "$OUT/glow" "$OUT/vae" "$OUT/helmholtz" "$OUT/dcgan" --out "$OUT/comparison"
