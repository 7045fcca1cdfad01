#!/usr/bin/env bash
# The workshop's "NF and CNF on moons": RealNVP (a finite flow) against the continuous flows OT-Flow
# (potential field, transport and HJB penalties) and FFJORD (free-form field), each trained by maximum
# likelihood for the same steps with the family's default size, then put side by side by `dgm4j compare`
# against training time: held-out NLL curves, the CNFs' transport cost, figures and samples on shared
# axes. Each run's report.html maps its learned density; the CNFs' held-out figures use 32 RK4 steps,
# their training 8.
#
# Usage: examples/moons_cnf.sh             (about 9 minutes on 2 cores)
#   or:  STEPS=3000 OUT=runs/moons-cnf examples/moons_cnf.sh
# Smoke run: STEPS=20 examples/moons_cnf.sh
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-3000}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/moons-cnf}"
dgm4j="$root/bin/dgm4j"
models=(realnvp ot-flow ffjord)

for m in "${models[@]}"; do
  if [ -e "$OUT/$m" ]; then echo "moons_cnf.sh: '$OUT/$m' already exists: set OUT to a new folder" >&2; exit 1; fi
done
for m in "${models[@]}"; do
  "$dgm4j" train --model "$m" --data moons --steps "$STEPS" --seed "$SEED" \
    --eval-every $(( STEPS / 10 > 0 ? STEPS / 10 : 1 )) --out "$OUT/$m"
done
"$dgm4j" compare "${models[@]/#/$OUT/}" --x seconds --out "$OUT/comparison"
