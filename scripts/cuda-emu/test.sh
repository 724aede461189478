#!/usr/bin/env bash
# Runs the library's tests with a CUDA device present: the CPU emulator built by build.sh stands in for the driver,
# cuBLAS and NVRTC, so every CUDA test (op-table parity, memory, indexing, sort, ...) runs torch4j's real kernels
# and launch code on a machine without a GPU. Speed tests skip (RealGpu); everything else must pass.
#   scripts/cuda-emu/test.sh                       # the whole library suite, CUDA cases included
#   scripts/cuda-emu/test.sh -Dtest='Cuda*'        # extra Maven arguments pass through
# Environment: T4J_EMU_DEVICES (devices shown: 2 here, 1 by default in the libraries), T4J_EMU_MEMORY_MIB (per
# device, default 4096), T4J_EMU_TRACE=1 (print every launch), T4J_EMU_POISON=0 (do not fill new and freed memory
# with 0xff), T4J_EMU_REVERSE=1 (run each block's threads last to first between barriers: exposes missing ones).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/library/target/cuda-emu
"$here/build.sh" "$out"
export TORCH4J_CUDA_LIBS="$out"
export TORCH4J_CACHE="$out/cache" # the stand-in NVRTC's images stay apart from real cubins
export T4J_EMU_DEVICES=${T4J_EMU_DEVICES:-2} # two, so that the multi-device tests run too
cd "$root"
extra=()
for a in "$@"; do [[ $a == -Dtest=* ]] && extra=(-Dsurefire.failIfNoSpecifiedTests=false); done
exec ./mvnw -B -ntp -pl library test "${extra[@]}" "$@"
