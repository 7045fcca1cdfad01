#!/usr/bin/env bash
# Mode collapse on a 2-D Gaussian mixture, and two ways out of it, as the course material
# discusses them: the same generator and critic sizes, seed, budget and batch on DATA (25gaussians:
# 25 modes on a 5x5 grid; or 8gaussians), trained as
#   gan        the non-saturating GAN, which tends to cover a few modes and drop the rest;
#   gan-mbstd  the same with the minibatch standard deviation fed to the critic (--opt minibatch=std),
#              which lets the critic see a batch that lacks diversity;
#   cgan       the conditional GAN, told which mode (the data's label) each sample is for.
# compared by `dgm4j compare`: modes covered and high-quality fraction over training, the final
# samples on shared axes; the cgan run also shows samples_by_label.png and val_label_accuracy.
# (WGAN-GP, the other remedy of the course material, needs more steps here: its toy run is in
# bench/gans.sh, 8000 steps, and the README's status table.)
#
# Usage: examples/mode_collapse.sh                 (about 5 minutes on 2 cores)
#   or:  DATA=8gaussians OUT=runs/mode-collapse-8 examples/mode_collapse.sh
# Other environment: STEPS (4000 optimisation steps, each a critic and a generator update), BATCH (256),
# SEED (0), OUT (runs/mode-collapse).
# Smoke run: STEPS=20 examples/mode_collapse.sh
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DATA="${DATA:-25gaussians}"
STEPS="${STEPS:-4000}"
BATCH="${BATCH:-256}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/mode-collapse}"
dgm4j="$root/bin/dgm4j"

case "$DATA" in 8gaussians|25gaussians|rings) ;; *)
  echo "mode_collapse.sh: DATA must be a mixture with known modes: 8gaussians, 25gaussians or rings (got '$DATA')" >&2
  exit 2 ;; esac
runs=(gan gan-mbstd cgan)
for r in "${runs[@]}"; do
  if [ -e "$OUT/$r" ]; then echo "mode_collapse.sh: '$OUT/$r' already exists: set OUT to a new folder" >&2; exit 1; fi
done
every=$(( STEPS / 8 > 0 ? STEPS / 8 : 1 ))
common=(--data "$DATA" --steps "$STEPS" --batch-size "$BATCH" --seed "$SEED" --eval-every "$every")
"$dgm4j" train --model gan "${common[@]}" --out "$OUT/gan"
"$dgm4j" train --model gan --opt minibatch=std "${common[@]}" --out "$OUT/gan-mbstd"
"$dgm4j" train --model cgan "${common[@]}" --out "$OUT/cgan"
"$dgm4j" compare "${runs[@]/#/$OUT/}" --out "$OUT/comparison"
