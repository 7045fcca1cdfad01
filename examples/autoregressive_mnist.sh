#!/usr/bin/env bash
# The course material's autoregressive models on binarised MNIST: NADE (500 hidden units, weights
# shared across the conditionals), MADE (one masked MLP of 500 units, natural order) and PixelCNN
# (32 channels, mask A 7x7 and 4 residual mask-B blocks), same epochs, Adam 1e-3, dynamic
# binarisation for training; each judged by its exact held-out NLL (one fixed binarisation) and by
# 1000 samples drawn pixel by pixel (eval --sample-quality: Fréchet distance in the digit CNN's
# features, class coverage), side by side in a `dgm4j compare` page with the sample grids. Each
# run's report shows its samples as every pixel's conditional probability.
#
# Usage: examples/autoregressive_mnist.sh          (about 12 minutes on 2 cores)
#   or:  EPOCHS=10 OUT=runs/autoregressive examples/autoregressive_mnist.sh
# Smoke run: EPOCHS=1 MODELS=nade examples/autoregressive_mnist.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
EPOCHS="${EPOCHS:-10}"
SEED="${SEED:-0}"
MODELS="${MODELS:-nade made pixelcnn}"
OUT="${OUT:-runs/autoregressive-mnist}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

for m in $MODELS; do
  case "$m" in nade|made|pixelcnn) ;; *) echo "autoregressive_mnist.sh: MODELS may name nade, made and pixelcnn (got '$m')" >&2; exit 2 ;; esac
  if [ -e "$OUT/$m" ]; then echo "autoregressive_mnist.sh: '$OUT/$m' already exists: set OUT to a new folder" >&2; exit 1; fi
done
runs=()
for m in $MODELS; do
  batch=$([ "$m" = pixelcnn ] && echo 64 || echo 100)
  "$dgm4j" train --model "$m" --data mnist10k --epochs "$EPOCHS" --batch-size "$batch" --lr 1e-3 \
    --seed "$SEED" --out "$OUT/$m"
  "$dgm4j" eval "$OUT/$m" --sample-quality
  runs+=("$OUT/$m")
done
"$dgm4j" compare "${runs[@]}" --out "$OUT/comparison"
