#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j's RBM vs the PyTorch reference (bench/reference/rbm_mnist.py) on
# mnist10k: 784 x HIDDEN binary units, CD-1 (SGD lr 0.1) and PCD-1 (lr 0.03, 100 chains), momentum
# 0.5, batch 100, EPOCHS passes over the 8000 training images, one thread each. Reports training
# steps/s and the AIS figures (100 chains, TEMPERATURES temperatures): log Z with its band, the
# certain lower bound on log Z, and the held-out (2000 images) NLL. See bench/README.md.
#
# Usage: bench/rbm_mnist.sh                  (about 8 minutes on 2 cores)
#   or:  EPOCHS=10 HIDDEN=500 TEMPERATURES=10000 SEED=0 bench/rbm_mnist.sh
# Smoke run: EPOCHS=1 HIDDEN=50 TEMPERATURES=100 bench/rbm_mnist.sh
# Other environment: DATA_DIR (default ../shared/datasets/mnist), PYTHON (default /usr/bin/python3).
# Writes everything under bench/out/ (git-ignored); the table also goes to bench/out/rbm_mnist.md.
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
EPOCHS="${EPOCHS:-10}"
HIDDEN="${HIDDEN:-500}"
TEMPERATURES="${TEMPERATURES:-10000}"
SEED="${SEED:-0}"
DATA_DIR="${DATA_DIR:-$root/../shared/datasets/mnist}"
PYTHON="${PYTHON:-/usr/bin/python3}"
for v in EPOCHS HIDDEN TEMPERATURES; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "rbm_mnist.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "rbm_mnist.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

out="$root/bench/out/rbm_mnist"
md="$root/bench/out/rbm_mnist.md"
rm -rf "${out:?}"
mkdir -p "$out/runs" "$out/py" "$out/logs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
steps=$((EPOCHS * 80))
field() { "$PYTHON" -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
row() { # implementation, mode, steps/s, eval json
  echo "| $1 | $2 | $3 | $(field "$4" ais_log_z) ($(field "$4" ais_log_z_low) - $(field "$4" ais_log_z_high)) | $(field "$4" log_z_lower_bound) | $(field "$4" ais_nll_nats) |"
}
{
  echo "# mnist10k RBM (784 x $HIDDEN, binary): dgm4j vs PyTorch"
  echo
  echo "- $EPOCHS epochs of 80 steps, batch 100, SGD momentum 0.5, seed $SEED, 1 thread each; AIS: 100 chains, $TEMPERATURES temperatures"
  machine_line
  echo "- both sides time the optimisation steps alone (dgm4j: optimisation_steps_per_second, without its validation and checkpoint)"
  echo
  echo "| implementation | training | steps/s | AIS log Z (band) | certain lower bound | held-out NLL (nats) |"
  echo "|---|---|---:|---:|---:|---:|"
} > "$md"
for mode in cd pcd; do
  if [ "$mode" = cd ]; then lr=0.1; dgm4j_opts=(); py_opts=(); else lr=0.03; dgm4j_opts=(--opt persistent=true); py_opts=(--persistent); fi
  run="$out/runs/$mode"
  echo "dgm4j rbm $mode ..." >&2
  "$root/bin/dgm4j" train --model rbm --data mnist10k --data-dir "$DATA_DIR" --epochs "$EPOCHS" --batch-size 100 \
    --hidden "$HIDDEN" --lr "$lr" --momentum 0.5 "${dgm4j_opts[@]}" --opt sample-steps=1 --seed "$SEED" \
    --eval-every "$steps" --threads 1 --out "$run" > "$out/logs/dgm4j-$mode.log" 2>&1
  "$root/bin/dgm4j" eval --run "$run" --data-dir "$DATA_DIR" --ais-temperatures "$TEMPERATURES" --threads 1 --json \
    > "$out/runs/eval-$mode.json" 2>> "$out/logs/dgm4j-$mode.log"
  row dgm4j "$mode" "$(field "$run/summary.json" optimisation_steps_per_second)" "$out/runs/eval-$mode.json" >> "$md"
  echo "pytorch rbm $mode ..." >&2
  (cd "$root/bench/reference" && "$PYTHON" rbm_mnist.py --data-dir "$DATA_DIR" --epochs "$EPOCHS" --hidden "$HIDDEN" \
    --lr "$lr" --momentum 0.5 "${py_opts[@]}" --ais-temperatures "$TEMPERATURES" --seed "$SEED" --threads 1 \
    --json "$out/py/$mode.json") > "$out/logs/pytorch-$mode.log" 2>&1
  row "PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)')" "$mode" "$(field "$out/py/$mode.json" steps_per_second)" \
    "$out/py/$mode.json" >> "$md"
done
cat "$md"
