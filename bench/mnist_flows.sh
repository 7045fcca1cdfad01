#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j's image flows (RealNVP multi-scale, Glow) vs the PyTorch reference
# (bench/reference/mnist_flows.py) on mnist10k: same architecture, same data pipeline (uniform
# dequantisation + logit, alpha 0.05), same optimiser and budget. Reports training steps/s and
# held-out bits/dim (2000 images). See bench/README.md.
#
# Usage: bench/mnist_flows.sh [--models "realnvp glow"] [--steps N] [--repeats N]
#   or:  MODELS="realnvp glow" STEPS=300 REPEATS=1 PRECISION=fp32 bench/mnist_flows.sh
# PRECISION: fp32, or bf16 for both sides' training steps under autocast (bits/dim always in fp32).
# Other environment: FIRST_SEED (default 0; repeats use seeds FIRST_SEED, FIRST_SEED+1, ...), DATA_DIR (default ../shared/datasets/mnist), BATCH (64), LR (1e-3),
# PYTHON (default /usr/bin/python3), DGM4J_JAVA_OPTS (to the JVM).
# Writes everything under bench/out/ (git-ignored); the table also goes to bench/out/mnist_flows-PRECISION.md, with means and
# the unpaired comparison under it when there are several seeds (bench/flows_summary.py, which also combines tables).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
MODELS="${MODELS:-realnvp glow}"
STEPS="${STEPS:-300}"
REPEATS="${REPEATS:-1}"
FIRST_SEED="${FIRST_SEED:-0}"
BATCH="${BATCH:-64}"
LR="${LR:-1e-3}"
PRECISION="${PRECISION:-fp32}"
DATA_DIR="${DATA_DIR:-$root/../shared/datasets/mnist}"
PYTHON="${PYTHON:-/usr/bin/python3}"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --models) MODELS="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "mnist_flows.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if ! [[ "$FIRST_SEED" =~ ^[0-9]+$ ]]; then echo "mnist_flows.sh: FIRST_SEED must be a whole number (got '$FIRST_SEED')" >&2; exit 2; fi
if [ "$PRECISION" != fp32 ] && [ "$PRECISION" != bf16 ]; then echo "mnist_flows.sh: PRECISION must be fp32 or bf16 (got '$PRECISION')" >&2; exit 2; fi
for v in STEPS REPEATS BATCH; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "mnist_flows.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done
for m in $MODELS; do
  case "$m" in realnvp|glow) ;; *) echo "mnist_flows.sh: unknown model '$m' (realnvp or glow)" >&2; exit 2 ;; esac
done
if [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte.gz" ] && [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte" ]; then
  echo "mnist_flows.sh: no MNIST test images in '$DATA_DIR': set DATA_DIR or run 'bin/dgm4j download-mnist'" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "mnist_flows.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

out="$root/bench/out/mnist_flows-$PRECISION"
md="$root/bench/out/mnist_flows-$PRECISION.md"
rm -rf "${out:?}"
mkdir -p "$out/runs" "$out/py" "$out/logs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

json_field() { "$PYTHON" -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

{
  echo "# mnist10k image flows: dgm4j vs PyTorch"
  echo
  echo "- $STEPS steps, batch $BATCH, Adam lr $LR, precision $PRECISION, 1 thread each, default architectures; repeats: $REPEATS"
  machine_line
  echo "- both sides time the optimisation steps alone (dgm4j: optimisation_steps_per_second)"
  echo
  echo "| model | implementation | seed | steps/s | held-out bits/dim |"
  echo "|---|---|---:|---:|---:|"
} > "$md"

for m in $MODELS; do
  for ((r = FIRST_SEED; r < FIRST_SEED + REPEATS; r++)); do
    run="$out/runs/$m-$r"
    echo "dgm4j $m seed $r ..." >&2
    "$root/bin/dgm4j" train --model "$m" --data mnist10k --data-dir "$DATA_DIR" --steps "$STEPS" \
      --batch-size "$BATCH" --lr "$LR" --seed "$r" --eval-every "$STEPS" --precision "$PRECISION" --threads 1 --out "$run" \
      > "$out/logs/dgm4j-$m-$r.log" 2>&1
    echo "| $m | dgm4j | $r | $(json_field "$run/summary.json" optimisation_steps_per_second) | $(json_field "$run/summary.json" val_bits_per_dim) |" >> "$md"
    echo "pytorch $m seed $r ..." >&2
    (cd "$root/bench/reference" && "$PYTHON" mnist_flows.py --model "$m" --data-dir "$DATA_DIR" --steps "$STEPS" \
      --batch-size "$BATCH" --lr "$LR" --seed "$r" --precision "$PRECISION" --threads 1 --json "$out/py/$m-$r.json") \
      > "$out/logs/pytorch-$m-$r.log" 2>&1
    echo "| $m | PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') | $r | $(json_field "$out/py/$m-$r.json" steps_per_second) | $(json_field "$out/py/$m-$r.json" val_bits_per_dim) |" >> "$md"
  done
done
# Several seeds: means, standard errors and the unpaired dgm4j - PyTorch comparison under the table.
if [ "$REPEATS" -gt 1 ]; then
  summary="$("$PYTHON" "$root/bench/flows_summary.py" "$md")"
  printf '\n%s\n' "$summary" >> "$md"
fi
cat "$md"
