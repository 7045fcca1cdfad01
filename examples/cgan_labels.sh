#!/usr/bin/env bash
# A conditional GAN on mnist10k (the MLP cgan: generator and critic both see the one-hot label; NET=dcgan
# for the DCGAN nets, whose critic sees the label as 10 constant planes beside the image), and
# how well it obeys its labels: training logs val_label_accuracy, the share of samples that dgm4j's digit
# classifier reads as the digit they were drawn for (0.1 for a generator that ignores its labels); the
# report's samples.png shows a row per class and label_confusion.png what the classifier reads for each
# label; then one grid per digit with `sample --label K` and a walk within class 3 with
# `interpolate --label 3`.
#
# Usage: examples/cgan_labels.sh             (about 3 minutes on 2 cores)
#   or:  STEPS=3000 OUT=runs/cgan examples/cgan_labels.sh
#   or:  NET=dcgan STEPS=1500 OUT=runs/cgan-dcgan examples/cgan_labels.sh   (about 10 minutes)
# Smoke run: STEPS=40 examples/cgan_labels.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-3000}"
SEED="${SEED:-0}"
NET="${NET:-mlp}"
OUT="${OUT:-runs/cgan}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

if [ -e "$OUT" ]; then echo "cgan_labels.sh: '$OUT' already exists: set OUT to a new folder" >&2; exit 1; fi
"$dgm4j" train --model cgan --opt net="$NET" --data mnist10k --steps "$STEPS" --batch-size 64 --seed "$SEED" \
  --eval-every $(( STEPS / 4 > 0 ? STEPS / 4 : 1 )) --out "$OUT"
mkdir -p "$OUT/by-label"
for k in 0 1 2 3 4 5 6 7 8 9; do
  "$dgm4j" sample --run "$OUT" --label "$k" -n 16 --out "$OUT/by-label/digit-$k.png" > /dev/null
done
"$dgm4j" interpolate --run "$OUT" --label 3 --out "$OUT/by-label/walk-in-class-3.png"
"$dgm4j" eval --run "$OUT" | grep -E '^val_(frechet_distance|class_coverage|class_entropy|label_accuracy):'
echo "pictures: $OUT/samples.png (a row per class), $OUT/label_confusion.png, $OUT/by-label/; report: $OUT/report.html"
