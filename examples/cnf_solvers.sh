#!/usr/bin/env bash
# Fixed-step against adaptive ODE solvers for a continuous flow: FFJORD on two moons trained with
# 8 classical RK4 steps per solve (the family's default) and with the adaptive Dormand-Prince 5(4)
# solver (dopri5, as in the Neural ODE and FFJORD papers; `--opt solver=dopri5 --opt tol=TOL`), same
# steps and seed. Each run is then measured three ways: with 32 RK4 steps (the default held-out
# solver) and with dopri5 at a loose and a tight tolerance (`eval --ode-tol`), printing the held-out
# NLL and the field evaluations per solve (ode_nfe). Where the figures differ, the model learned a map
# that holds on its training grid but not as an ODE; the dopri5 run logs train_nfe, the cost of its
# solves, which grows as the learned dynamics get harder to integrate. A `dgm4j compare` page puts the
# two runs side by side (NLL against time, train_nfe).
#
# Usage: examples/cnf_solvers.sh             (about 6 minutes on 2 cores)
#   or:  STEPS=2000 TOL=1e-5 OUT=runs/cnf-solvers examples/cnf_solvers.sh
# Smoke run: STEPS=20 examples/cnf_solvers.sh
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STEPS="${STEPS:-2000}"
TOL="${TOL:-1e-5}"
SEED="${SEED:-0}"
OUT="${OUT:-runs/cnf-solvers}"
dgm4j="$root/bin/dgm4j"

if [ -e "$OUT/rk4" ] || [ -e "$OUT/dopri5" ]; then
  echo "cnf_solvers.sh: '$OUT' already holds runs: set OUT to a new folder" >&2
  exit 1
fi
common=(--model ffjord --data moons --steps "$STEPS" --seed "$SEED" --threads 1
        --eval-every $(( STEPS / 10 > 0 ? STEPS / 10 : 1 )))
"$dgm4j" train "${common[@]}" --out "$OUT/rk4"
"$dgm4j" train "${common[@]}" --opt solver=dopri5 --opt tol="$TOL" --out "$OUT/dopri5"

table="$OUT/solvers.md"
{
  echo "| trained with | measured with | held-out NLL (nats) | field evaluations per solve |"
  echo "|---|---|---:|---:|"
  for run in rk4 dopri5; do
    trained=$([ "$run" = rk4 ] && echo "rk4, 8 steps" || echo "dopri5, tol $TOL")
    # the tight tolerance last: eval.json (shown by the report and compare) keeps the last measurement
    for tol in "" 1e-3 1e-7; do
      figures=$("$dgm4j" eval "$OUT/$run" --threads 1 ${tol:+--ode-tol "$tol"})
      value() { echo "$figures" | sed -n "s/^$1: //p"; }
      printf '| %s | %s | %.4f | %.1f |\n' "$trained" "$(value ode_solver)" "$(value nll_nats)" "$(value ode_nfe)"
    done
  done
} > "$table"
cat "$table"
"$dgm4j" compare "$OUT/rk4" "$OUT/dopri5" --x seconds --out "$OUT/comparison"
