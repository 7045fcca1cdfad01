# Sourced by the bench scripts: the machine line of their Markdown tables.
# OPENBLAS_CORETYPE is named because it decides the matrix-product kernels of both sides: this
# sandbox sets it to Haswell (AVX2), and on its Zen 5 CPU the 128x784 @ 784x400 product then takes
# 0.79 ms instead of the 0.44 ms of the AVX-512 kernels OpenBLAS picks itself (`env -u OPENBLAS_CORETYPE`).
machine_line() {
  local kernels="chosen by OpenBLAS"
  if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
    kernels="$OPENBLAS_CORETYPE (OPENBLAS_CORETYPE)"
  fi
  echo "- cores: $(nproc --all); CPU: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); OpenBLAS kernels: $kernels"
}
