#!/usr/bin/env bash
# The minimax GAN loss against the non-saturating one, as the course material sets them side by
# side: the same MLP GAN on mnist10k trained with the non-saturating generator loss (`gan`) and
# with the minimax loss (`gan-minimax`), same seed and budget, compared by `dgm4j compare`:
# generator and critic losses, the critic's mean D(G(z)) on fresh samples (val_d_fake) and the
# sample metrics over training. The minimax generator's gradient vanishes where D(G(z)) is near 0
# (AdversarialTrainingTest shows it); watch val_d_fake to see whether a run gets there. With this
# MLP (dropout 0.3 in the discriminator) it does not: see the README's status table.
#
# Usage: examples/gan_losses.sh              (about 3 minutes on 2 cores)
#   or:  STEPS=1000 CRITIC_STEPS=1 OUT=runs/gan-losses examples/gan_losses.sh
# CRITIC_STEPS: discriminator updates per generator update (more make it stronger, sooner).
# Smoke run: STEPS=20 examples/gan_losses.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-1000}"
CRITIC_STEPS="${CRITIC_STEPS:-1}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/gan-losses}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

for m in gan gan-minimax; do
  if [ -e "$OUT/$m" ]; then echo "gan_losses.sh: '$OUT/$m' already exists: set OUT to a new folder" >&2; exit 1; fi
done
for m in gan gan-minimax; do
  "$dgm4j" train --model "$m" --data mnist10k --steps "$STEPS" --batch-size 64 --seed "$SEED" --opt critic-steps="$CRITIC_STEPS" \
    --eval-every $(( STEPS / 10 > 0 ? STEPS / 10 : 1 )) --out "$OUT/$m"
done
"$dgm4j" compare "$OUT/gan" "$OUT/gan-minimax" --out "$OUT/comparison"
