#!/usr/bin/env bash
# The course material's Boltzmann machines on MNIST: an RBM of 500 binary hidden units trained by
# contrastive divergence (CD-1, negatives one Gibbs step from the data) and by persistent CD (PCD-1,
# negatives from chains kept across steps), same epochs, batch and seed; each then judged by AIS
# (`dgm4j eval`: log Z with its band, its certain lower bound, the held-out NLL) and by its samples
# (1000 Gibbs steps from noise; eval --sample-quality scores 1000 of them like a GAN's: Fréchet
# distance, class coverage), side by side in a `dgm4j compare` page. CD's negatives never leave
# the data, so it can leave probability mass where no data is (watch log_z_lower_bound against
# ais_log_z, and the samples); PCD's chains go there and push it down.
#
# Usage: examples/rbm_cd_vs_pcd.sh           (about 5 minutes on 2 cores)
#   or:  EPOCHS=10 CD_LR=0.1 PCD_LR=0.03 OUT=runs/rbm examples/rbm_cd_vs_pcd.sh
# Both use SGD with momentum 0.5 (the family's default); PCD wants a smaller step than CD, so that
# its chains keep up with the model.
# Smoke run: EPOCHS=1 TEMPERATURES=100 examples/rbm_cd_vs_pcd.sh
# Data: mnist10k from DGM4J_DATA_DIR (default ../shared/datasets/mnist beside the repository).
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
EPOCHS="${EPOCHS:-10}"
CD_LR="${CD_LR:-0.1}"
PCD_LR="${PCD_LR:-0.03}"
TEMPERATURES="${TEMPERATURES:-10000}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/rbm-cd-vs-pcd}"
export DGM4J_DATA_DIR="${DGM4J_DATA_DIR:-$root/../shared/datasets/mnist}"
dgm4j="$root/bin/dgm4j"

if [ -e "$OUT/cd" ] || [ -e "$OUT/pcd" ]; then
  echo "rbm_cd_vs_pcd.sh: '$OUT' already holds runs: set OUT to a new folder" >&2
  exit 1
fi
common=(--model rbm --data mnist10k --epochs "$EPOCHS" --batch-size 100 --hidden 500 --seed "$SEED")
"$dgm4j" train "${common[@]}" --lr "$CD_LR" --out "$OUT/cd"
"$dgm4j" train "${common[@]}" --lr "$PCD_LR" --opt persistent=true --out "$OUT/pcd"
for m in cd pcd; do
  "$dgm4j" eval "$OUT/$m" --ais-temperatures "$TEMPERATURES" --sample-quality
done
"$dgm4j" compare "$OUT/cd" "$OUT/pcd" --out "$OUT/comparison"
