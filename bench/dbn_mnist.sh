#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j's deep belief network vs the PyTorch reference (bench/reference/dbn_mnist.py)
# on mnist10k: two RBMs of 500 binary hidden units each, trained greedily by CD-1 (SGD lr 0.1, momentum 0.5,
# batch 100), EPOCHS passes over the 8000 training images per layer, one thread each. Reports training
# steps/s, the top RBM's AIS log Z (100 chains, TEMPERATURES temperatures) and the held-out (2000 images)
# variational bound and K-sample importance-weighted bound. See bench/README.md.
#
# Usage: bench/dbn_mnist.sh                  (about 6 minutes on 2 cores)
#   or:  EPOCHS=10 TEMPERATURES=10000 K=1000 SEED=0 bench/dbn_mnist.sh
# Smoke run: EPOCHS=1 TEMPERATURES=100 K=10 bench/dbn_mnist.sh
# Other environment: DATA_DIR (default ../shared/datasets/mnist), PYTHON (default /usr/bin/python3).
# Writes everything under bench/out/ (git-ignored); the table also goes to bench/out/dbn_mnist.md.
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
EPOCHS="${EPOCHS:-10}"
TEMPERATURES="${TEMPERATURES:-10000}"
K="${K:-1000}"
SEED="${SEED:-0}"
DATA_DIR="${DATA_DIR:-$root/../shared/datasets/mnist}"
PYTHON="${PYTHON:-/usr/bin/python3}"
for v in EPOCHS TEMPERATURES K; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "dbn_mnist.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "dbn_mnist.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

out="$root/bench/out/dbn_mnist"
md="$root/bench/out/dbn_mnist.md"
rm -rf "${out:?}"
mkdir -p "$out/runs" "$out/py" "$out/logs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
layer_steps=$((EPOCHS * 80))
field() { "$PYTHON" -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
row() { # implementation, steps/s, eval json
  echo "| $1 | $2 | $(field "$3" ais_log_z) ($(field "$3" ais_log_z_low) - $(field "$3" ais_log_z_high)) | $(field "$3" elbo_nats) | $(field "$3" iwae_nll_nats) |"
}

run="$out/runs/dbn"
echo "dgm4j dbn ..." >&2
"$root/bin/dgm4j" train --model dbn --data mnist10k --data-dir "$DATA_DIR" --epochs $((2 * EPOCHS)) --batch-size 100 \
  --opt units=500,500 --opt layer-steps="$layer_steps" --lr 0.1 --momentum 0.5 --opt sample-steps=1 --seed "$SEED" \
  --eval-every $((2 * layer_steps)) --threads 1 --out "$run" > "$out/logs/dgm4j.log" 2>&1
"$root/bin/dgm4j" eval --run "$run" --data-dir "$DATA_DIR" --ais-temperatures "$TEMPERATURES" --k "$K" --threads 1 \
  --json > "$out/runs/eval.json" 2>> "$out/logs/dgm4j.log"
echo "pytorch dbn ..." >&2
(cd "$root/bench/reference" && "$PYTHON" dbn_mnist.py --data-dir "$DATA_DIR" --epochs "$EPOCHS" \
  --ais-temperatures "$TEMPERATURES" --iw-k "$K" --seed "$SEED" --threads 1 --json "$out/py/dbn.json") \
  > "$out/logs/pytorch.log" 2>&1
{
  echo "# mnist10k DBN (784-500-500, binary, greedy CD-1): dgm4j vs PyTorch"
  echo
  echo "- $EPOCHS epochs of 80 steps per layer, batch 100, SGD 0.1 momentum 0.5, seed $SEED, 1 thread each; AIS: 100 chains, $TEMPERATURES temperatures; K = $K"
  machine_line
  echo "- both sides time the optimisation steps alone (dgm4j: optimisation_steps_per_second, without its validation and checkpoint; PyTorch: its two loops)"
  echo
  echo "| implementation | steps/s | top AIS log Z (band) | held-out ELBO (nats) | IWAE-$K NLL (nats) |"
  echo "|---|---:|---:|---:|---:|"
  row dgm4j "$(field "$run/summary.json" optimisation_steps_per_second)" "$out/runs/eval.json"
  row "PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)')" "$(field "$out/py/dbn.json" steps_per_second)" "$out/py/dbn.json"
} > "$md"
cat "$md"
