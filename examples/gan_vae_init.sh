#!/usr/bin/env bash
# A GAN generator initialised from a trained VAE decoder against the same generator from random
# weights, as in the course material's reference runs: a 784-400-20 VAE trained for 10 epochs on
# mnist10k, a second one stopped after 1 step (the same architecture at PyTorch's default
# initialisation, "random"), then the MLP GAN (`--opt init-from=RUN`, the VAE's decoder as its
# generator) trained from each for the same budget and put side by side by `dgm4j compare`
# (Fréchet distance, class coverage and entropy over training, samples).
#
# Usage: examples/gan_vae_init.sh            (about 5 minutes on 2 cores)
#   or:  STEPS=1000 OUT=runs/gan-vae-init examples/gan_vae_init.sh
# Smoke run: STEPS=20 VAE_EPOCHS=1 examples/gan_vae_init.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-1000}"
VAE_EPOCHS="${VAE_EPOCHS:-10}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/gan-vae-init}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

for m in vae-trained vae-1-step gan-from-vae gan-from-random; do
  if [ -e "$OUT/$m" ]; then echo "gan_vae_init.sh: '$OUT/$m' already exists: set OUT to a new folder" >&2; exit 1; fi
done
vae=(--model vae --data mnist10k --latent 20 --hidden 400 --depth 1 --batch-size 128 --seed "$SEED")
"$dgm4j" train "${vae[@]}" --epochs "$VAE_EPOCHS" --out "$OUT/vae-trained"
"$dgm4j" train "${vae[@]}" --steps 1 --eval-every 1 --out "$OUT/vae-1-step"
gan=(--model gan --data mnist10k --steps "$STEPS" --batch-size 64 --seed "$SEED" --eval-every $(( STEPS / 4 > 0 ? STEPS / 4 : 1 )))
"$dgm4j" train "${gan[@]}" --opt init-from="$OUT/vae-trained" --out "$OUT/gan-from-vae"
"$dgm4j" train "${gan[@]}" --opt init-from="$OUT/vae-1-step" --out "$OUT/gan-from-random"
"$dgm4j" compare "$OUT/gan-from-vae" "$OUT/gan-from-random" --out "$OUT/comparison"
