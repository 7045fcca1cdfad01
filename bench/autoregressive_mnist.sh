#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j's autoregressive models vs the PyTorch reference
# (bench/reference/autoregressive_mnist.py) on mnist10k: NADE (500 hidden units, batch 100) and
# PixelCNN (32 channels, 4 residual blocks, batch 64), dynamic binarisation, Adam 1e-3, EPOCHS passes
# over the 8000 training images, one thread each. Reports training epochs/s (the optimisation steps
# alone on both sides) and the held-out NLL in nats on one fixed binarisation of the 2000 held-out
# images. See bench/README.md.
#
# Usage: MODELS="nade pixelcnn" EPOCHS=2 REPEATS=1 bench/autoregressive_mnist.sh
# Smoke run: MODELS=nade EPOCHS=1 bench/autoregressive_mnist.sh
# Other environment: FIRST_SEED (default 0; repeats use seeds FIRST_SEED, FIRST_SEED+1, ...), DATA_DIR
# (default ../shared/datasets/mnist), PYTHON (default /usr/bin/python3), DGM4J_JAVA_OPTS (to the JVM).
# Writes everything under bench/out/ (git-ignored); the table also goes to bench/out/autoregressive_mnist.md.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
MODELS="${MODELS:-nade pixelcnn}"
EPOCHS="${EPOCHS:-2}"
REPEATS="${REPEATS:-1}"
FIRST_SEED="${FIRST_SEED:-0}"
DATA_DIR="${DATA_DIR:-$root/../shared/datasets/mnist}"
PYTHON="${PYTHON:-/usr/bin/python3}"

# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi
for v in EPOCHS REPEATS; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "autoregressive_mnist.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done
if ! [[ "$FIRST_SEED" =~ ^[0-9]+$ ]]; then echo "autoregressive_mnist.sh: FIRST_SEED must be a whole number (got '$FIRST_SEED')" >&2; exit 2; fi
for m in $MODELS; do
  case "$m" in nade|pixelcnn) ;; *) echo "autoregressive_mnist.sh: MODELS may name nade and pixelcnn (got '$m')" >&2; exit 2 ;; esac
done
if [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte.gz" ] && [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte" ]; then
  echo "autoregressive_mnist.sh: no MNIST test images in '$DATA_DIR': set DATA_DIR or run 'bin/dgm4j download-mnist'" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "autoregressive_mnist.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

out="$root/bench/out/autoregressive_mnist"
md="$root/bench/out/autoregressive_mnist.md"
rm -rf "${out:?}"
mkdir -p "$out/runs" "$out/py" "$out/logs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

json_field() { "$PYTHON" -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
# epochs per second of a dgm4j run's optimisation steps (without its validation, samples and checkpoint).
dgm4j_epochs_per_second() { "$PYTHON" -c "import json,sys; d = json.load(open(sys.argv[1])); print('%.4f' % (d['optimisation_steps_per_second'] * $EPOCHS / d['steps']))" "$1"; }
batch_size() { if [ "$1" = nade ]; then echo 100; else echo 64; fi; }

{
  echo "# mnist10k autoregressive models (binarised): dgm4j vs PyTorch"
  echo
  echo "- $EPOCHS epochs over 8000 images, Adam lr 1e-3, 1 thread each; NADE 500 hidden units, batch 100; PixelCNN 32 channels, 4 residual blocks, batch 64; repeats: $REPEATS"
  machine_line
  echo "- both sides time the optimisation steps alone; NLL on one fixed binarisation of the 2000 held-out images"
  echo
  echo "| model | implementation | seed | epochs/s | held-out NLL (nats) | bits/dim |"
  echo "|---|---|---:|---:|---:|---:|"
} > "$md"

for m in $MODELS; do
  batch="$(batch_size "$m")"
  steps=$((EPOCHS * 8000 / batch))
  for ((r = FIRST_SEED; r < FIRST_SEED + REPEATS; r++)); do
    run="$out/runs/$m-$r"
    echo "dgm4j $m seed $r ..." >&2
    "$root/bin/dgm4j" train --model "$m" --data mnist10k --data-dir "$DATA_DIR" --epochs "$EPOCHS" \
      --batch-size "$batch" --lr 1e-3 --seed "$r" --eval-every "$steps" --threads 1 --out "$run" > "$out/logs/dgm4j-$m-$r.log" 2>&1
    echo "| $m | dgm4j | $r | $(dgm4j_epochs_per_second "$run/summary.json") | $(json_field "$run/summary.json" val_nll_nats) | $(json_field "$run/summary.json" val_bits_per_dim) |" >> "$md"
    echo "pytorch $m seed $r ..." >&2
    (cd "$root/bench/reference" && "$PYTHON" autoregressive_mnist.py --data-dir "$DATA_DIR" --model "$m" --epochs "$EPOCHS" \
      --batch-size "$batch" --seed "$r" --threads 1 --json "$out/py/$m-$r.json") > "$out/logs/pytorch-$m-$r.log" 2>&1
    echo "| $m | PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') | $r | $(json_field "$out/py/$m-$r.json" epochs_per_second) | $(json_field "$out/py/$m-$r.json" val_nll_nats) | $(json_field "$out/py/$m-$r.json" val_bits_per_dim) |" >> "$md"
  done
done
cat "$md"
