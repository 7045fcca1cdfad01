#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j's GANs vs the PyTorch reference (bench/reference/gans.py), the same nets, losses,
# optimisers and budget of critic steps on both sides, one thread each: DCGAN and WGAN-GP on mnist10k (batch 64;
# steps/s, frechet_distance, class_coverage, class_entropy) and WGAN-GP on 25gaussians (batch 256, toy nets; steps/s,
# modes_covered, hq_fraction). Both sides' final samples are scored by the same `dgm4j score`. See bench/README.md.
#
# Usage: bench/gans.sh [--configs "dcgan:mnist10k wgan-gp:mnist10k wgan-gp:25gaussians"] [--steps N] [--toy-steps N] [--repeats N]
#   or:  STEPS=500 TOY_STEPS=8000 REPEATS=2 PRECISION=fp32 bench/gans.sh
# Smoke run (a few minutes): STEPS=40 TOY_STEPS=100 REPEATS=1 bench/gans.sh
# Other environment: FIRST_SEED (default 0; repeats use seeds FIRST_SEED, FIRST_SEED+1, ...), N_SAMPLES (2000 scored
# samples per run), PRECISION (fp32, or bf16: both sides' training steps under autocast), TOY_LR (1e-3) and TOY_GP_WEIGHT (0.1) for the 25gaussians run, THREADS (1), DATA_DIR (default ../shared/datasets/mnist), PYTHON (default /usr/bin/python3),
# DGM4J (the launcher to benchmark, default bin/dgm4j of this checkout), DGM4J_JAVA_OPTS (to the JVM).
# Writes everything under bench/out/ (git-ignored); the tables also go to bench/out/gans-PRECISION.md.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
CONFIGS="${CONFIGS:-dcgan:mnist10k wgan-gp:mnist10k wgan-gp:25gaussians}"
STEPS="${STEPS:-500}"
TOY_STEPS="${TOY_STEPS:-8000}"
TOY_LR="${TOY_LR:-1e-3}"
TOY_GP_WEIGHT="${TOY_GP_WEIGHT:-0.1}"
REPEATS="${REPEATS:-2}"
FIRST_SEED="${FIRST_SEED:-0}"
N_SAMPLES="${N_SAMPLES:-2000}"
THREADS="${THREADS:-1}"
PRECISION="${PRECISION:-fp32}"
DATA_DIR="${DATA_DIR:-$root/../shared/datasets/mnist}"
PYTHON="${PYTHON:-/usr/bin/python3}"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --configs) CONFIGS="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --toy-steps) TOY_STEPS="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "gans.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if ! [[ "$FIRST_SEED" =~ ^[0-9]+$ ]]; then echo "gans.sh: FIRST_SEED must be a whole number (got '$FIRST_SEED')" >&2; exit 2; fi
if [ "$PRECISION" != fp32 ] && [ "$PRECISION" != bf16 ]; then echo "gans.sh: PRECISION must be fp32 or bf16 (got '$PRECISION')" >&2; exit 2; fi
for v in STEPS TOY_STEPS REPEATS N_SAMPLES THREADS; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "gans.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done
# gans.py times the steps after a 20-step warm-up, so a budget needs more than 20 steps.
for v in STEPS TOY_STEPS; do
  if [ "${!v}" -le 20 ]; then echo "gans.sh: $v must be more than 20 (the reference's warm-up); got ${!v}" >&2; exit 2; fi
done

# Per model and data: the learning rate, passed to both sides so that they train alike even if one side's defaults
# drift. MNIST: the families' defaults. 25gaussians: TOY_LR with the gradient-penalty weight TOY_GP_WEIGHT, the
# WGAN-GP paper's toy setting (lambda 0.1): with the default lambda 10 and lr 1e-4 neither side covered a single
# mode in 15k steps (modes 0.05 apart from a std of 0.05 need a sharp critic), while lambda 0.1 and lr 1e-3 reached
# 22 of 25 modes in 8000 steps.
lr_of() {
  if [ "$2" = 25gaussians ]; then echo "$TOY_LR"; return; fi
  case "$1" in
    gan|gan-minimax|dcgan) echo 2e-4 ;;
    wgan) echo 5e-5 ;;
    wgan-gp) echo 1e-4 ;;
  esac
}
mnist_needed=0
for c in $CONFIGS; do
  m="${c%%:*}" d="${c#*:}"
  case "$m" in gan|gan-minimax|dcgan|wgan|wgan-gp) ;; *)
    echo "gans.sh: unknown model '$m' in '$c' (gan, gan-minimax, dcgan, wgan or wgan-gp)" >&2; exit 2 ;; esac
  case "$d" in mnist10k) mnist_needed=1 ;; 25gaussians) ;; *)
    echo "gans.sh: unknown data '$d' in '$c' (mnist10k or 25gaussians)" >&2; exit 2 ;; esac
  if [ "$m:$d" = dcgan:25gaussians ]; then echo "gans.sh: dcgan is for images only; drop 'dcgan:25gaussians'" >&2; exit 2; fi
done
if [ "$mnist_needed" = 1 ] && [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte.gz" ] && [ ! -e "$DATA_DIR/t10k-images-idx3-ubyte" ]; then
  echo "gans.sh: no MNIST test images in '$DATA_DIR': set DATA_DIR or run 'bin/dgm4j download-mnist'" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "gans.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

dgm4j="${DGM4J:-$root/bin/dgm4j}"
ref="$root/bench/reference/gans.py"
out="$root/bench/out/gans-$PRECISION"
md="$root/bench/out/gans-$PRECISION.md"
rm -rf "${out:?}"
mkdir -p "$out/runs" "$out/py" "$out/logs"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

# fail WHAT LOG: stop the whole benchmark with the command's last lines; half a table would mislead.
fail() {
  echo "gans.sh: $1 failed; its log is $2, last lines:" >&2
  tail -5 "$2" >&2
  exit 1
}

load() { uptime | sed 's/^ *//'; }
load_before="$(load)"
echo "== building dgm4j (not timed)" >&2
"$dgm4j" --version > "$out/logs/version.log" 2>&1 || fail "dgm4j --version (the build)" "$out/logs/version.log"
classifier_line="not needed (no mnist10k config)"
if [ "$mnist_needed" = 1 ]; then
  echo "== digit classifier for the MNIST metrics (trained once, then cached; not timed)" >&2
  "$dgm4j" classifier --data mnist10k --data-dir "$DATA_DIR" > "$out/logs/classifier.log" 2>&1 \
    || fail "dgm4j classifier --data mnist10k" "$out/logs/classifier.log"
  classifier_line="$(grep -m1 -i 'accuracy' "$out/logs/classifier.log" || tail -1 "$out/logs/classifier.log")"
fi

results="$out/results.tsv"
printf 'impl\tmodel\tdata\tseed\tname\tvalue\n' > "$results"

# The metrics of `dgm4j score` compared for each kind of data (the shared plan of issue 5).
metrics_of() {
  case "$1" in
    mnist10k) echo frechet_distance class_coverage class_entropy ;;
    25gaussians) echo modes_covered hq_fraction ;;
  esac
}

# score CSV DATA LOG: the same metrics for the samples of either side; stops when one is missing.
score() {
  local data_dir=() name
  [ "$2" = mnist10k ] && data_dir=(--data-dir "$DATA_DIR")
  "$dgm4j" score --samples "$1" --data "$2" "${data_dir[@]}" > "$3" 2>&1 \
    || fail "dgm4j score --samples $1 --data $2" "$3"
  for name in $(metrics_of "$2"); do
    grep -q "^$name: " "$3" || fail "dgm4j score (no '$name: value' line) for $1" "$3"
  done
}

# record IMPL MODEL DATA SEED SCORE_LOG STEPS_PER_SECOND: rows for the speed and for each metric of the data.
record() {
  local name
  printf '%s\t%s\t%s\t%s\tsteps_per_second\t%s\n' "$1" "$2" "$3" "$4" "$6" >> "$results"
  for name in $(metrics_of "$3"); do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$name" "$(sed -n "s/^$name: *//p" "$5" | head -1)" >> "$results"
  done
}

run_dgm4j() { # model data seed steps batch
  local m="$1" d="$2" s="$3" steps="$4" batch="$5"
  local run="$out/runs/$m-$d-$s" log="$out/logs/dgm4j-$m-$d-$s.log"
  local toy_opts=()
  if [ "$d" = 25gaussians ] && [ "$m" = wgan-gp ]; then toy_opts=(--opt "gp-weight=$TOY_GP_WEIGHT"); fi
  echo "dgm4j $m on $d, seed $s ..." >&2
  "$dgm4j" train --model "$m" --data "$d" --data-dir "$DATA_DIR" --steps "$steps" --batch-size "$batch" \
    --lr "$(lr_of "$m" "$d")" "${toy_opts[@]}" --seed "$s" --eval-every "$steps" --precision "$PRECISION" --threads "$THREADS" --out "$run" \
    > "$log" 2>&1 \
    || fail "dgm4j train --model $m --data $d" "$log"
  "$dgm4j" sample --run "$run" -n "$N_SAMPLES" --seed "$s" --threads "$THREADS" --out "$run/final-samples.csv" \
    >> "$log" 2>&1 || fail "dgm4j sample --run $run" "$log"
  score "$run/final-samples.csv" "$d" "$out/logs/score-dgm4j-$m-$d-$s.log"
  local sps
  sps="$("$PYTHON" -c "import json,sys; print(repr(json.load(open(sys.argv[1]))['optimisation_steps_per_second']))" "$run/summary.json")" \
    || fail "reading optimisation_steps_per_second from $run/summary.json" "$log"
  record dgm4j "$m" "$d" "$s" "$out/logs/score-dgm4j-$m-$d-$s.log" "$sps"
}

run_python() { # model data seed steps batch
  local m="$1" d="$2" s="$3" steps="$4" batch="$5"
  local json="$out/py/$m-$d-$s.json" csv="$out/py/$m-$d-$s-samples.csv" log="$out/logs/pytorch-$m-$d-$s.log"
  local toy_opts=()
  if [ "$d" = 25gaussians ] && [ "$m" = wgan-gp ]; then toy_opts=(--gp-weight "$TOY_GP_WEIGHT"); fi
  echo "pytorch $m on $d, seed $s ..." >&2
  "$PYTHON" "$ref" --model "$m" --data "$d" --data-dir "$DATA_DIR" --steps "$steps" --batch-size "$batch" \
    --lr "$(lr_of "$m" "$d")" "${toy_opts[@]}" --seed "$s" --precision "$PRECISION" --threads "$THREADS" --n "$N_SAMPLES" --samples "$csv" \
    --json "$json" \
    > "$log" 2>&1 || fail "the PyTorch reference ($m on $d)" "$log"
  score "$csv" "$d" "$out/logs/score-pytorch-$m-$d-$s.log"
  record pytorch "$m" "$d" "$s" "$out/logs/score-pytorch-$m-$d-$s.log" \
    "$("$PYTHON" -c "import json,sys; print(repr(json.load(open(sys.argv[1]))['steps_per_second']))" "$json")"
}

# Repeats are the outer loop and the two implementations alternate, so slow drifts in machine load hit both alike.
for ((r = FIRST_SEED; r < FIRST_SEED + REPEATS; r++)); do
  for c in $CONFIGS; do
    m="${c%%:*}" d="${c#*:}"
    if [ "$d" = mnist10k ]; then steps="$STEPS" batch=64; else steps="$TOY_STEPS" batch=256; fi
    run_dgm4j "$m" "$d" "$r" "$steps" "$batch"
    run_python "$m" "$d" "$r" "$steps" "$batch"
  done
done
load_after="$(load)"

torch_version="$("$PYTHON" -c 'import torch; print(torch.__version__)')"
java_version="$(java -version 2>&1 | head -1)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain -- src pom.xml bench/reference 2>/dev/null)" ]; then commit="$commit (+ local changes)"; fi
{
  echo "# GANs: dgm4j vs PyTorch"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), dgm4j commit $commit, $java_version, PyTorch $torch_version ($PYTHON)"
  echo
  machine_line
  echo "- load before: $load_before"
  echo "- load after:  $load_after"
  echo "- budget: mnist10k $STEPS critic steps at batch 64, 25gaussians $TOY_STEPS at batch 256, lr $TOY_LR and gradient-penalty"
  echo "  weight $TOY_GP_WEIGHT (WGAN-GP: one generator"
  echo "  step per 5 critic steps); $THREADS thread(s) each; seeds $FIRST_SEED..$((FIRST_SEED + REPEATS - 1)); $N_SAMPLES scored samples per run"
  echo "- precision of the training steps: $PRECISION on both sides (held-out metrics and the scored samples in fp32)"
  echo "- steps/s: dgm4j's optimisation_steps_per_second (the first steps included, its evaluation and checkpoint not);"
  echo "  PyTorch's loop after 20 warm-up steps"
  echo "- metrics: \`dgm4j score\` on both sides' samples; digit classifier: $classifier_line"
  if [ "$STEPS" -lt 500 ] || [ "$TOY_STEPS" -lt 8000 ] || [ "$REPEATS" -lt 2 ]; then
    echo
    echo "**Smoke-test settings: the verdicts below show the plumbing works, they are not a result.**"
  fi
  echo
  "$PYTHON" - "$results" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
LOWER_IS_BETTER = {"frechet_distance"}
configs = list(dict.fromkeys((r["model"], r["data"]) for r in rows))
for model, data in configs:
    values = {}
    for r in rows:
        if (r["model"], r["data"]) == (model, data):
            values.setdefault(r["name"], {}).setdefault(r["impl"], []).append(float(r["value"]))
    names = list(values)  # steps_per_second first, then the metrics in the order the script recorded them
    print(f"## {model} on {data}")
    print()
    print("| implementation | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    median = {}
    for impl in ("dgm4j", "pytorch"):
        cells = []
        for n in names:
            v = values[n].get(impl, [])
            median[(impl, n)] = statistics.median(v) if v else float("nan")
            cells.append(f"{median[(impl, n)]:.4g} ({min(v):.4g}-{max(v):.4g})" if len(v) > 1 else
                         f"{median[(impl, n)]:.4g}")
        print(f"| {impl} | " + " | ".join(cells) + " |")
    speed = median[("dgm4j", "steps_per_second")] / median[("pytorch", "steps_per_second")]
    verdicts = [f"speed dgm4j/PyTorch {speed:.2f}x ({'PASS' if speed >= 1.5 else 'FAIL'}, target >= 1.5x)"]
    for n in names[1:]:
        d, p = median[("dgm4j", n)], median[("pytorch", n)]
        no_worse = d <= p if n in LOWER_IS_BETTER else d >= p
        verdicts.append(f"{n} dgm4j - PyTorch {d - p:+.4g} ({'PASS' if no_worse else 'FAIL'}, "
                        f"{'lower' if n in LOWER_IS_BETTER else 'higher'} is better)")
    print()
    print("Medians over seeds (min-max in brackets). " + "; ".join(verdicts) + ".")
    print()
EOF
  echo "Raw figures: bench/out/gans-$PRECISION/results.tsv; run folders, the reference's samples and logs beside it."
} > "$md"
cat "$md"
