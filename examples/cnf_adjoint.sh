#!/usr/bin/env bash
# Backpropagation through the solver against the adjoint method (Chen et al. 2018) for training a
# continuous flow: FFJORD on two moons with many RK4 steps per solve (STEPS_PER_SOLVE, 200) and a large
# batch, where backpropagation keeps every stage's graph until the backward pass and the adjoint's
# backward solve keeps one step's. Prints each run's peak resident memory (GNU time's %M), its
# optimisation steps/s and held-out NLL; the two NLLs agree up to the solves' error. With TARGET (U1..U4,
# moons-energy) both train by reverse KL against that energy instead, the adjoint running back along the
# solve from base draws to samples, and the table gives the reverse-KL estimate and the ESS.
#
# Usage: examples/cnf_adjoint.sh          (about 3 minutes on 2 cores)
#   or:  STEPS=10 BATCH=1024 STEPS_PER_SOLVE=200 OUT=runs/cnf-adjoint examples/cnf_adjoint.sh
#   or:  TARGET=U1 OUT=runs/cnf-adjoint-u1 examples/cnf_adjoint.sh
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-10}"
BATCH="${BATCH:-1024}"
STEPS_PER_SOLVE="${STEPS_PER_SOLVE:-200}"
SEED="${SEED:-0}"
TARGET="${TARGET:-}"
OUT="${OUT:-runs/cnf-adjoint}"
dgm4j="$root/bin/dgm4j"

if [ ! -x /usr/bin/time ]; then
  echo "cnf_adjoint.sh: needs GNU time at /usr/bin/time for the peak memory (apt-get install time)" >&2
  exit 1
fi
if [ -e "$OUT/backprop" ] || [ -e "$OUT/adjoint" ]; then
  echo "cnf_adjoint.sh: '$OUT' already holds runs: set OUT to a new folder" >&2
  exit 1
fi
mkdir -p "$OUT"
if [ -n "$TARGET" ]; then
  training=(--target "$TARGET")
  echo "| gradient | peak memory (MB) | optimisation steps/s | reverse KL (nats, up to log Z) | ESS |"
  echo "|---|---:|---:|---:|---:|"
else
  training=(--data moons)
  echo "| gradient | peak memory (MB) | optimisation steps/s | held-out NLL (nats) |"
  echo "|---|---:|---:|---:|"
fi
for gradient in backprop adjoint; do
  /usr/bin/time -o "$OUT/$gradient.time" -f %M "$dgm4j" train --model ffjord "${training[@]}" --steps "$STEPS" \
    --eval-every "$STEPS" --batch-size "$BATCH" --seed "$SEED" --threads 1 --opt steps="$STEPS_PER_SOLVE" \
    --opt gradient="$gradient" --out "$OUT/$gradient" > "$OUT/$gradient.log" 2>&1
  speed=$(sed -n 's/^optimisation_steps_per_second: //p' "$OUT/$gradient.log")
  memory=$(( $(tail -1 "$OUT/$gradient.time") / 1024 ))
  if [ -n "$TARGET" ]; then
    kl=$(sed -n 's/^reverse_kl: //p' "$OUT/$gradient.log")
    ess=$(sed -n 's/^ess: //p' "$OUT/$gradient.log")
    printf '| %s | %d | %s | %s | %s |\n' "$gradient" "$memory" "$speed" "$kl" "$ess"
  else
    nll=$(sed -n 's/^val_nll_nats: //p' "$OUT/$gradient.log")
    printf '| %s | %d | %s | %s |\n' "$gradient" "$memory" "$speed" "$nll"
  fi
done
