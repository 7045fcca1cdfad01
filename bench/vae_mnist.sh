#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j's MLP VAE vs the PyTorch reference (bench/reference/vae_mnist.py) on
# mnist10k: the same 784-400-20 VAE (Bernoulli decoder, dynamic binarisation), Adam 1e-3, batch 128,
# EPOCHS passes over the 8000 training images, one thread each, both sides in PRECISION (fp32, or bf16:
# products under autocast). Reports training epochs/s and the held-out (2000 images) ELBO and IWAE-K NLL,
# always computed in fp32. See bench/README.md.
#
# Usage: bench/vae_mnist.sh [--epochs N] [--k K] [--repeats N]
#   or:  EPOCHS=10 K=5000 REPEATS=1 PRECISION=fp32 bench/vae_mnist.sh
# Smoke run (seconds): bench/vae_mnist.sh --epochs 1 --k 10
# Other environment: FIRST_SEED (default 0; repeats use seeds FIRST_SEED, FIRST_SEED+1, ...), DATA_DIR (default
# ../shared/datasets/mnist), PYTHON (default /usr/bin/python3), DGM4J_JAVA_OPTS (to the JVM).
# Writes everything under bench/out/ (git-ignored); the table also goes to bench/out/vae_mnist-PRECISION.md.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
EPOCHS="${EPOCHS:-10}"
K="${K:-5000}"
REPEATS="${REPEATS:-1}"
PRECISION="${PRECISION:-fp32}"
FIRST_SEED="${FIRST_SEED:-0}"
DATA_DIR="${DATA_DIR:-$root/../shared/datasets/mnist}"
PYTHON="${PYTHON:-/usr/bin/python3}"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) EPOCHS="$2"; shift 2 ;;
    --k) K="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "vae_mnist.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if ! [[ "$FIRST_SEED" =~ ^[0-9]+$ ]]; then echo "vae_mnist.sh: FIRST_SEED must be a whole number (got '$FIRST_SEED')" >&2; exit 2; fi
if [ "$PRECISION" != fp32 ] && [ "$PRECISION" != bf16 ]; then echo "vae_mnist.sh: PRECISION must be fp32 or bf16 (got '$PRECISION')" >&2; exit 2; fi
for v in EPOCHS K REPEATS; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "vae_mnist.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done
if [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte.gz" ] && [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte" ]; then
  echo "vae_mnist.sh: no MNIST test images in '$DATA_DIR': set DATA_DIR or run 'bin/dgm4j download-mnist'" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "vae_mnist.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

out="$root/bench/out/vae_mnist-$PRECISION"
md="$root/bench/out/vae_mnist-$PRECISION.md"
rm -rf "${out:?}"
mkdir -p "$out/runs" "$out/py" "$out/logs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

json_field() { "$PYTHON" -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
# epochs per second of a dgm4j run's optimisation steps (without its validation and checkpoint).
dgm4j_epochs_per_second() { "$PYTHON" -c "import json,sys; d = json.load(open(sys.argv[1])); print('%.4f' % (d['optimisation_steps_per_second'] * $EPOCHS / d['steps']))" "$1"; }

{
  echo "# mnist10k MLP VAE (784-400-20, Bernoulli): dgm4j vs PyTorch"
  echo
  echo "- $EPOCHS epochs of 62 steps, batch 128, Adam lr 1e-3, precision $PRECISION, 1 thread each; IWAE K = $K on the 2000 held-out images; repeats: $REPEATS"
  machine_line
  echo "- both sides time the optimisation steps alone (dgm4j: optimisation_steps_per_second, without its validation and checkpoint)"
  echo
  echo "| implementation | seed | epochs/s | held-out ELBO (nats) | IWAE-$K NLL (nats) |"
  echo "|---|---:|---:|---:|---:|"
} > "$md"

for ((r = FIRST_SEED; r < FIRST_SEED + REPEATS; r++)); do
  run="$out/runs/vae-$r"
  echo "dgm4j vae seed $r ..." >&2
  "$root/bin/dgm4j" train --model vae --data mnist10k --data-dir "$DATA_DIR" --epochs "$EPOCHS" \
    --batch-size 128 --lr 1e-3 --latent 20 --hidden 400 --depth 1 --seed "$r" --eval-every $((EPOCHS * 62)) \
    --precision "$PRECISION" --threads 1 --out "$run" > "$out/logs/dgm4j-$r.log" 2>&1
  "$root/bin/dgm4j" eval --run "$run" --data-dir "$DATA_DIR" --k "$K" --threads 1 --json > "$out/runs/eval-$r.json" \
    2>> "$out/logs/dgm4j-$r.log"
  echo "| dgm4j | $r | $(dgm4j_epochs_per_second "$run/summary.json") | $(json_field "$out/runs/eval-$r.json" elbo_nats) | $(json_field "$out/runs/eval-$r.json" iwae_nll_nats) |" >> "$md"
  echo "pytorch vae seed $r ..." >&2
  (cd "$root/bench/reference" && "$PYTHON" vae_mnist.py --data-dir "$DATA_DIR" --epochs "$EPOCHS" --k "$K" \
    --seed "$r" --precision "$PRECISION" --threads 1 --json "$out/py/vae-$r.json") > "$out/logs/pytorch-$r.log" 2>&1
  echo "| PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') | $r | $(json_field "$out/py/vae-$r.json" epochs_per_second) | $(json_field "$out/py/vae-$r.json" val_elbo_nats) | $(json_field "$out/py/vae-$r.json" iwae_nll_nats) |" >> "$md"
done
cat "$md"
