#!/usr/bin/env bash
# Where a training step of the mnist10k MLP VAE spends its time in dgm4j (one thread): the step's
# phases and the dominant kernels in isolation (bench/profile/VaeStepProfile.java). See bench/README.md.
# Usage: bench/vae_step_profile.sh
set -euo pipefail
# -h/--help prints the comment at the top (usage, environment) instead of starting the runs.
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0; fi
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
"$root/bin/dgm4j" --version > /dev/null   # builds target/dgm4j.jar and target/lib when needed
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
# The collector bin/dgm4j picks.
exec java -XX:+UseSerialGC -cp "$root/target/dgm4j.jar:$root/target/lib/*" "$root/bench/profile/VaeStepProfile.java"
