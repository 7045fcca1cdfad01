#!/usr/bin/env bash
# The minimax GAN loss against the non-saturating one, as the course material sets them side by
# side: the same MLP GAN on mnist10k trained with the non-saturating generator loss (`gan`) and
# with the minimax loss (`gan-minimax`), same seed, budget and optimizer, compared by
# `dgm4j compare`: losses, the generator's gradient norm (train_g_grad_norm), the critic's mean
# D(G(z)) on fresh samples (val_d_fake) and the sample metrics over training.
#
# The minimax generator's gradient vanishes once the discriminator rejects its samples
# confidently. The defaults set that up as in the original GAN paper: plain SGD with momentum,
# whose step shrinks with the gradient, and a discriminator strong enough to win early (no dropout,
# 5 updates per generator update). OPTIMIZER=adam shows the other half of the story: Adam divides
# each step by the gradient's own running scale, so the minimax run's smaller gradient no longer
# stops it (see the README's status table for the measured figures of both).
#
# Usage: examples/gan_losses.sh              (about 2 minutes on 2 cores)
#   or:  OPTIMIZER=adam OUT=runs/gan-losses-adam examples/gan_losses.sh
#   or:  STEPS=1000 CRITIC_STEPS=1 DROPOUT=0.3 examples/gan_losses.sh   (the issue's MLP GAN as it is)
# LR and MOMENTUM default to SGD's 0.02 and 0.5; with OPTIMIZER=adam to the GAN family's Adam
# (2e-4, betas 0.5,0.999) and no momentum.
# Smoke run: STEPS=20 examples/gan_losses.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-2000}"
CRITIC_STEPS="${CRITIC_STEPS:-5}"
DROPOUT="${DROPOUT:-0}"
OPTIMIZER="${OPTIMIZER:-sgd}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/gan-losses}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

optimizer=(--optimizer "$OPTIMIZER")
if [ "$OPTIMIZER" = sgd ]; then
  optimizer+=(--lr "${LR:-0.02}" --momentum "${MOMENTUM:-0.5}")
elif [ -n "${LR:-}" ]; then
  optimizer+=(--lr "$LR")
fi
for m in gan gan-minimax; do
  if [ -e "$OUT/$m" ]; then echo "gan_losses.sh: '$OUT/$m' already exists: set OUT to a new folder" >&2; exit 1; fi
done
for m in gan gan-minimax; do
  "$dgm4j" train --model "$m" --data mnist10k --steps "$STEPS" --batch-size 64 --seed "$SEED" "${optimizer[@]}" \
    --opt critic-steps="$CRITIC_STEPS" --opt dropout="$DROPOUT" --eval-every $(( STEPS / 20 > 0 ? STEPS / 20 : 1 )) --out "$OUT/$m"
done
"$dgm4j" compare "$OUT/gan" "$OUT/gan-minimax" --out "$OUT/comparison"
