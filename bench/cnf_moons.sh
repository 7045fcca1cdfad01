#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j's continuous flows (ffjord, ot-flow) vs the PyTorch reference
# (bench/reference/cnf_moons.py) on 2-D moons. Same points, same models (family defaults: RK4 with 8 steps in
# training and 32 for the held-out NLL, Adam 1e-3, batch 256), one thread each. Reports training steps/s and
# the held-out NLL for each training seed, and their medians. See bench/README.md.
#
# With SOLVER=dopri5 both sides train with the adaptive Dormand-Prince 5(4) at tolerance TOL (default 1e-5)
# instead of RK4, and the tables add the mean field evaluations per training solve (train_nfe); the held-out
# NLL is still taken with 32 RK4 steps on both sides.
#
# Usage: bench/cnf_moons.sh [--steps N] [--seeds "0 1 2"]
#   or:  STEPS=2000 SEEDS="0 1 2" bench/cnf_moons.sh      (about 30 minutes)
#   or:  SOLVER=dopri5 TOL=1e-5 STEPS=500 bench/cnf_moons.sh
# Smoke run: STEPS=20 SEEDS=0 bench/cnf_moons.sh
# Other environment: PYTHON (default /usr/bin/python3), DGM4J_JAVA_OPTS (to the JVM).
# Writes everything under bench/out/ (git-ignored); the table also goes to bench/out/cnf_moons.md.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
STEPS="${STEPS:-2000}"
SEEDS="${SEEDS:-0 1 2}"
SOLVER="${SOLVER:-rk4}"
TOL="${TOL:-1e-5}"
PYTHON="${PYTHON:-/usr/bin/python3}"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS="$2"; shift 2 ;;
    --seeds) SEEDS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "cnf_moons.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if ! [[ "$STEPS" =~ ^[1-9][0-9]*$ ]]; then echo "cnf_moons.sh: STEPS must be a positive integer (got '$STEPS')" >&2; exit 2; fi
if [ "$SOLVER" != rk4 ] && [ "$SOLVER" != dopri5 ]; then echo "cnf_moons.sh: SOLVER must be rk4 or dopri5 (got '$SOLVER')" >&2; exit 2; fi
for seed in $SEEDS; do
  if ! [[ "$seed" =~ ^[0-9]+$ ]]; then echo "cnf_moons.sh: SEEDS must be whole numbers (got '$seed')" >&2; exit 2; fi
done
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "cnf_moons.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

dgm4j="$root/bin/dgm4j"
out="$root/bench/out/cnf_moons"
md="$root/bench/out/cnf_moons.md"
rm -rf "${out:?}"
mkdir -p "$out/runs" "$out/py" "$out/logs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

# 10000 training points (all used for training: --test-fraction 0), NLL on 2000 separate ones.
for split in train test; do
  "$dgm4j" data --data moons --split "$split" --seed 0 --noise 0.05 --train-size 10000 --test-size 2000 \
    --out "$out/$split.csv" > /dev/null
done
"$PYTHON" "$root/bench/reference/cnf_moons.py" --model ot-flow --train "$out/train.csv" --test "$out/test.csv" \
  --steps 1 --check > "$out/logs/check.log" 2>&1 || { echo "reference self-check failed: $out/logs/check.log" >&2; exit 1; }

results="$out/results.tsv"
printf 'model\timpl\tseed\tsteps_per_second\tnll_nats\ttrain_nfe\n' > "$results"
# a field of a JSON file, or nothing where it has none (train_nfe of an rk4 run)
json_field() { "$PYTHON" -c "import json,sys; v = json.load(open(sys.argv[1])).get(sys.argv[2]); print('' if v is None else repr(v))" "$1" "$2"; }
# dgm4j's mean train_nfe over the logged rows of metrics.csv (empty for rk4, which does not log it)
mean_nfe() { "$PYTHON" -c "
import csv, sys
rows = [r['train_nfe'] for r in csv.DictReader(open(sys.argv[1])) if r.get('train_nfe')]
print(sum(map(float, rows)) / len(rows) if rows else '')" "$1"; }
dgm4j_solver=()
py_solver=()
if [ "$SOLVER" = dopri5 ]; then
  dgm4j_solver=(--opt solver=dopri5 --opt tol="$TOL")
  py_solver=(--solver dopri5 --tol "$TOL")
fi

# Seeds are the outer loop and the two implementations alternate, so drifts in machine load hit both alike.
for seed in $SEEDS; do
  for model in ot-flow ffjord; do
    echo "seed $seed: dgm4j $model ..." >&2
    run="$out/runs/$model-$seed"
    "$dgm4j" train --model "$model" --data "$out/train.csv" --test-fraction 0 --steps "$STEPS" --eval-every "$STEPS" \
      --batch-size 256 --lr 1e-3 --seed "$seed" --threads 1 "${dgm4j_solver[@]}" --out "$run" \
      > "$out/logs/dgm4j-$model-$seed.log" 2>&1
    "$dgm4j" eval --run "$run" --data "$out/test.csv" --json --threads 1 > "$run/heldout.json" 2>> "$out/logs/dgm4j-$model-$seed.log"
    printf '%s\tdgm4j\t%s\t%s\t%s\t%s\n' "$model" "$seed" "$(json_field "$run/summary.json" optimisation_steps_per_second)" \
      "$(json_field "$run/heldout.json" nll_nats)" "$(mean_nfe "$run/metrics.csv")" >> "$results"
    echo "seed $seed: pytorch $model ..." >&2
    py="$out/py/$model-$seed.json"
    "$PYTHON" "$root/bench/reference/cnf_moons.py" --model "$model" --train "$out/train.csv" --test "$out/test.csv" \
      --steps "$STEPS" --seed "$seed" --threads 1 "${py_solver[@]}" --json "$py" > "$out/logs/pytorch-$model-$seed.log" 2>&1
    printf '%s\tPyTorch\t%s\t%s\t%s\t%s\n' "$model" "$seed" "$(json_field "$py" steps_per_second)" \
      "$(json_field "$py" nll_nats)" "$(json_field "$py" train_nfe)" >> "$results"
  done
done

{
  echo "# Continuous flows on moons: dgm4j vs PyTorch"
  echo
  if [ "$SOLVER" = dopri5 ]; then
    echo "- $STEPS steps, batch 256, Adam lr 1e-3, training seeds $SEEDS, 1 thread each; dopri5 at tolerance $TOL in training, 32 RK4 steps for the NLL"
  else
    echo "- $STEPS steps, batch 256, Adam lr 1e-3, training seeds $SEEDS, 1 thread each; RK4 8 steps per solve in training, 32 for the NLL"
  fi
  machine_line; echo "- PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
  echo "- both sides time the optimisation steps alone (dgm4j: optimisation_steps_per_second, without its validation and checkpoint)"
  echo "- divergence: both exact; OT-Flow's in closed form on both sides; FFJORD's by forward-mode Jacobians in dgm4j, by autograd (D backward passes, as FFJORD's code does) in PyTorch"
  echo
  "$PYTHON" - "$results" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
adaptive = any(r["train_nfe"] for r in rows)
nfe_head, nfe_rule = (" train NFE per solve |", "---:|") if adaptive else ("", "")
print("| model | implementation | seed | steps/s | held-out NLL (nats) |" + nfe_head)
print("|---|---|---:|---:|---:|" + nfe_rule)
for r in rows:
    nfe = f" {float(r['train_nfe']):.1f} |" if adaptive else ""
    print(f"| {r['model']} | {r['impl']} | {r['seed']} | {float(r['steps_per_second']):.1f} | {float(r['nll_nats']):.4f} |{nfe}")
print()
nfe_head = " NFE dgm4j (median) | NFE PyTorch (median) |" if adaptive else ""
print("| model | dgm4j steps/s (median) | PyTorch steps/s (median) | ratio | NLL dgm4j (median) | NLL PyTorch (median) |"
      + nfe_head)
print("|---|---:|---:|---:|---:|---:|" + ("---:|---:|" if adaptive else ""))
for model in dict.fromkeys(r["model"] for r in rows):
    med = {}
    for impl in ("dgm4j", "PyTorch"):
        sel = [r for r in rows if r["model"] == model and r["impl"] == impl]
        med[impl] = (statistics.median(float(r["steps_per_second"]) for r in sel),
                     statistics.median(float(r["nll_nats"]) for r in sel),
                     statistics.median(float(r["train_nfe"]) for r in sel) if adaptive else None)
    d, p = med["dgm4j"], med["PyTorch"]
    nfe = f" {d[2]:.1f} | {p[2]:.1f} |" if adaptive else ""
    print(f"| {model} | {d[0]:.1f} | {p[0]:.1f} | {d[0] / p[0]:.2f}x | {d[1]:.4f} | {p[1]:.4f} |{nfe}")
PY
} > "$md"
cat "$md"
