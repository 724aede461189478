#!/usr/bin/env bash
# Build step for torch4j's CUDA kernels, run by Maven (library/pom.xml): build.sh <classes dir>.
# Always copies the .cu sources and t4j.cuh into <classes dir>/dev/torch4j/cuda/ (CudaModules compiles them with
# NVRTC when no fatbin is there). When nvcc is found, also compiles each <name>.cu into <name>.fatbin next to them;
# a kernel that does not compile fails the build. Without nvcc it prints one line and succeeds.
# NVCC=/path/to/nvcc overrides the search; T4J_CUDA_GENCODE overrides the target list.
set -euo pipefail

if [ $# -ne 1 ]; then echo "usage: $0 <classes dir>" >&2; exit 2; fi
src="$(cd "$(dirname "$0")" && pwd)"
out="$1/dev/torch4j/cuda"
mkdir -p "$out"

shopt -s nullglob
sources=("$src"/*.cu)
cp -p "$src/t4j.cuh" "${sources[@]}" "$out/"

nvcc="${NVCC:-}"
if [ -z "$nvcc" ]; then
    for dir in "${CUDA_HOME:-}" "${CUDA_PATH:-}" /usr/local/cuda; do
        if [ -n "$dir" ] && [ -x "$dir/bin/nvcc" ]; then nvcc="$dir/bin/nvcc"; break; fi
    done
fi
if [ -z "$nvcc" ]; then nvcc="$(command -v nvcc || true)"; fi
if [ -z "$nvcc" ]; then
    echo "torch4j: nvcc not found, CUDA kernels not precompiled (NVRTC compiles them at run time)"
    exit 0
fi

# SASS for Ampere (sm_80; runs on sm_86/89 too) and Hopper, and compute_90 PTX that newer GPUs JIT. 45 s for all
# kernels on 2 idle cores (2026-11); should it pass 60 s, drop code=sm_80 for code=compute_80 PTX, which Ampere
# JITs at first load (then 30 s). CudaModules falls back to NVRTC when a GPU can use none of these.
gencode="${T4J_CUDA_GENCODE:--gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90}"

stale=()
for cu in "${sources[@]}"; do
    fatbin="$out/$(basename "$cu" .cu).fatbin"
    # stale when older than its source, the shared header, or this script (which holds the flags)
    if [ ! "$fatbin" -nt "$cu" ] || [ ! "$fatbin" -nt "$src/t4j.cuh" ] || [ ! "$fatbin" -nt "$src/build.sh" ]; then
        stale+=("$cu")
    fi
done
if [ ${#stale[@]} -eq 0 ]; then exit 0; fi

echo "torch4j: compiling ${#stale[@]} CUDA kernel file(s) with $nvcc"
start=$SECONDS
export nvcc out src gencode
# Each file goes to a temporary name first, so that a failed or interrupted compile never leaves a fatbin that
# looks up to date. xargs exits non-zero when any compile fails, which fails the build (set -e).
printf '%s\0' "${stale[@]}" | xargs -0 -n1 -P2 bash -c '
    name="$(basename "$1" .cu)"
    tmp="$out/.$name.fatbin.$$"
    # shellcheck disable=SC2086 # gencode is a list of flags
    if "$nvcc" -fatbin $gencode -O3 -I "$src" -o "$tmp" "$1"; then
        mv -f "$tmp" "$out/$name.fatbin"
    else
        rm -f "$tmp"
        echo "torch4j: nvcc failed on $1" >&2
        exit 1
    fi' _
echo "torch4j: CUDA kernels compiled in $((SECONDS - start)) s"
