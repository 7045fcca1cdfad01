#!/usr/bin/env bash
# Side-by-side benchmark: dgm4j RealNVP vs the PyTorch reference (bench/reference/realnvp_moons.py)
# on 2-D moons. Same points, same model, same optimiser; reports median training steps/s and
# held-out NLL. See bench/README.md.
#
# Usage: bench/realnvp_moons.sh [--steps N] [--repeats N] [--threads "1 2"]
#   or:  STEPS=3000 REPEATS=3 THREADS="1 2" bench/realnvp_moons.sh
# Other environment: PYTHON (default /usr/bin/python3), PY_OPENBLAS_THREADS (default 1, or
# "same" for the run's thread count), EVAL_EVERY (default 1000), DGM4J_JAVA_OPTS (to the JVM).
# Writes everything under bench/out/ (git-ignored); the table also goes to bench/out/realnvp_moons.md.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/machine.sh"
STEPS="${STEPS:-3000}"
REPEATS="${REPEATS:-3}"
THREADS="${THREADS:-1 2}"
EVAL_EVERY="${EVAL_EVERY:-1000}"
PYTHON="${PYTHON:-/usr/bin/python3}"
PY_OPENBLAS_THREADS="${PY_OPENBLAS_THREADS:-1}"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "realnvp_moons.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for v in STEPS REPEATS EVAL_EVERY; do
  if ! [[ "${!v}" =~ ^[1-9][0-9]*$ ]]; then echo "realnvp_moons.sh: $v must be a positive integer (got '${!v}')" >&2; exit 2; fi
done

# Fixed benchmark settings (both sides).
TRAIN_SIZE=10000 TEST_SIZE=2000 NOISE=0.05 SEED=0 BATCH=256 LR=1e-3
LAYERS=6 HIDDEN=128 DEPTH=2 ACTIVATION=relu
# dgm4j would hold out a share of a CSV's rows for its own validation; --test-fraction 0 trains on
# all 10000 points, like the reference. The held-out NLL of both sides is measured on the
# separate 2000-point test CSV.
DGM4J_TEST_FRACTION=0

dgm4j="$root/bin/dgm4j"
ref="$root/bench/reference/realnvp_moons.py"
out="$root/bench/out/realnvp_moons"
md="$root/bench/out/realnvp_moons.md"
mkdir -p "$out"
rm -rf "${out:?}"/runs "$out"/py "$out"/logs "$out"/train.csv "$out"/heldout.csv
mkdir -p "$out/runs" "$out/py" "$out/logs"

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "realnvp_moons.sh: $PYTHON cannot import torch; install Debian's PyTorch:" >&2
  echo "  apt-get install python3-torch libopenblas0-pthread   (then PYTHON=/usr/bin/python3)" >&2
  exit 1
fi

machine() {
  machine_line
}
load() { uptime | sed 's/^ *//'; }

echo "== machine"
machine
load_before="$(load)"
echo "- load before: $load_before"
echo

echo "== building dgm4j (not timed)"
"$dgm4j" --version

echo "== data: moons noise $NOISE seed $SEED, $TRAIN_SIZE train / $TEST_SIZE held-out"
train_csv="$out/train.csv" test_csv="$out/heldout.csv"
for split in train test; do
  f="$train_csv"; [ "$split" = test ] && f="$test_csv"
  "$dgm4j" data --data moons --split "$split" --seed "$SEED" --noise "$NOISE" \
    --train-size "$TRAIN_SIZE" --test-size "$TEST_SIZE" --out "$f"
done

results="$out/results.tsv"
printf 'impl\tthreads\trepeat\tsteps_per_second\tnll_nats\tbits_per_dim\n' > "$results"

run_dgm4j() { # threads repeat
  local t="$1" r="$2" dir="$out/runs/dgm4j-t$1-r$2" log="$out/logs/dgm4j-t$1-r$2.log"
  "$dgm4j" train --model realnvp --data "$train_csv" --test-fraction "$DGM4J_TEST_FRACTION" \
    --steps "$STEPS" --batch-size "$BATCH" --lr "$LR" --seed "$((SEED + r - 1))" \
    --layers "$LAYERS" --hidden "$HIDDEN" --depth "$DEPTH" --activation "$ACTIVATION" \
    --eval-every "$EVAL_EVERY" --threads "$t" --out "$dir" > "$log" 2>&1 \
    || { echo "dgm4j train failed, see $log:" >&2; tail -5 "$log" >&2; exit 1; }
  "$dgm4j" eval --run "$dir" --data "$test_csv" --json --threads "$t" > "$dir/heldout.json" 2>> "$log" \
    || { echo "dgm4j eval failed, see $log" >&2; exit 1; }
  "$PYTHON" - "$dir/summary.json" "$dir/heldout.json" "$t" "$r" >> "$results" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
print(f"dgm4j\t{sys.argv[3]}\t{sys.argv[4]}\t{s['optimisation_steps_per_second']!r}\t{e['nll_nats']!r}\t{e['bits_per_dim']!r}")
EOF
}

run_python() { # threads repeat
  local t="$1" r="$2" json="$out/py/python-t$1-r$2.json" log="$out/logs/python-t$1-r$2.log" blas="$PY_OPENBLAS_THREADS"
  [ "$blas" = same ] && blas="$t"
  OPENBLAS_NUM_THREADS="$blas" "$PYTHON" "$ref" --train "$train_csv" --test "$test_csv" \
    --steps "$STEPS" --batch-size "$BATCH" --lr "$LR" --seed "$((SEED + r - 1))" \
    --layers "$LAYERS" --hidden "$HIDDEN" --depth "$DEPTH" --activation "$ACTIVATION" \
    --threads "$t" --json "$json" > "$log" 2>&1 \
    || { echo "python reference failed, see $log:" >&2; tail -5 "$log" >&2; exit 1; }
  "$PYTHON" - "$json" "$t" "$r" >> "$results" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"python\t{sys.argv[2]}\t{sys.argv[3]}\t{s['steps_per_second']!r}\t{s['nll_nats']!r}\t{s['bits_per_dim']!r}")
EOF
}

# Repeats are the outer loop and the two implementations alternate, so slow drifts in machine
# load hit both sides alike instead of one configuration's whole block.
echo "== runs: STEPS=$STEPS REPEATS=$REPEATS THREADS='$THREADS' (logs in $out/logs)"
for r in $(seq 1 "$REPEATS"); do
  for t in $THREADS; do
    run_dgm4j "$t" "$r";  echo "  repeat $r threads $t dgm4j : $(tail -1 "$results" | cut -f4,5 | awk '{printf "%.1f steps/s, NLL %.4f", $1, $2}')"
    run_python "$t" "$r"; echo "  repeat $r threads $t python: $(tail -1 "$results" | cut -f4,5 | awk '{printf "%.1f steps/s, NLL %.4f", $1, $2}')"
  done
done
load_after="$(load)"
echo

torch_version="$("$PYTHON" -c 'import torch; print(torch.__version__)')"
java_version="$(java -version 2>&1 | head -1)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain -- src pom.xml bench/reference 2>/dev/null)" ]; then commit="$commit (+ local changes)"; fi

{
  echo "# RealNVP on moons: dgm4j vs PyTorch"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), dgm4j commit $commit, $java_version, PyTorch $torch_version ($PYTHON)"
  echo
  machine
  echo "- load before: $load_before"
  echo "- load after:  $load_after"
  echo
  echo "Settings: $STEPS steps, batch $BATCH, Adam lr $LR, training seed $SEED + repeat - 1 (so the NLL is a median over"
  echo "$REPEATS initialisations), $LAYERS couplings, s/t nets $DEPTH x $HIDDEN $ACTIVATION;"
  echo "moons noise $NOISE (data seed $SEED), $TRAIN_SIZE training points (all used: --test-fraction $DGM4J_TEST_FRACTION),"
  echo "held-out NLL on $TEST_SIZE separate points; dgm4j validates and checkpoints every $EVAL_EVERY steps;"
  echo "both sides time the optimisation steps alone (dgm4j: optimisation_steps_per_second);"
  echo "OpenBLAS threads: dgm4j 1 (launcher), Python $PY_OPENBLAS_THREADS."
  if [ "$STEPS" -lt 3000 ] || [ "$REPEATS" -lt 3 ]; then
    echo
    echo "**Smoke-test settings ($STEPS steps, $REPEATS repeat(s)): the verdicts below are not a result; the targets are judged at 3000 steps, 3 repeats, on an otherwise idle machine.**"
  fi
  echo
  "$PYTHON" - "$results" "$REPEATS" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
repeats = int(sys.argv[2])
groups = {}
for r in rows:
    groups.setdefault((r["impl"], int(r["threads"])), []).append(r)
med = {}
for key, rs in groups.items():
    sps = [float(r["steps_per_second"]) for r in rs]
    med[key] = dict(sps=statistics.median(sps), lo=min(sps), hi=max(sps),
                    nll=statistics.median(float(r["nll_nats"]) for r in rs),
                    nll_lo=min(float(r["nll_nats"]) for r in rs), nll_hi=max(float(r["nll_nats"]) for r in rs),
                    bpd=statistics.median(float(r["bits_per_dim"]) for r in rs))
print(f"| implementation | threads | steps/s (median of {repeats}) | min-max | held-out NLL (nats, median) | NLL min-max | bits/dim |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (impl, t) in sorted(med, key=lambda k: (k[0] != "dgm4j", k[1])):
    m = med[(impl, t)]
    print(f"| {impl} | {t} | {m['sps']:.1f} | {m['lo']:.1f}-{m['hi']:.1f} | {m['nll']:.4f} | {m['nll_lo']:.4f}-{m['nll_hi']:.4f} | {m['bpd']:.4f} |")
print()

def verdict(ratio, dnll):
    return ("PASS" if ratio >= 1.5 else "FAIL") + " / " + ("PASS" if dnll <= 0.05 else "FAIL")

print("| comparison | dgm4j steps/s | Python steps/s | dgm4j/Python | NLL dgm4j - Python (nats) | target >=1.5x / <=0.05 nats |")
print("|---|---:|---:|---:|---:|---|")
impls = {i for i, _ in med}
if {"dgm4j", "python"} <= impls:
    best = {i: max((k for k in med if k[0] == i), key=lambda k: med[k]["sps"]) for i in impls}
    d, p = med[best["dgm4j"]], med[best["python"]]
    print(f"| best of each (dgm4j {best['dgm4j'][1]} thr, Python {best['python'][1]} thr) | {d['sps']:.1f} | {p['sps']:.1f} "
          f"| {d['sps'] / p['sps']:.2f}x | {d['nll'] - p['nll']:+.4f} | {verdict(d['sps'] / p['sps'], d['nll'] - p['nll'])} |")
    for t in sorted({k[1] for k in med}):
        if ("dgm4j", t) in med and ("python", t) in med:
            d, p = med[("dgm4j", t)], med[("python", t)]
            print(f"| equal threads: {t} | {d['sps']:.1f} | {p['sps']:.1f} | {d['sps'] / p['sps']:.2f}x "
                  f"| {d['nll'] - p['nll']:+.4f} | {verdict(d['sps'] / p['sps'], d['nll'] - p['nll'])} |")
EOF
  echo
  echo "Raw figures: bench/out/realnvp_moons/results.tsv; run folders and logs beside it."
} > "$md"
cat "$md"
echo
echo "(written to $md)"
