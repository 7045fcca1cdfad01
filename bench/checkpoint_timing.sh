#!/usr/bin/env bash
# What a checkpoint costs: save and load of one and ten million float32 weights, one thread
# (bench/profile/CheckpointTiming.java). See bench/README.md.
# Usage: bench/checkpoint_timing.sh
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
"$root/bin/dgm4j" --version > /dev/null   # builds target/dgm4j.jar and target/lib when needed
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
exec java -XX:+UseSerialGC -cp "$root/target/dgm4j.jar:$root/target/lib/*" "$root/bench/profile/CheckpointTiming.java"
